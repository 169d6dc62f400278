package org.vitrine.hub.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.ZoneChange;

/**
 * Feeds the {@link PresenceView}: the presence stored in Redis at start, then every zone change
 * and erasure. Deployed before everyone who reads the view at start.
 */
public final class PresenceFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceFeed.class);

  private final PresenceStore store;
  private final PresenceView view;

  public PresenceFeed(PresenceStore store, PresenceView view) {
    this.store = store;
    this.view = view;
  }

  @Override
  public Future<?> start() {
    return store.load().onSuccess(stored -> {
      view.restore(stored);
      if (!stored.isEmpty()) {
        LOG.info("presence restored from Redis: {} shopper(s) in the store", stored.size());
      }
      vertx.eventBus().<ZoneChange>consumer(Addresses.PRESENCE_CHANGED, m -> view.apply(m.body()));
      vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> view.forget(m.body().shopper()));
    });
  }
}
