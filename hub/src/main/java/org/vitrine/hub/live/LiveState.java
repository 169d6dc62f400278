package org.vitrine.hub.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.ops.RateLimit;

/**
 * Keeps what the console's live map starts from in Redis: what each screen shows now
 * ({@code vitrine:screen-now}) and the latest staff notices ({@code vitrine:notices}), so a console
 * opened later (or on another hub instance) sees the store as it is.
 */
public final class LiveState extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);
  private final LiveStore store;
  private final RateLimit warnings = new RateLimit(5000);

  public LiveState(LiveStore store) {
    this.store = store;
  }

  /** Latest ScreenNow per screen not yet written: written together once a second (a busy store changes thousands a second). */
  private final java.util.Map<String, ScreenNow> pending = new java.util.HashMap<>();
  /** The latest ScreenNow per screen seen here: the console's snapshot prefers it to Redis, which is up to a second behind. */
  private final java.util.Map<String, ScreenNow> latest = new java.util.concurrent.ConcurrentHashMap<>();

  public java.util.Map<String, ScreenNow> latest() {
    return latest;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<ScreenNow>localConsumer(Addresses.SCREEN_NOW, m -> {
      pending.put(m.body().screen(), m.body());
      latest.put(m.body().screen(), m.body());
    });
    vertx.setPeriodic(1000, id -> flushScreens());
    // "forget me": nothing naming them may still be written after the erasure
    vertx.eventBus().<org.vitrine.hub.events.ShopperErased>consumer(Addresses.SHOPPER_ERASED,
        m -> {
          pending.values().removeIf(n -> m.body().shopper().equals(n.shopper()));
          latest.values().removeIf(n -> m.body().shopper().equals(n.shopper()));
        });
    return vertx.eventBus().<StaffNotice>consumer(Addresses.STAFF_NOTIFY, m -> {
      LOG.info("staff notice: {}", m.body().text());
      warnOnFailure(store.addNotice(m.body()));
    }).completion();
  }

  private Future<?> flushScreens() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    java.util.Map<String, ScreenNow> screens = new java.util.HashMap<>(pending);
    pending.clear();
    return warnOnFailure(store.saveScreensNow(screens));
  }

  /** The last second's screen states are written before the hub closes Redis. */
  @Override
  public Future<?> stop() {
    return flushScreens().recover(e -> Future.succeededFuture());
  }

  private Future<?> warnOnFailure(Future<?> write) {
    return write.onFailure(e -> {
      if (warnings.allow("write")) {
        LOG.warn("live state write failed: {}", e.toString());
      }
    });
  }
}
