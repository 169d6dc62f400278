package org.vitrine.hub.analytics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenReport;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.VoiceOrder;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.presence.PresenceView;
import org.vitrine.hub.presence.Whereabouts;

/**
 * Keeps the store's analytics as events happen: adds each event to the daily aggregates
 * ({@link StatsKeys}) so a report over months reads a few small hashes, never the raw log.
 *
 * <ul>
 *   <li>footfall: recognised entries (zone changes) and anonymous tracks new in a zone, per zone and hour;
 *       unique visitors per zone and day (HyperLogLogs of salted shopper hashes and of track ids),</li>
 *   <li>dwell: a visit lasts from the first to the last sighting in the zone (whole seconds), in buckets,</li>
 *   <li>journeys: zone → zone moves of recognised shoppers (and into / out of the store),</li>
 *   <li>plays: per content item and screen, count, seconds, audience (people whose visit to the
 *       screen's zone overlaps the play: recognised shoppers + anonymous tracks), by kind,</li>
 *   <li>engagement: touches per screen and content, voice queries per zone and intent, check-ins, pickups, orders,</li>
 *   <li>conversion: {@link Conversions}.</li>
 * </ul>
 * Listens with local consumers only: each event is produced on exactly one hub instance, so with
 * several instances each is counted once. Visits live in memory (per instance), nothing of a
 * shopper's id reaches Redis.
 */
