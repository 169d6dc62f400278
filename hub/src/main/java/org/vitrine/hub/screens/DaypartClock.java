package org.vitrine.hub.screens;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.PlaylistChanged;

/**
 * Dayparts change what screens loop at given hours ("breakfast" 07:00–11:00): every few seconds
 * the zones whose current daypart differs from the last one seen get their playlist again.
 */
public final class DaypartClock extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DaypartClock.class);

  private final CatalogHolder catalog;
  private final Clock clock;
  private final long periodMillis;
  private final Map<String, String> current = new HashMap<>();

  public DaypartClock(CatalogHolder catalog, Clock clock, long periodMillis) {
    this.catalog = catalog;
    this.clock = clock;
    this.periodMillis = periodMillis;
  }

  @Override
  public Future<?> start() {
    changedZones(catalog.get(), current, ZonedDateTime.now(clock.withZone(catalog.get().timezone())));
    vertx.setPeriodic(periodMillis, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    Catalog c = catalog.get();
    for (String zone : changedZones(c, current, ZonedDateTime.now(clock.withZone(c.timezone())))) {
      LOG.info("zone {}: daypart now {}", zone, Objects.requireNonNullElse(current.get(zone), "(default items)"));
      c.screensIn(zone).forEach(s -> vertx.eventBus().publish(Addresses.screen(s.id()), new PlaylistChanged(zone)));
    }
  }

  /** The zones whose daypart at {@code now} differs from {@code seen}; {@code seen} is updated. */
  static List<String> changedZones(Catalog c, Map<String, String> seen, ZonedDateTime now) {
    List<String> changed = new ArrayList<>();
    for (Zone z : c.zones()) {
      String daypart = c.playlist(z.id()).map(p -> p.daypartAt(now)).orElse(null);
      boolean known = seen.containsKey(z.id());
      String before = seen.put(z.id(), daypart == null ? "" : daypart);
      if (known && !Objects.equals(before, daypart == null ? "" : daypart)) {
        changed.add(z.id());
      }
    }
    return changed;
  }

}
