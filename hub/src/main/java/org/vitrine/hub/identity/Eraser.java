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


/**
 * "Forget me" in one call: removes the traces of a shopper ({@link ErasureStore.Erase}: the
 * visit, or everything with the loyalty profile), in Redis and in every verticle's memory. Order matters: Redis first (faces, consent and profile go, so no instance recognises
 * them again), then every instance forgets them ({@link ShopperErased}), then Redis once more,
 * because presence and decisions write behind asynchronously and a write issued just before the
 * forget may land on another pooled connection after the first pass.
 */
public final class Eraser {

  private static final Logger LOG = LoggerFactory.getLogger(Eraser.class);
  /** Long enough for write-behinds issued before the forget to reach Redis. */
  static final long SETTLE_MILLIS = 300;

  private final Vertx vertx;
  private final ErasureStore store;

  public Eraser(Vertx vertx, ErasureStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Everything, the loyalty profile too: what was removed, by kind (faces, consent, profile, presence, visits, caps, …). */
  public Future<Map<String, Long>> erase(String shopper) {
    return erase(shopper, ErasureStore.Erase.EVERYTHING);
  }

  /** What the visit collected and left, not the loyalty profile ("forget me" on the phone). */
  public Future<Map<String, Long>> eraseVisit(String shopper) {
    return erase(shopper, ErasureStore.Erase.VISIT);
  }

  private Future<Map<String, Long>> erase(String shopper, ErasureStore.Erase scope) {
    return store.eraseShopper(shopper, scope).compose(first -> {
      vertx.eventBus().publish(Addresses.SHOPPER_ERASED,
          new ShopperErased(shopper, System.currentTimeMillis(), scope == ErasureStore.Erase.EVERYTHING));
      return settle().compose(v -> store.eraseShopper(shopper, scope)).map(second -> {
        Map<String, Long> removed = new LinkedHashMap<>(first);
        second.forEach((k, n) -> removed.merge(k, n, Long::sum));
        LOG.info("{} erased on request ({}): removed {}", org.vitrine.hub.ops.LogText.safe(shopper),
            scope == ErasureStore.Erase.EVERYTHING ? "everything" : "the visit", removed);
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
