package org.vitrine.hub.mqtt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.TestHub;

/** Hub→device publishes within the limits the client set in CONNECT (MQTT 5.0 §3.1.2.11). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class DeliveryConformanceIT {

  private static TestHub hub;

  @BeforeAll
  static void startHub(Vertx vertx) throws Exception {
    hub = TestHub.start(vertx, TestHub.demoConf());
  }

  @AfterAll
  static void stopHub() throws Exception {
    hub.close();
  }

  /**
   * MQTT 5.0 §3.1.2.11.4 (MQTT-3.1.2-24, MQTT-3.1.2-25): the hub never sends a packet larger than
   * the client's Maximum Packet Size; such a message is dropped (and counted) as if delivered,
   * and the next one that fits arrives (Paho, Maximum Packet Size 256).
   */
  @Test
  @DisplayName("MQTT-3.1.2-24 (5.0): nothing larger than the client's Maximum Packet Size is sent")
  void nothingLargerThanTheClientsMaximumPacketSizeIsSent(Vertx vertx) throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    MqttClient paho = Clients.paho(hub.mqttPort(), "max-packet");
    paho.setCallback(new PahoCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        got.add(new String(message.getPayload(), StandardCharsets.UTF_8));
      }
    });
    MqttConnectionOptions o = Clients.pahoOptions("cam-entrance");
    o.setMaximumPacketSize(256L);
    paho.connect(o);
    try {
      paho.subscribe("vitrine/v1/devices/cam-entrance/commands", 1);
      long before = hub.hub.counters().get("mqtt.deliveries.too-large");
      String big = "{\"command\":\"" + "x".repeat(600) + "\"}";
      Clients.hubSends(vertx, "cam-entrance", "commands", big, 0);
      Clients.hubSends(vertx, "cam-entrance", "commands", big, 1);
      assertThat(Clients.hubSends(vertx, "cam-entrance", "commands", "{\"command\":\"small\"}", 1)).isEqualTo(1);
      assertThat(Eventually.value(() -> List.copyOf(got), l -> !l.isEmpty())).containsExactly("{\"command\":\"small\"}");
      Thread.sleep(300);
      assertThat(got).as("the large ones never came").hasSize(1);
      assertThat(hub.hub.counters().get("mqtt.deliveries.too-large") - before).isEqualTo(2);
      assertThat(paho.isConnected()).isTrue();
    } finally {
      Clients.quietly(paho::disconnect, paho::close);
    }
  }

  /**
   * MQTT 5.0 §3.1.2.11.3 and §4.9 (MQTT-3.3.4-9): the hub has at most the client's Receive
   * Maximum QoS 1 publishes unacknowledged; the rest wait their turn, in order (HiveMQ client,
   * Receive Maximum 2, acknowledging by hand; it disconnects a server that sends more).
   */
  @Test
  @DisplayName("MQTT-3.3.4-9 (5.0): at most the client's Receive Maximum QoS 1 publishes are in flight")
  void atMostTheClientsReceiveMaximumIsInFlight(Vertx vertx) throws Exception {
    Mqtt5AsyncClient client = Clients.hive5(hub.mqttPort(), "receive-max").buildAsync();
    client.connectWith().simpleAuth(Clients.auth5("cam-cafe")).restrictions().receiveMaximum(2).applyRestrictions()
        .send().get(5, TimeUnit.SECONDS);
    List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
    client.subscribeWith().topicFilter("vitrine/v1/devices/cam-cafe/commands").qos(MqttQos.AT_LEAST_ONCE)
        .callback(got::add).manualAcknowledgement(true).send().get(5, TimeUnit.SECONDS);
    try {
      for (int i = 0; i < 5; i++) {
        assertThat(Clients.hubSends(vertx, "cam-cafe", "commands", "{\"n\":" + i + "}", 1)).isEqualTo(1);
      }
      assertThat(Eventually.value(got::size, n -> n >= 2)).isEqualTo(2);
      Thread.sleep(500);
      assertThat(got).as("two in flight, three waiting").hasSize(2);
      got.get(0).acknowledge();
      assertThat(Eventually.value(got::size, n -> n >= 3, Duration.ofSeconds(5))).isEqualTo(3);
      got.get(1).acknowledge();
      got.get(2).acknowledge();
      assertThat(Eventually.value(got::size, n -> n >= 5, Duration.ofSeconds(5))).isEqualTo(5);
      got.get(3).acknowledge();
      got.get(4).acknowledge();
      assertThat(got.stream().map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).toList())
          .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
      assertThat(client.getState().isConnected()).isTrue();
    } finally {
      Clients.quietly(() -> client.disconnect().get(5, TimeUnit.SECONDS));
    }
  }
}
