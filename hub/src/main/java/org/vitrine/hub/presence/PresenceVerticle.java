package org.vitrine.hub.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.redis.StoreRepository;

/**
 * Keeps presence: identified sightings in (from the IdentityVerticle), zone changes out. Redis ({@code vitrine:presence}) is written
 * behind each change and read back at start, so a restarted hub knows who is where.
 */
public final class PresenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);

  private final StoreRepository repo;
  private final Counters counters;
  private final PresenceTracker tracker;
  private final long sweepMillis;
  private final RateLimit warnings = new RateLimit(1000);

  public PresenceVerticle(StoreRepository repo, Counters counters, int silenceSeconds) {
    this.repo = repo;
    this.counters = counters;
    this.tracker = new PresenceTracker(silenceSeconds * 1000L);
    this.sweepMillis = Math.max(100, Math.min(1000, silenceSeconds * 250L));
  }

  @Override
  public Future<?> start() {
    return repo.loadPresence().onSuccess(stored -> {
      stored.forEach((shopper, json) -> tracker.restore(shopper, Json.read(json, Whereabouts.class)));
      if (!stored.isEmpty()) {
        LOG.info("presence restored from Redis: {} shopper(s) in the store", stored.size());
      }
      vertx.eventBus().<Sighting>consumer(Addresses.SIGHTING_IDENTIFIED, this::onSighting);
      vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> tracker.forget(m.body().shopper()));
      vertx.setPeriodic(sweepMillis, id -> sweep());
    });
  }

  private void onSighting(Message<Sighting> m) {
    Sighting s = m.body();
    long now = System.currentTimeMillis();
    vertx.eventBus().publish(Addresses.PRESENCE_SIGHTED, s); // analytics: anonymous tracks, last sightings
    if (!s.recognised()) {
      counters.increment("sightings.anonymous");
      repo.countAnonymous(s.zone(), s.track(), now).onFailure(e -> redisFailed("anonymous count", e));
      return;
    }
    var change = tracker.sighted(s.shopper(), s.zone(), now, s.trace(), s.device());
    Whereabouts w = tracker.whereIs(s.shopper()).orElseThrow();
    change.ifPresent(c -> {
      vertx.eventBus().publish(Addresses.PRESENCE_CHANGED, c);
      if (c.from() == null) {
        repo.countVisit(c.shopper()).onFailure(e -> redisFailed("visit count", e));
      }
      LOG.debug("{} → {} (from {})", c.shopper(), c.to(), c.from());
    });
    repo.savePresence(s.shopper(), Json.write(w)).onFailure(e -> redisFailed("presence write", e));
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
      repo.removePresence(gone.shopper()).onFailure(e -> redisFailed("presence delete", e));
      LOG.debug("{} left {} (silence)", gone.shopper(), gone.from());
    }
  }
}
