package org.vitrine.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/**
 * An operator's bad day: redis-server dies with kill -9 while shoppers walk and screens play.
 * The hub says DOWN with the reason, logs the outage once instead of a storm, keeps the screens
 * playing, starts the embedded redis-server again by itself and says UP; an external Redis that
 * comes back is reconnected to without help.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class RedisOutageIT {

  private static final String SCRAPE = "scrape-token-for-the-outage-test";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static JsonObject health(TestHub hub, boolean details) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/health"))
        .timeout(Duration.ofSeconds(5));
    if (details) {
      b.header("authorization", "Bearer " + SCRAPE);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject j = new JsonObject(r.body());
    j.put("httpStatus", r.statusCode());
    return j;
  }

  private static JsonObject healthQuietly(TestHub hub, boolean details) {
    try {
      return health(hub, details);
    } catch (Exception e) {
      return new JsonObject().put("status", "?").put("error", e.toString());
    }
  }

  private static List<ILoggingEvent> atLeast(ListAppender<ILoggingEvent> logs, Level level, String loggerPrefix) {
    List<ILoggingEvent> out = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(logs.list)) {
      if (e.getLevel().isGreaterOrEqual(level) && e.getLoggerName().startsWith(loggerPrefix)) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void aKilledEmbeddedRedisIsOneErrorLineHealthDownScreensKeepPlayingAndItComesBackByItself(Vertx vertx) throws Exception {
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30,
        c -> c.metrics.token = SCRAPE);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ROOT");
    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1").settled();
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      assertThat(health(hub, false).getString("status")).isEqualTo("UP");
      root.addAppender(logs);

      // WHEN redis-server dies while shoppers keep walking (a sighting every 50 ms)
      long pid = Long.parseLong(Files.readString(hub.dataDir.resolve("vitrine-redis.pid")).trim());
      try (AutoCloseable walking = cam.keepSeeing(50, "ben", "t-ben-outage", "chloe", "t-chloe-outage")) {
        Thread.sleep(300);
        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        // THEN health says DOWN with the reason, to everyone (503) and in detail to the scraper
        JsonObject down = Eventually.value(() -> healthQuietly(hub, true), h -> "DOWN".equals(h.getString("status")),
            Duration.ofSeconds(10));
        long downMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(down.getString("status")).isEqualTo("DOWN");
        assertThat(down.getInteger("httpStatus")).isEqualTo(503);
        assertThat(down.getJsonObject("redis").getString("reason")).contains("exited").contains("killed");
        JsonObject open = health(hub, false);
        assertThat(open.getString("status")).isIn("DOWN", "UP"); // it may be back already
        assertThat(open.fieldNames()).doesNotContain("redis", "counters");

        // AND it comes back by itself
        JsonObject up = Eventually.value(() -> healthQuietly(hub, true), h -> "UP".equals(h.getString("status")),
            Duration.ofSeconds(20));
        long upMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(up.getString("status")).isEqualTo("UP");
        assertThat(up.getJsonObject("redis").getLong("restarts")).isEqualTo(1L);
        System.out.printf("redis-server killed → health DOWN in %d ms → UP again in %d ms%n", downMillis, upMillis);
        Thread.sleep(500); // sightings keep flowing once it is back
      }

      // THEN the outage was one ERROR line and one INFO line, not a storm of warnings per feature
      List<ILoggingEvent> errors = atLeast(logs, Level.ERROR, "org.vitrine.hub.");
      assertThat(errors).extracting(ILoggingEvent::getFormattedMessage).hasSize(1)
          .allSatisfy(m -> assertThat(m).startsWith("Redis is DOWN"));
      List<String> warnings = atLeast(logs, Level.WARN, "org.vitrine.hub.").stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings).as("warnings during the outage").hasSizeLessThanOrEqualTo(3);
      assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage)).anyMatch(m -> m.startsWith("Redis is back UP after"));
      assertThat(logs.list.stream().filter(e -> e.getThrowableProxy() != null).toList()).as("stack traces").isEmpty();

      // AND the screen never lost its socket, and decisions work again: Anna in footwear gets her card
      assertThat(footwear.isClosed()).isFalse();
      try (Camera footCam = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
        footCam.sees("anna", "t-anna-after-outage", null);
        JsonObject play = footwear.next("play", Duration.ofSeconds(10));
        assertThat(play.getJsonObject("content").getString("id")).isEqualTo("trail-runner-card");
      }
    } finally {
      root.detachAppender(logs);
      hub.close();
    }
  }

  @Test
  void anExternalRedisThatComesBackIsReconnectedToWithoutHelp(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("vitrine-external-redis");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process redis = startRedis(dir, port);
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), dir.resolve("unused"), 30, c -> {
      c.redis.url = "redis://127.0.0.1:" + port;
      c.metrics.token = SCRAPE;
    });
    try {
      assertThat(health(hub, true).getString("status")).isEqualTo("UP");
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      JsonObject down = Eventually.value(() -> healthQuietly(hub, true), h -> "DOWN".equals(h.getString("status")),
          Duration.ofSeconds(10));
      assertThat(down.getJsonObject("redis").getString("reason")).contains("does not answer");
      // the store's own Redis comes back on its address (its operator restarted it)
      redis = startRedis(dir, port);
      JsonObject up = Eventually.value(() -> healthQuietly(hub, true), h -> "UP".equals(h.getString("status")),
          Duration.ofSeconds(15));
      assertThat(up.getString("status")).isEqualTo("UP");
      assertThat(up.getJsonObject("redis").getLong("restarts")).isZero();
      // and the store's state is there again (the catalog was kept in memory; Redis has it from its AOF)
      assertThat(org.vitrine.hub.support.Api.as(hub.httpPort(), "viewer").get("/api/zones").status()).isEqualTo(200);
    } finally {
      hub.close();
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Process startRedis(Path dir, int port) throws Exception {
    Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--appendonly", "yes", "--save", "").redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return p;
      } catch (java.io.IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("redis-server did not start on " + port);
  }
}
