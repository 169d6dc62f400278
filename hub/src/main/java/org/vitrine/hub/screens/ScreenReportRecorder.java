package org.vitrine.hub.screens;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenReport;
import org.vitrine.hub.ops.Counters;

/** Appends what screens report (proof of play, touches) to the Redis streams. */
public final class ScreenReportRecorder extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenReportRecorder.class);

  private final ScreenReportStore store;
  private final Counters counters;

  private final CatalogHolder catalog;

  public ScreenReportRecorder(ScreenReportStore store, CatalogHolder catalog, Counters counters) {
    this.catalog = catalog;
    this.store = store;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<ScreenReport>consumer(Addresses.SCREEN_REPORT, m -> record(m.body())).completion();
  }

  private void record(ScreenReport r) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("screen", r.screen());
    fields.put("content", r.content());
    boolean played = "played".equals(r.type());
    if (played) {
      fields.put("playId", r.playId());
      fields.put("startedAt", String.valueOf(r.startedAt()));
      fields.put("endedAt", String.valueOf(r.endedAt()));
      fields.put("reason", r.reason() == null ? "{\"kind\":\"playlist\"}" : Json.write(r.reason()));
    } else {
      fields.put("x", String.valueOf(r.x()));
      fields.put("y", String.valueOf(r.y()));
      fields.put("ts", String.valueOf(r.ts()));
    }
    counters.increment("screens." + r.type());
    if ("played".equals(r.type())) {
      vertx.eventBus().publish(Addresses.SCREEN_PLAYED, r); // analytics: plays, audience, conversion
    }
    if ("touch".equals(r.type())) {
      // a touch is a store event too: rules may react to it, the event log keeps it
      Screen screen = catalog.get().screen(r.screen()).orElse(null);
      vertx.eventBus().publish(Addresses.STORE_EVENT, new StoreEvent("touch", screen == null ? null : screen.zone(), null,
          null, r.screen(), null, r.content(), null, r.ts() == null ? System.currentTimeMillis() : r.ts(), null));
    }
    (played ? store.played(fields) : store.touched(fields)).onFailure(e -> LOG.warn("could not record {} from {}: {}", r.type(), r.screen(), e.toString()));
  }
}
