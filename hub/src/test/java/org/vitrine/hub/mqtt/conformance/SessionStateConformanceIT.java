package org.vitrine.hub.mqtt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Proc;
import org.vitrine.hub.support.TestHub;

/**
 * Session state (MQTT 5.0 §4.1, 3.1.1 §4.1): a session that outlives its connection keeps its
 * subscriptions and the QoS 1 messages queued for the client, across reconnects and hub restarts
 * (kept in Redis), and CONNACK's Session Present says whether it was there.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SessionStateConformanceIT {

  private static final String COMMANDS = "vitrine/v1/devices/cam-apparel/commands";

  private static MqttConnectionOptions persistent() {
    MqttConnectionOptions o = Clients.pahoOptions("cam-apparel");
    o.setCleanStart(false);
    o.setSessionExpiryInterval(600L);
    return o;
  }

  private static MqttAsyncClient paho(int port, String id, List<MqttMessage> got) throws Exception {
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
    c.setCallback(new PahoCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        got.add(message);
      }
    });
    return c;
  }

  /** Connects and returns the CONNACK's Session Present. */
  private static boolean connect(MqttAsyncClient c, MqttConnectionOptions o) throws Exception {
    IMqttToken t = c.connect(o);
    t.waitForCompletion(5000);
    return t.getSessionPresent();
  }

  private static void disconnect(MqttAsyncClient c) {
    Clients.quietly(() -> c.disconnect().waitForCompletion(5000), c::close);
  }

  private static List<String> texts(List<MqttMessage> got) {
    return got.stream().map(m -> new String(m.getPayload(), StandardCharsets.UTF_8)).toList();
  }

  /**
   * MQTT 5.0 §3.1.2.4 (MQTT-3.1.2-4 … -6), §3.2.2.1.1 (MQTT-3.2.2-2, -3) and §4.4: a client that
   * comes back with Clean Start 0 within its Session Expiry Interval finds its session (Session
   * Present 1), its subscriptions (with their identifiers) and the QoS 1 messages sent meanwhile;
   * Clean Start 1 discards it (Paho). 3.1.1 §3.1.2.4 (MQTT-3.1.2-4, -5) and §3.2.2.2: the same
   * with clean session 0 (mosquitto_sub -c, HiveMQ for Session Present).
   */
  @Test
  @DisplayName("MQTT-3.1.2-4/-5, MQTT-3.2.2-2 (5.0 and 3.1.1): a persistent session keeps subscriptions and queued messages")
  void aPersistentSessionKeepsItsSubscriptionsAndQueuedMessages(Vertx vertx) throws Exception {
    TestHub hub = TestHub.start(vertx, TestHub.demoConf());
    try {
      List<MqttMessage> got = new CopyOnWriteArrayList<>();
      MqttAsyncClient first = paho(hub.mqttPort(), "persist-5", got);
      assertThat(connect(first, persistent())).isFalse();
      MqttProperties withId = new MqttProperties();
      withId.setSubscriptionIdentifier(5);
      first.subscribe(new MqttSubscription[] {new MqttSubscription(COMMANDS, 1)}, null, null, withId).waitForCompletion(5000);
      disconnect(first);
      assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"n\":1}", 1)).as("queued for the session").isEqualTo(1);
      assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"n\":2}", 1)).isEqualTo(1);

      MqttAsyncClient back = paho(hub.mqttPort(), "persist-5", got);
      boolean present = connect(back, persistent());
      try {
        assertThat(present).as("Session Present").isTrue();
        assertThat(texts(Eventually.value(() -> List.copyOf(got), l -> l.size() >= 2))).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(got.get(0).getProperties().getSubscriptionIdentifiers()).containsExactly(5);
        // still subscribed, without subscribing again
        assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"n\":3}", 1)).isEqualTo(1);
        assertThat(Eventually.value(got::size, n -> n >= 3)).isEqualTo(3);
      } finally {
        disconnect(back);
      }
      MqttAsyncClient clean = paho(hub.mqttPort(), "persist-5", got);
      MqttConnectionOptions o = persistent();
      o.setCleanStart(true);
      assertThat(connect(clean, o)).as("Clean Start 1 discards it").isFalse();
      disconnect(clean);

      // MQTT 3.1.1, clean session 0: mosquitto_sub -c
      String port = String.valueOf(hub.mqttPort());
      Proc sub = Proc.subscribed("mosquitto_sub", "-V", "mqttv311", "-h", "127.0.0.1", "-p", port, "-u", "cam-apparel",
          "-P", "demo-cam-apparel", "-c", "-i", "persist-3", "-q", "1", "-t", COMMANDS);
      sub.process.destroy();
      sub.await(10);
      Thread.sleep(200); // its DISCONNECT and close reach the hub
      assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"v3\":1}", 1)).isEqualTo(1);
      assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"v3\":2}", 1)).isEqualTo(1);
      Proc again = Proc.run("mosquitto_sub", "-V", "mqttv311", "-h", "127.0.0.1", "-p", port, "-u", "cam-apparel",
          "-P", "demo-cam-apparel", "-c", "-i", "persist-3", "-q", "1", "-t", COMMANDS, "-C", "2", "-W", "10");
      assertThat(again.exitCode()).as(again.output()).isZero();
      assertThat(again.output().lines().toList()).containsExactly("{\"v3\":1}", "{\"v3\":2}");
      Mqtt3BlockingClient hive = Clients.hive3(hub.mqttPort(), "persist-3").buildBlocking();
      assertThat(hive.connectWith().cleanSession(false).simpleAuth(Clients.auth3("cam-apparel")).send().isSessionPresent())
          .as("3.1.1 Session Present").isTrue();
      hive.disconnect();
    } finally {
      hub.close();
    }
  }

  /**
   * MQTT 5.0 §4.1 (MQTT-4.1.0-1: the server keeps the session state while the session lasts):
   * subscriptions and queued QoS 1 messages survive a restart of the hub, because they are in
   * Redis — a message queued before the restart and one matched after it by the restored
   * subscription both arrive, in order; so does the session of a client still connected while
   * the hub stopped (Paho).
   */
  @Test
  @DisplayName("MQTT-4.1.0-1 (5.0): session state survives a hub restart")
  void sessionStateSurvivesAHubRestart(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Path data = Files.createTempDirectory("vitrine-data").resolve("redis");
    TestHub first = TestHub.start(vertx, conf, data, 30);
    List<MqttMessage> got = new CopyOnWriteArrayList<>();
    List<MqttMessage> gotLive = new CopyOnWriteArrayList<>();
    MqttAsyncClient live = paho(first.mqttPort(), "restart-live", gotLive);
    try {
      MqttAsyncClient c = paho(first.mqttPort(), "restart-5", got);
      connect(c, persistent());
      c.subscribe(COMMANDS, 1).waitForCompletion(5000);
      disconnect(c);
      assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"before\":\"restart\"}", 1)).isEqualTo(1);
      connect(live, persistent());
      live.subscribe("vitrine/v1/devices/cam-apparel/replies", 1).waitForCompletion(5000);
      Thread.sleep(200); // the queue's write reaches Redis
    } finally {
      first.close(); // with "restart-live" still connected
      Clients.quietly(() -> {
        if (live.isConnected()) {
          live.disconnectForcibly(100);
        }
      }, () -> live.close(true));
    }
    TestHub second = TestHub.start(vertx, conf, data, 30);
    try {
      assertThat(Clients.hubSends(vertx, "cam-apparel", "commands", "{\"after\":\"restart\"}", 1))
          .as("the restored subscription matches").isEqualTo(1);
      MqttAsyncClient back = paho(second.mqttPort(), "restart-5", got);
      boolean present = connect(back, persistent());
      try {
        assertThat(present).isTrue();
        assertThat(texts(Eventually.value(() -> List.copyOf(got), l -> l.size() >= 2)))
            .containsExactly("{\"before\":\"restart\"}", "{\"after\":\"restart\"}");
      } finally {
        disconnect(back);
      }
      assertThat(Clients.hubSends(vertx, "cam-apparel", "replies", "{\"to\":\"live\"}", 1)).isEqualTo(1);
      MqttAsyncClient liveBack = paho(second.mqttPort(), "restart-live", gotLive);
      try {
        assertThat(connect(liveBack, persistent())).as("the session of a client connected at the stop").isTrue();
        assertThat(texts(Eventually.value(() -> List.copyOf(gotLive), l -> !l.isEmpty()))).containsExactly("{\"to\":\"live\"}");
      } finally {
        disconnect(liveBack);
      }
    } finally {
      second.close();
    }
  }
}
