package org.vitrine.hub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.TestHub;

/** A visit in progress when the hub restarts is counted in full: its dwell starts when it began. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class AnalyticsRestartIT {

  @Test
  void aVisitThatSpansARestartCountsItsWholeDwell(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Path data = Files.createTempDirectory("vitrine-analytics-restart").resolve("redis");
    // GIVEN Anna came into apparel on the first hub
    TestHub first = TestHub.start(vertx, conf, data, 300);
    try (Camera aisle = Camera.demo(vertx, first.mqttPort(), "cam-apparel")) {
      aisle.sees("anna", "t-a", null);
      assertThat(Eventually.value(() -> first.hub.presenceStore().stored().await().getOrDefault("anna", ""),
          p -> p.contains("\"zone\":\"apparel\""))).contains("\"zone\":\"apparel\"");
    }
    long cameIn = System.currentTimeMillis();
    first.close();

    // WHEN the hub restarts, she is still seen in apparel, then walks to the cafe 4 s after she came in
    TestHub second = TestHub.start(vertx, conf, data, 300);
    try (Camera aisle = Camera.demo(vertx, second.mqttPort(), "cam-apparel");
         Camera cafe = Camera.demo(vertx, second.mqttPort(), "cam-cafe")) {
      Thread.sleep(Math.max(0, cameIn + 4000 - System.currentTimeMillis()));
      aisle.sees("anna", "t-a", null);
      Thread.sleep(200);
      cafe.sees("anna", "t-c", null);

      // THEN apparel's dwell table has her one visit, of at least the 4 s (it began on the first hub)
      Api viewer = Api.as(second.httpPort(), "viewer");
      LocalDate today = LocalDate.now(second.hub.catalog().get().timezone());
      String query = "/api/analytics/dwell?from=" + today.minusDays(1) + "&to=" + today;
      JsonObject apparel = Eventually.value(() -> apparelRow(viewer, query), row -> row.getLong("visits", 0L) > 0);
      assertThat(apparel.getLong("visits")).isEqualTo(1);
      assertThat(apparel.getDouble("averageSeconds")).isBetween(3.5, 30.0);
    } finally {
      second.close();
    }
  }

  private static JsonObject apparelRow(Api viewer, String query) {
    return viewer.get(query).json().getJsonArray("rows").stream().map(r -> (JsonObject) r)
        .filter(r -> "apparel".equals(r.getString("zone"))).findFirst().orElse(new JsonObject());
  }
}
