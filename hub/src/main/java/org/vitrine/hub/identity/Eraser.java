package org.vitrine.hub.identity;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.redis.StoreRepository;

/**
 * "Forget me" in one call: removes every trace of a shopper, in Redis and in every verticle's
 * memory. Order matters: Redis first (faces, consent and profile go, so no instance recognises
 * them again), then every instance forgets them ({@link ShopperErased}), then Redis once more,
 * because presence and decisions write behind asynchronously and a write issued just before the
 * forget may land on another pooled connection after the first pass.
 */
public final class Eraser {

  private static final Logger LOG = LoggerFactory.getLogger(Eraser.class);
  /** Long enough for write-behinds issued before the forget to reach Redis. */
  static final long SETTLE_MILLIS = 300;

  private final Vertx vertx;
  private final StoreRepository repo;

  public Eraser(Vertx vertx, StoreRepository repo) {
    this.vertx = vertx;
    this.repo = repo;
  }

  /** What was removed, by kind (faces, consent, profile, presence, visits, caps, screenStates, proofOfPlay). */
  public Future<Map<String, Long>> erase(String shopper) {
    return repo.eraseShopper(shopper).compose(first -> {
      vertx.eventBus().publish(Addresses.SHOPPER_ERASED, new ShopperErased(shopper, System.currentTimeMillis()));
      return settle().compose(v -> repo.eraseShopper(shopper)).map(second -> {
        Map<String, Long> removed = new LinkedHashMap<>(first);
        second.forEach((k, n) -> removed.merge(k, n, Long::sum));
        LOG.info("{} erased on request: removed {}", shopper, removed);
        return removed;
      });
    });
  }

  private Future<Void> settle() {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(SETTLE_MILLIS, id -> p.complete());
    return p.future();
  }
}
