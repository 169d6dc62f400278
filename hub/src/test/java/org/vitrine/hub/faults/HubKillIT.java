package org.vitrine.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.redis.EmbeddedRedis;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.SightingLedger;
import org.vitrine.hub.support.StoredSightings;
import org.vitrine.hub.support.TestHub;

/**
 * kill -9 of the hub itself while a camera publishes: the hub runs as its own process (as
 * ./vitrine run starts it, with its embedded redis-server), Paho keeps the books, and after the
 * kill every sighting that was acknowledged must be in the sighting log of the redis-server the
 * hub left behind. Then a new hub starts on the same data and has them too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class HubKillIT {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The hub as a child process on the test's classpath, on the demo store's conf. */
  private static Process startHub(Path data, int http, int mqtt) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.vitrine.hub.Main");
    Map<String, String> env = pb.environment();
    env.put("VITRINE_CONF_DIR", TestHub.demoConf().toString());
    env.put("VITRINE_DATA_DIR", data.resolve("redis").toString());
    env.put("VITRINE_MEDIA_DIR", data.resolve("media").toString());
    env.put("VITRINE_TLS_DIR", data.resolve("tls").toString());
    env.put("VITRINE_HTTP_HOST", "127.0.0.1");
    env.put("VITRINE_MQTT_HOST", "127.0.0.1");
    env.put("VITRINE_HTTP_PORT", String.valueOf(http));
    env.put("VITRINE_MQTT_PORT", String.valueOf(mqtt));
    env.put("VITRINE_HTTPS_PORT", "-1");
    env.put("VITRINE_MQTTS_PORT", "-1");
    env.put("VITRINE_VOICE", "off");
    env.put("VITRINE_ADMIN_PASSWORD", "hub-kill-test-admin");
    pb.redirectErrorStream(true).redirectOutput(data.resolve("hub.out").toFile());
    Process p = pb.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("the hub exited with " + p.exitValue() + ": " + Files.readString(data.resolve("hub.out")));
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", mqtt)) {
        return p;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("the hub did not open MQTT within 60 s: " + Files.readString(data.resolve("hub.out")));
  }

  private static String redisUrl(Path data) throws Exception {
    Path dir = data.resolve("redis");
    return "redis://:" + EmbeddedRedis.password(dir) + "@127.0.0.1:" + Files.readString(dir.resolve(EmbeddedRedis.PORT_FILE)).trim();
  }

  @Test
  void killingTheHubUnderLoadLosesNothingAcknowledged(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("vitrine-hub-kill");
    int http = freePort();
    int mqtt = freePort();
    Process hub = startHub(data, http, mqtt);
    Process again = null;
    try {
      Set<String> acknowledged;
      try (SightingLedger cam = SightingLedger.connect(mqtt, "cam-entrance")) {
        cam.keepWalking("kill", 300, 1);
        // kill mid-stream once there is something to lose, however slow this machine's disk is today
        Eventually.value(() -> cam.acknowledged().size(), n -> n >= 300, Duration.ofSeconds(30));
        Thread.sleep(200);
        // WHEN the hub dies mid-stream
        hub.destroyForcibly(); // SIGKILL
        assertThat(hub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        cam.stopWalking(5);
        acknowledged = cam.acknowledged();
        Set<String> stored = StoredSightings.tracks(vertx, redisUrl(data));
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        System.out.printf("hub killed under load: %d sent, %d acknowledged, %d refused, %d unanswered, %d acknowledged but lost%n",
            cam.sent(), acknowledged.size(), cam.refused().size(), cam.unanswered().size(), lost.size());
        // THEN the redis-server it left behind has every acknowledged sighting
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
        assertThat(lost).as("acknowledged but not stored").isEmpty();
      }

      // AND a new hub on the same data (it stops the redis-server left behind and starts its own) has them
      again = startHub(data, http, mqtt);
      assertThat(StoredSightings.tracks(vertx, redisUrl(data))).containsAll(acknowledged);
      try (SightingLedger cam = SightingLedger.connect(mqtt, "cam-entrance")) {
        cam.publish("after-restart", 1);
        cam.stopWalking(10);
        assertThat(cam.acknowledged()).containsExactly("after-restart");
      }
    } finally {
      for (Process p : List.of(hub, again == null ? hub : again)) {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      EmbeddedRedis.running(data.resolve("redis")).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
