package org.vitrine.hub.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;

/**
 * Keeps presence: identified sightings in (from the IdentityVerticle), zone changes out. Redis ({@code vitrine:presence}) is written
 * behind each change; at start the tracker begins from the {@link PresenceView} (the stored presence), so a restarted hub knows who is
 * where.
 */
public final class PresenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);

  private final PresenceStore store;
  private final PresenceView view;
  private final Counters counters;
  private final PresenceTracker tracker;
  private final long sweepMillis;
  private final RateLimit warnings = new RateLimit(1000);

  public PresenceVerticle(PresenceStore store, PresenceView view, Counters counters, int silenceSeconds) {
    this.store = store;
    this.view = view;
    this.counters = counters;
    this.tracker = new PresenceTracker(silenceSeconds * 1000L);
    this.sweepMillis = Math.max(100, Math.min(1000, silenceSeconds * 250L));
  }

  @Override
  public Future<?> start() {
    view.all().forEach(tracker::restore);
    vertx.eventBus().<Sighting>consumer(Addresses.SIGHTING_IDENTIFIED, this::onSighting);
    vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> tracker.forget(m.body().shopper()));
    vertx.setPeriodic(sweepMillis, id -> sweep());
    return Future.succeededFuture();
  }

  private void onSighting(Message<Sighting> m) {
    Sighting s = m.body();
    long now = System.currentTimeMillis();
    vertx.eventBus().publish(Addresses.PRESENCE_SIGHTED, s); // analytics: anonymous tracks, last sightings
    if (!s.recognised()) {
      counters.increment("sightings.anonymous");
      store.countAnonymous(s.zone(), s.track(), now).onFailure(e -> redisFailed("anonymous count", e));
      return;
    }
    var change = tracker.sighted(s.shopper(), s.zone(), now, s.trace(), s.device());
    Whereabouts w = tracker.whereIs(s.shopper()).orElseThrow();
    change.ifPresent(c -> {
      vertx.eventBus().publish(Addresses.PRESENCE_CHANGED, c);
      if (c.from() == null) {
        store.countVisit(c.shopper()).onFailure(e -> redisFailed("visit count", e));
      }
      LOG.debug("{} → {} (from {})", c.shopper(), c.to(), c.from());
    });
    store.save(s.shopper(), w).onFailure(e -> redisFailed("presence write", e));
  }

  /** Counted every time, logged at most once a second per kind: an overloaded Redis must not flood the log. */
  private void redisFailed(String what, Throwable e) {
    counters.increment("redis.failed." + what.replace(' ', '-'));
    if (warnings.allow(what)) {
      LOG.warn("{} failed: {} (further failures this second are only counted)", what, e.toString());
    }
  }

  private void sweep() {
    for (ZoneChange gone : tracker.expire(System.currentTimeMillis())) {
      vertx.eventBus().publish(Addresses.PRESENCE_CHANGED, gone);
      store.remove(gone.shopper()).onFailure(e -> redisFailed("presence delete", e));
      LOG.debug("{} left {} (silence)", gone.shopper(), gone.from());
    }
  }
}