public final class AnalyticsRecorder extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsRecorder.class);
  /** Finished visits are kept this long for the audience of plays reported late. */
  private static final long VISITS_KEPT_MILLIS = 6 * 3600_000L;

  private final StatsWriter stats;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final DwellBuckets buckets;
  private final long silenceMillis;
  private final Visits visits = new Visits(VISITS_KEPT_MILLIS);
  private final Conversions conversions;
  private final RateLimit warnings = new RateLimit(1000);
  private final PresenceView presence;

  /**
   * @param presence who is where at start (the stored presence): visits in progress when the hub
   *                 restarted go on being counted (dwell, audience)
   */
  public AnalyticsRecorder(StatsWriter stats, CatalogHolder catalog, Counters counters, DwellBuckets buckets,
      int silenceSeconds, int conversionWindowSeconds, PresenceView presence) {
    this.presence = presence;
    this.stats = stats;
    this.catalog = catalog;
    this.counters = counters;
    this.buckets = buckets;
    this.silenceMillis = silenceSeconds * 1000L;
    this.conversions = new Conversions(conversionWindowSeconds * 1000L);
  }

  @Override
  public Future<?> stop() {
    return stats.flush();
  }

  @Override
  public Future<?> start() {
    // the salt first: no shopper is hashed without it
    return stats.start()
        .onSuccess(v -> resumeVisits(presence.all()))
        .onSuccess(v -> listen());
  }

  /**
   * Recognised shoppers still in a zone when the hub (re)started: their visit goes on from when it
   * began, so its dwell and the audiences it is part of count in full. Those already silent for
   * longer than the timeout are about to leave (presence's sweep) and are not resumed.
   */
  private void resumeVisits(Map<String, Whereabouts> stored) {
    long now = System.currentTimeMillis();
    int resumed = 0;
    for (var e : stored.entrySet()) {
      Whereabouts w = e.getValue();
      if (w.zone() != null && now - w.lastSeen() <= silenceMillis) {
        String person = recognised(e.getKey());
        visits.start(person, w.zone(), w.since(), false);
        visits.seen(person, w.zone(), w.lastSeen());
        resumed++;
      }
    }
    if (resumed > 0) {
      LOG.info("analytics: {} visit(s) in progress resumed from the stored presence", resumed);
    }
  }

  private void listen() {
    var bus = vertx.eventBus();
    bus.<ZoneChange>localConsumer(Addresses.PRESENCE_CHANGED, m -> onZoneChange(m.body()));
    bus.<Sighting>localConsumer(Addresses.PRESENCE_SIGHTED, m -> onSighting(m.body(), System.currentTimeMillis()));
    bus.<ScreenReport>localConsumer(Addresses.SCREEN_PLAYED, m -> onPlayed(m.body()));
    bus.<StoreEvent>localConsumer(Addresses.STORE_EVENT, m -> onStoreEvent(m.body()));
    bus.<VoiceOrder>localConsumer(Addresses.VOICE_ORDER, m -> onOrder(m.body()));
    bus.<ShopperErased>localConsumer(Addresses.SHOPPER_ERASED, m -> visits.forget(recognised(m.body().shopper())));
    vertx.setPeriodic(Math.max(100, Math.min(1000, silenceMillis / 4)), id -> endSilentTracks());
  }

  private static String recognised(String shopper) {
    return "s:" + shopper;
  }

  private void onZoneChange(ZoneChange c) {
    String person = recognised(c.shopper());
    StatsWriter.Batch b = stats.batch();
    if (c.from() != null) {
      visits.end(person).ifPresent(v -> dwell(b, v));
      b.add(c.at(), StatsKeys.JOURNEYS, StatsKeys.field(c.from(), c.to() == null ? StatsKeys.OUTSIDE : c.to()), 1);
    } else if (c.to() != null) {
      b.add(c.at(), StatsKeys.JOURNEYS, StatsKeys.field(StatsKeys.OUTSIDE, c.to()), 1);
    }
    if (c.to() != null) {
      visits.start(person, c.to(), c.at(), false);
      int hour = StatsKeys.hourOf(c.at(), stats.timezone());
      b.add(c.at(), StatsKeys.FOOTFALL, StatsKeys.field(c.to(), hour, "r"), 1);
      String pseudonym = stats.pseudonym(c.shopper());
      b.unique(StatsKeys.recognised(stats.day(c.at()), c.to()), pseudonym);
      b.unique(StatsKeys.recognised(stats.day(c.at()), null), pseudonym);
    }
    write(b, "zone change");
  }

  private void onSighting(Sighting s, long now) {
    if (s.shopper() != null) {
      visits.seen(recognised(s.shopper()), s.zone(), now);
      return;
    }
    String person = "t:" + s.device() + "/" + s.track();
    if (visits.openVisit(person).isPresent()) {
      visits.seen(person, s.zone(), now);
      return;
    }
    visits.start(person, s.zone(), now, true);
    int hour = StatsKeys.hourOf(now, stats.timezone());
    write(stats.batch()
        .add(now, StatsKeys.FOOTFALL, StatsKeys.field(s.zone(), hour, "a"), 1)
        .unique(StatsKeys.anonymous(stats.day(now), s.zone()), person.substring(2)), "anonymous entry");
  }

  private void endSilentTracks() {
    List<Visits.Visit> ended = visits.endSilent(System.currentTimeMillis(), silenceMillis);
    if (!ended.isEmpty()) {
      StatsWriter.Batch b = stats.batch();
      ended.forEach(v -> dwell(b, v));
      write(b, "dwell");
    }
  }

  private void dwell(StatsWriter.Batch b, Visits.Visit v) {
    long seconds = Math.round(v.millis() / 1000.0);
    b.add(v.since, StatsKeys.DWELL, StatsKeys.field(v.zone, "visits"), 1);
    b.add(v.since, StatsKeys.DWELL, StatsKeys.field(v.zone, "seconds"), seconds);
    b.add(v.since, StatsKeys.DWELL, StatsKeys.field(v.zone, buckets.keys().get(buckets.of(seconds))), 1);
  }

  private void onPlayed(ScreenReport r) {
    if (r.startedAt() == null || r.endedAt() == null || r.content() == null) {
      return;
    }
    Screen screen = catalog.get().screen(r.screen()).orElse(null);
    String zone = screen == null ? null : screen.zone();
    String content = contentKey(r.content());
    long start = r.startedAt();
    long end = r.endedAt();
    String kind = kind(r.reason());
    int audience = zone == null ? 0 : visits.audience(zone, start, end);
    StatsWriter.Batch b = stats.batch()
        .add(start, StatsKeys.PLAYS, StatsKeys.field(content, r.screen(), "plays"), 1)
        .add(start, StatsKeys.PLAYS, StatsKeys.field(content, r.screen(), "ms"), end - start)
        .add(start, StatsKeys.PLAYS, StatsKeys.field(content, r.screen(), "audience"), audience)
        .add(start, StatsKeys.PLAYS, StatsKeys.field(content, r.screen(), kind), 1);
    if (zone != null) {
      // a rule's play goes to every screen of the zone with one playId: one showing for conversion
      String key = r.playId() == null ? null : r.playId();
      conversions.shown(zone, content, key, start, end, System.currentTimeMillis())
          .forEach(i -> b.add(i.at(), StatsKeys.CONVERSION, i.field(), 1));
    }
    write(b, "play");
  }

  /** Content the hub makes per spoken request ("voice-products-17") is counted by its kind ("voice-products"). */
  static String contentKey(String content) {
    return content.startsWith("voice-") ? content.replaceFirst("^(voice-[a-z]+).*$", "$1") : content;
  }

  private static String kind(Map<String, Object> reason) {
    Object k = reason == null ? null : reason.get("kind");
    return "rule".equals(k) || "voice".equals(k) ? (String) k : "playlist";
  }

  private void onStoreEvent(StoreEvent e) {
    String field = switch (e.type()) {
      case "touch" -> StatsKeys.field("touch", e.screen(), e.product() == null ? "" : contentKey(e.product()));
      case "voice" -> StatsKeys.field("voice", e.zone(), e.intent());
      case "checkin" -> StatsKeys.field("checkin", e.zone());
      case "pickup" -> StatsKeys.field("pickup", e.zone(), e.product());
      default -> null;
    };
    if (field != null) {
      write(stats.batch().add(e.at(), StatsKeys.ENGAGEMENT, field, 1), e.type());
    }
  }

  private void onOrder(VoiceOrder o) {
    StatsWriter.Batch b = stats.batch().add(o.confirmedAt(), StatsKeys.ENGAGEMENT, StatsKeys.field("order", o.zone()), 1);
    conversions.ordered(o.zone(), o.id(), o.confirmedAt(), System.currentTimeMillis())
        .forEach(i -> b.add(i.at(), StatsKeys.CONVERSION, i.field(), 1));
    write(b, "order");
  }

  private void write(StatsWriter.Batch b, String what) {
    counters.increment("analytics.recorded");
    b.send().onFailure(e -> {
      counters.increment("analytics.failed");
      if (warnings.allow(what)) {
        LOG.warn("analytics: {} not recorded: {}", what, e.toString());
      }
    });
  }
}
