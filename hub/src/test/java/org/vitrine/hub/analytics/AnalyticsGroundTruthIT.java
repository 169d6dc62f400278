package org.vitrine.hub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.ScriptedDay;
import org.vitrine.hub.support.TestHub;

/**
 * A scripted store day with known ground truth is played into a real hub: cameras and a shelf over
 * real MQTT, screens over real WebSockets reporting proof of play, the voice and check-in store
 * events. Every figure of every analytics table equals what the script says, exactly.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class AnalyticsGroundTruthIT {

  @Test
  void everyFigureOfEveryTableEqualsTheScriptedDay(Vertx vertx) throws Exception {
    ScriptedDay day = new ScriptedDay();
    try (TestHub hub = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"),
        ScriptedDay.SILENCE_SECONDS, c -> {
          c.analytics.dwellBucketsSeconds = ScriptedDay.DWELL_BOUNDS;
          c.analytics.conversionWindowSeconds = ScriptedDay.CONVERSION_WINDOW_SECONDS;
        })) {
      Catalog catalog = hub.hub.catalog().get();
      ZoneId tz = catalog.timezone();
      // GIVEN a store day played in real time (seconds for minutes), inside one store hour
      long t0 = day.safeStart(tz);
      day.play(vertx, hub, t0);
      Thread.sleep(Math.max(0, t0 + day.endMillis() - System.currentTimeMillis()));

      // WHEN a viewer asks every table for that day
      Api viewer = Api.as(hub.httpPort(), "viewer");
      String date = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(t0), tz).toString();
      Map<String, List<Map<String, Object>>> expected = day.expected(t0, tz, zoneOrder(catalog), zoneNames(catalog),
          titles(catalog), screenNames(catalog));

      // THEN each table's rows equal the ground truth
      for (String table : AnalyticsQueries.TABLES) {
        Api.Answer a = viewer.get("/api/analytics/" + table + "?from=" + date + "&to=" + date);
        assertThat(a.status()).as("%s: %s", table, a).isEqualTo(200);
        JsonObject body = a.json();
        assertThat(body.getString("timezone")).isEqualTo(tz.getId());
        JsonArray rows = body.getJsonArray("rows");
        JsonArray truth = new JsonArray(Json.write(expected.get(table)));
        System.out.println(table + ": " + rows.encode());
        if (table.equals("engagement") || table.equals("conversion")) {
          assertThat(rows.getList()).as(table).containsExactlyInAnyOrderElementsOf(truth.getList());
        } else {
          assertThat(rows.getList()).as(table).containsExactlyElementsOf(truth.getList());
        }
        // AND the CSV export has the same table: the column keys, then one line per row
        Api.Answer csv = viewer.get("/api/analytics/" + table + "?from=" + date + "&to=" + date + "&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\r?\n");
        List<String> keys = new ArrayList<>();
        body.getJsonArray("columns").forEach(c -> keys.add(((JsonObject) c).getString("key")));
        assertThat(lines[0]).isEqualTo(String.join(",", keys));
        assertThat(lines).hasSize(rows.size() + 1);
      }

      // AND a day without events is empty, and a wrong range is a 400 naming the field
      String before = LocalDate.parse(date).minusDays(3).toString();
      assertThat(viewer.get("/api/analytics/plays?from=" + before + "&to=" + before).json().getJsonArray("rows")).isEmpty();
      Api.Answer wrong = viewer.get("/api/analytics/plays?from=" + date + "&to=" + before);
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.json().getJsonArray("problems").getJsonObject(0).getString("field")).isEqualTo("to");
      assertThat(viewer.get("/api/analytics/plays?from=yesterday").status()).isEqualTo(400);
    }
  }

  static List<String> zoneOrder(Catalog c) {
    return c.zones().stream().map(z -> z.id()).toList();
  }

  static Map<String, String> zoneNames(Catalog c) {
    Map<String, String> m = new HashMap<>();
    c.zones().forEach(z -> m.put(z.id(), z.name()));
    return m;
  }

  static Map<String, String> titles(Catalog c) {
    Map<String, String> m = new HashMap<>();
    c.contentItems().forEach(i -> m.put(i.id(), i.title()));
    return m;
  }

  static Map<String, String> screenNames(Catalog c) {
    Map<String, String> m = new HashMap<>();
    c.screens().forEach(s -> m.put(s.id(), s.name()));
    return m;
  }
}
