package org.vitrine.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.events.PlaylistChanged;
import org.vitrine.hub.mqtt.conformance.RawMqtt;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/**
 * A client that stops reading (a frozen browser, a camera stuck on a bad network) must not hold
 * the hub's memory or delay anyone else: the hub stops writing to it, keeps only the latest of what
 * it would have sent, and the others are served as before.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class StalledClientsIT {

  private static TestHub hub;

  @BeforeAll
  static void startHub(Vertx vertx) throws Exception {
    hub = TestHub.start(vertx, TestHub.demoConf());
  }

  @AfterAll
  static void stopHub() throws Exception {
    hub.close();
  }

  @Test
  void aScreenThatStopsReadingGetsOnlyTheLatestAndDelaysNoOtherScreen(Vertx vertx) throws Exception {
    try (ScreenClient stalled = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1").settled();
        ScreenClient healthy = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2").settled()) {
      long before = hub.hub.counters().get("ws.congested");
      stalled.pause();
      // GIVEN a frozen screen the hub keeps sending to: far more than TCP's buffers hold
      int flood = 20_000;
      for (int i = 0; i < flood; i++) {
        vertx.eventBus().publish(Addresses.screen("apparel-1"), new PlaylistChanged("apparel"));
      }
      Eventually.value(() -> hub.hub.counters().get("ws.congested") - before, n -> n > 0, Duration.ofSeconds(30));

      // THEN a screen beside it still gets what it is sent at once
      long asked = System.nanoTime();
      vertx.eventBus().publish(Addresses.screen("apparel-2"), new PlaylistChanged("apparel"));
      healthy.next("playlist", Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a healthy screen's frame beside a stalled one")
          .isLessThan(Duration.ofSeconds(1));

      // AND the frozen one, reading again, gets what filled its buffers and then the latest, not the backlog
      stalled.resume();
      List<JsonObject> got = stalled.drain(Duration.ofSeconds(2));
      assertThat(got).as("frames after resuming").isNotEmpty();
      assertThat(got.get(got.size() - 1).getString("type")).isEqualTo("playlist");
      assertThat(got.size()).as("frames written to a screen that was not reading, of %d sent its way", flood)
          .isLessThan(flood / 2);
      assertThat(stalled.isClosed()).isFalse();
    }
  }

  @Test
  void aDeviceThatStopsReadingLosesQos0MessagesAndDelaysNoOtherDevice(Vertx vertx) throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    MqttClient healthy = new MqttClient("tcp://127.0.0.1:" + hub.mqttPort(), "healthy-cafe", new MemoryPersistence());
    healthy.setCallback(new Arrivals(got));
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("cam-cafe");
    o.setPassword("demo-cam-cafe".getBytes(StandardCharsets.UTF_8));
    o.setAutomaticReconnect(false);
    healthy.connect(o);
    healthy.subscribe("vitrine/v1/devices/cam-cafe/commands", 0);
    try (RawMqtt stalled = RawMqtt.connect(hub.mqttPort(), 5, "stalled-entrance", "cam-entrance", "demo-cam-entrance")) {
      stalled.subscribe(1, "vitrine/v1/devices/cam-entrance/commands");
      assertThat(stalled.read().type()).isEqualTo(9); // SUBACK; from here on it reads nothing
      long before = hub.hub.counters().get("mqtt.deliveries.congested");

      // GIVEN 32 KB QoS 0 commands to a camera that does not read them: 64 MB if all were kept
      String big = "{\"command\":\"" + "x".repeat(32 * 1024) + "\"}";
      for (int i = 0; i < 2000; i++) {
        vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage("cam-entrance", "commands", big, 0));
      }
      Eventually.value(() -> hub.hub.counters().get("mqtt.deliveries.congested") - before, n -> n > 0, Duration.ofSeconds(30));

      // THEN another device still gets its command at once
      long asked = System.nanoTime();
      vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage("cam-cafe", "commands", "{\"command\":\"ping\"}", 0));
      Eventually.value(() -> List.copyOf(got), l -> !l.isEmpty(), Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a healthy device's command beside a stalled one")
          .isLessThan(Duration.ofSeconds(1));
      assertThat(got).containsExactly("{\"command\":\"ping\"}");

      // AND the stalled one, reading again, is still connected and gets fewer than it was sent
      int read = 0;
      RawMqtt.Packet p;
      while ((p = stalled.poll(1000)) != null && p != RawMqtt.CLOSED) {
        if (p.type() == RawMqtt.PUBLISH) {
          read++;
        }
      }
      assertThat(p).as("the hub kept the stalled device's connection").isNotEqualTo(RawMqtt.CLOSED);
      assertThat(read).as("QoS 0 messages a stalled device got of 2000").isPositive().isLessThan(2000);
    } finally {
      healthy.disconnect();
      healthy.close();
    }
  }

  private record Arrivals(List<String> got) implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      got.add(new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected(MqttDisconnectResponse r) {
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
    }

    @Override
    public void deliveryComplete(IMqttToken t) {
    }

    @Override
    public void connectComplete(boolean reconnect, String uri) {
    }

    @Override
    public void authPacketArrived(int reason, MqttProperties p) {
    }
  }
}
