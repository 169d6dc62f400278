package org.vitrine.hub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenReport;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.TestHub;

/** The raw event log keeps only the retention; the daily aggregates stay (and survive a restart). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class AnalyticsRetentionIT {

  private static final long DAY = 86_400_000L;

  @Test
  void eventsOlderThanTheRetentionAreGoneWhileTheirAggregatesRemain(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("vitrine-data").resolve("redis");
    Consumer<HubConfig> oneDay = c -> c.eventLog.retentionDays = 1;
    long now = System.currentTimeMillis();
    long old = now - 3 * DAY;
    LocalDate oldDay;
    LocalDate today;
    try (TestHub hub = TestHub.start(vertx, TestHub.demoConf(), data, 30, oneDay)) {
      ZoneId tz = hub.hub.catalog().get().timezone();
      oldDay = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(old), tz);
      today = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), tz);
      Redis redis = hub.hub.redis();
      // GIVEN three days ago the log got a play and two touches (stream ids = their time, as appends make them) …
      for (int i = 0; i < 2; i++) {
        send(redis, Request.cmd(Command.XADD).arg("vitrine:events").arg((old + i) + "-0").arg("type").arg("touch")
            .arg("zone").arg("apparel").arg("screen").arg("apparel-1").arg("product").arg("new-season").arg("at").arg(old + i));
      }
      send(redis, Request.cmd(Command.XADD).arg("vitrine:proof-of-play").arg(old + "-0").arg("screen").arg("apparel-1")
          .arg("content").arg("new-season").arg("startedAt").arg(old).arg("endedAt").arg(old + 8000));
      // … and the analytics recorded them as they happened
      vertx.eventBus().publish(Addresses.STORE_EVENT, new StoreEvent("touch", "apparel", null, null, "apparel-1", null,
          "new-season", null, old, null));
      vertx.eventBus().publish(Addresses.STORE_EVENT, new StoreEvent("touch", "apparel", null, null, "apparel-1", null,
          "new-season", null, old + 1, null));
      vertx.eventBus().publish(Addresses.SCREEN_PLAYED, new ScreenReport("played", "apparel-1", "new-season", null, old,
          old + 8000, Map.of("kind", "playlist"), null, null, null));
      // AND today a shopper walked in (live, over MQTT)
      try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
        cam.sees("anna", "t-anna", null);
      }
      waitFor(() -> xlen(redis, "vitrine:events") >= 5, "live events logged");
      assertThat(count(redis, "vitrine:events", "-", String.valueOf(now - DAY))).isEqualTo(2);
    }

    // WHEN the hub starts again (the retention is applied at start and every hour)
    try (TestHub hub = TestHub.start(vertx, TestHub.demoConf(), data, 30, oneDay)) {
      Redis redis = hub.hub.redis();
      // THEN nothing older than the retention is left in the raw logs
      assertThat(count(redis, "vitrine:events", "-", String.valueOf(System.currentTimeMillis() - DAY))).isZero();
      assertThat(count(redis, "vitrine:proof-of-play", "-", String.valueOf(System.currentTimeMillis() - DAY))).isZero();
      // AND today's events are still there
      assertThat(xlen(redis, "vitrine:events")).isGreaterThanOrEqualTo(3);
      // AND the old day's aggregates remain, with the long expiry of aggregates
      Api viewer = Api.as(hub.httpPort(), "viewer");
      JsonArray plays = viewer.get("/api/analytics/plays?from=" + oldDay + "&to=" + oldDay).json().getJsonArray("rows");
      assertThat(plays).hasSize(1);
      assertThat(plays.getJsonObject(0).getLong("plays")).isEqualTo(1);
      assertThat(plays.getJsonObject(0).getDouble("seconds")).isEqualTo(8.0);
      JsonArray touches = viewer.get("/api/analytics/engagement?from=" + oldDay + "&to=" + oldDay).json().getJsonArray("rows");
      assertThat(touches.getJsonObject(0).getString("kind")).isEqualTo("touch");
      assertThat(touches.getJsonObject(0).getLong("count")).isEqualTo(2);
      long ttl = send(redis, Request.cmd(Command.TTL).arg(StatsKeys.day(oldDay, StatsKeys.PLAYS))).toLong();
      assertThat(ttl).isGreaterThan(390 * 86_400L);
      // AND so do today's
      JsonArray footfall = viewer.get("/api/analytics/footfall?from=" + today + "&to=" + today).json().getJsonArray("rows");
      assertThat(footfall.getJsonObject(0).getString("zone")).isEqualTo("entrance");
      assertThat(footfall.getJsonObject(0).getLong("recognisedEntries")).isEqualTo(1);
    }
  }

  private static Response send(Redis redis, Request r) {
    return redis.send(r).await();
  }

  private static long xlen(Redis redis, String stream) {
    return send(redis, Request.cmd(Command.XLEN).arg(stream)).toLong();
  }

  private static long count(Redis redis, String stream, String from, String to) {
    return send(redis, Request.cmd(Command.XRANGE).arg(stream).arg(from).arg(to)).size();
  }

  private static void waitFor(java.util.function.BooleanSupplier ok, String what) throws InterruptedException {
    for (int i = 0; i < 100 && !ok.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(ok.getAsBoolean()).as(what).isTrue();
  }
}
