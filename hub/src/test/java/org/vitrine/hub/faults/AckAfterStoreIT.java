package org.vitrine.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.SightingLedger;
import org.vitrine.hub.support.StoredSightings;
import org.vitrine.hub.support.TestHub;

/**
 * A camera's sighting is acknowledged only once the hub has stored it: Paho's books (acknowledged,
 * refused, unanswered) are compared with the sighting log in Redis. While Redis is down a publish
 * is refused (MQTT 5: reason 0x80; 3.1.1, which has no refusal: the connection is closed so the
 * client sends it again), never acknowledged and dropped; redis-server killed under load loses
 * nothing that was acknowledged.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class AckAfterStoreIT {

  private static final String SCRAPE = "scrape-token-for-the-ack-test";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static String status(TestHub hub) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/health"))
          .header("authorization", "Bearer " + SCRAPE).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return new JsonObject(r.body()).getString("status");
    } catch (Exception e) {
      return "?";
    }
  }

  @Test
  void aSightingIsAcknowledgedOnceStoredAndRefusedWhileRedisIsDown(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("vitrine-ack-redis");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "redis://127.0.0.1:" + port;
    Process redis = startRedis(dir, port);
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), dir.resolve("unused"), 30, c -> {
      c.redis.url = url;
      c.metrics.token = SCRAPE;
    });
    try (SightingLedger cam = SightingLedger.connect(hub.mqttPort(), "cam-entrance")) {
      // GIVEN Redis is up: QoS 1 and QoS 2 sightings are acknowledged, each one stored
      Set<String> before = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        cam.publish("up-" + i, i % 5 == 0 ? 2 : 1);
        before.add("up-" + i);
      }
      cam.stopWalking(15);
      assertThat(cam.acknowledged()).containsExactlyInAnyOrderElementsOf(before);
      assertThat(StoredSightings.tracks(vertx, url)).containsAll(cam.acknowledged());

      // WHEN Redis dies and stays down
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Eventually.value(() -> status(hub), "DOWN"::equals, Duration.ofSeconds(10));

      // THEN an MQTT 5 publish is refused with 0x80, QoS 1 and QoS 2 alike, and nothing is acknowledged
      for (int i = 0; i < 10; i++) {
        cam.publish("down-" + i, i % 2 == 0 ? 1 : 2);
      }
      cam.stopWalking(15);
      assertThat(cam.refused()).hasSize(10);
      assertThat(cam.acknowledged()).noneMatch(t -> t.startsWith("down-"));
      assertThat(cam.connected()).as("a refusal keeps the MQTT 5 connection").isTrue();

      // AND an MQTT 3.1.1 client, which has no refusal, gets no PUBACK: the hub closes the connection
      var v311 = com.hivemq.client.mqtt.mqtt3.Mqtt3Client.builder().identifier("v311-down").serverHost("127.0.0.1")
          .serverPort(hub.mqttPort()).buildBlocking();
      v311.connectWith().simpleAuth().username("cam-entrance").password("demo-cam-entrance".getBytes()).applySimpleAuth().send();
      assertThatThrownBy(() -> v311.publishWith().topic("vitrine/v1/devices/cam-entrance/sightings")
          .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
          .payload(("{\"v\":1,\"ts\":" + System.currentTimeMillis() + ",\"track\":\"v311-down\"}").getBytes()).send())
          .as("HiveMQ's 3.1.1 publish without a PUBACK")
          // a clean session ends with its connection: HiveMQ fails what had no PUBACK (a kept session would send it again)
          .isInstanceOf(com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException.class)
          .hasMessageContaining("connection was closed");

      // WHEN Redis is back: acknowledged and stored again; what was refused was not stored behind the device's back
      redis = startRedis(dir, port);
      Eventually.value(() -> status(hub), "UP"::equals, Duration.ofSeconds(15));
      for (int i = 0; i < 20; i++) {
        cam.publish("back-" + i, 1);
      }
      cam.stopWalking(15);
      Set<String> stored = StoredSightings.tracks(vertx, url);
      assertThat(cam.acknowledged()).filteredOn(t -> t.startsWith("back-")).hasSize(20);
      assertThat(stored).containsAll(cam.acknowledged());
      assertThat(stored).doesNotContain("v311-down");
    } finally {
      hub.close();
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void redisKilledUnderLoadLosesNothingAcknowledged(Vertx vertx) throws Exception {
    // appendfsync always: the test must hold on a busy CI disk too (everysec may postpone the AOF write
    // while an fsync is slow; the bench measures everysec)
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30, c -> {
      c.metrics.token = SCRAPE;
      c.redis.fsync = "always";
    });
    try (SightingLedger cam = SightingLedger.connect(hub.mqttPort(), "cam-entrance")) {
      long pid = Long.parseLong(Files.readString(hub.dataDir.resolve("vitrine-redis.pid")).trim());
      cam.keepWalking("load", 150, 1);
      // kill mid-stream once there is something to lose, however slow this machine is today
      Eventually.value(() -> cam.acknowledged().size(), n -> n >= 100, Duration.ofSeconds(30));
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      Eventually.value(() -> status(hub), "DOWN"::equals, Duration.ofSeconds(10));
      Eventually.value(() -> status(hub), "UP"::equals, Duration.ofSeconds(20));
      // and acknowledgements resume on the restarted redis-server
      int atUp = cam.acknowledged().size();
      Eventually.value(() -> cam.acknowledged().size(), n -> n >= atUp + 50, Duration.ofSeconds(30));
      cam.stopWalking(15);

      Set<String> stored = StoredSightings.tracks(hub.hub.redis());
      Set<String> lost = new HashSet<>(cam.acknowledged());
      lost.removeAll(stored);
      System.out.printf("redis-server killed under load: %d sent, %d acknowledged, %d refused, %d unanswered, %d acknowledged but lost%n",
          cam.sent(), cam.acknowledged().size(), cam.refused().size(), cam.unanswered().size(), lost.size());
      assertThat(cam.acknowledged()).hasSizeGreaterThanOrEqualTo(150);
      assertThat(lost).as("acknowledged but not stored").isEmpty();
      assertThat(cam.connected()).isTrue();
    } finally {
      hub.close();
    }
  }

  static Process startRedis(Path dir, int port) throws Exception {
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
