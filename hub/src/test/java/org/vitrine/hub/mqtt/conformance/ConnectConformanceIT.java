package org.vitrine.hub.mqtt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.TestHub;

/** CONNECT and CONNACK as MQTT 5.0 §3.1/§3.2 and 3.1.1 §3.1/§3.2 say, with Paho, HiveMQ and raw sockets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ConnectConformanceIT {

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
   * MQTT 5.0 §3.1.4 (MQTT-3.1.4-3) and §4.13: a CONNECT with the client id of a connected client
   * closes the older connection, MQTT 5 with DISCONNECT 0x8E Session taken over (Paho); MQTT
   * 3.1.1 §3.1.4 (MQTT-3.1.4-2): the older connection is closed (HiveMQ).
   */
  @Test
  @DisplayName("MQTT-3.1.4-3 (5.0), MQTT-3.1.4-2 (3.1.1): a second connection with the same client id takes the session over")
  void aSecondConnectionWithTheSameClientIdTakesTheSessionOver() throws Exception {
    CompletableFuture<MqttDisconnectResponse> told = new CompletableFuture<>();
    MqttClient first = Clients.paho(hub.mqttPort(), "takeover-5");
    first.setCallback(new PahoCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse r) {
        told.complete(r);
      }
    });
    first.connect(Clients.pahoOptions("cam-cafe"));
    MqttClient second = Clients.paho(hub.mqttPort(), "takeover-5");
    second.connect(Clients.pahoOptions("cam-cafe"));
    try {
      assertThat(told.get(5, TimeUnit.SECONDS).getReturnCode()).as("DISCONNECT 0x8E Session taken over").isEqualTo(0x8E);
      assertThat(second.isConnected()).isTrue();
    } finally {
      Clients.quietly(second::disconnect, second::close, () -> {
        if (first.isConnected()) {
          first.disconnectForcibly(100, 100);
        }
      }, () -> first.close(true));
    }

    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    Mqtt3BlockingClient old = Clients.hive3(hub.mqttPort(), "takeover-3")
        .addDisconnectedListener(ctx -> closed.complete(ctx.getCause())).buildBlocking();
    old.connectWith().simpleAuth(Clients.auth3("cam-cafe")).send();
    Mqtt3BlockingClient fresh = Clients.hive3(hub.mqttPort(), "takeover-3").buildBlocking();
    fresh.connectWith().simpleAuth(Clients.auth3("cam-cafe")).send();
    try {
      assertThat(closed.get(5, TimeUnit.SECONDS)).as("the older 3.1.1 connection is closed").isNotNull();
      assertThat(fresh.getState().isConnected()).isTrue();
    } finally {
      Clients.quietly(fresh::disconnect, old::disconnect);
    }
  }

  /**
   * MQTT 5.0 §3.1.3.1 (MQTT-3.1.3-6, MQTT-3.1.3-7): an empty client id gets one assigned, told
   * in the CONNACK's Assigned Client Identifier (Paho). MQTT 3.1.1 §3.1.3.1 (MQTT-3.1.3-8): an
   * empty client id with clean session 0 is refused with 0x02 Identifier rejected; with clean
   * session 1 it is accepted (raw socket).
   */
  @Test
  @DisplayName("MQTT-3.1.3-7 (5.0), MQTT-3.1.3-8 (3.1.1): an empty client id is assigned one, or refused without clean session")
  void anEmptyClientIdGetsAnAssignedClientIdentifier() throws Exception {
    MqttClient paho = Clients.paho(hub.mqttPort(), "");
    IMqttToken token = paho.connectWithResult(Clients.pahoOptions("cam-entrance"));
    try {
      assertThat(token.getResponseProperties().getAssignedClientIdentifier()).isNotBlank();
    } finally {
      Clients.quietly(paho::disconnect, paho::close);
    }

    try (RawMqtt raw = RawMqtt.open(hub.mqttPort(), 4, "", "cam-entrance", "demo-cam-entrance", false)) {
      RawMqtt.Packet ack = raw.read();
      assertThat(ack.type()).isEqualTo(RawMqtt.CONNACK);
      assertThat(ack.reason()).as("0x02 Identifier rejected").isEqualTo(2);
      assertThat(raw.read()).isEqualTo(RawMqtt.CLOSED);
    }
    try (RawMqtt raw = RawMqtt.open(hub.mqttPort(), 4, "", "cam-entrance", "demo-cam-entrance", true)) {
      RawMqtt.Packet ack = raw.read();
      assertThat(ack.reason()).isZero();
      assertThat(ack.sessionPresent()).isFalse();
    }
  }

  /**
   * MQTT 5.0 §3.2.2.3 (CONNACK properties): the hub says what it does not do — no retained
   * messages (§3.2.2.3.5), no shared subscriptions (§3.2.2.3.13), no topic aliases (§3.2.2.3.8) —
   * and its limits: Maximum Packet Size (§3.2.2.3.6) the decoder's 1 MiB, Receive Maximum
   * (§3.2.2.3.3) 1024; wildcards and subscription identifiers are available; no Maximum QoS
   * (QoS 2 publishes are taken). Read by the HiveMQ client.
   */
  @Test
  @DisplayName("MQTT 5.0 §3.2.2.3: the CONNACK properties tell the truth")
  void theConnackPropertiesTellTheTruth() {
    Mqtt5BlockingClient client = Clients.hive5(hub.mqttPort(), "connack-props").buildBlocking();
    Mqtt5ConnAck ack = client.connectWith().simpleAuth(Clients.auth5("cam-apparel")).send();
    try {
      Mqtt5ConnAckRestrictions r = ack.getRestrictions();
      assertThat(r.isRetainAvailable()).as("Retain Available").isFalse();
      assertThat(r.isSharedSubscriptionAvailable()).as("Shared Subscription Available").isFalse();
      assertThat(r.isWildcardSubscriptionAvailable()).as("Wildcard Subscription Available").isTrue();
      assertThat(r.areSubscriptionIdentifiersAvailable()).as("Subscription Identifiers Available").isTrue();
      assertThat(r.getTopicAliasMaximum()).as("Topic Alias Maximum").isZero();
      assertThat(r.getMaximumPacketSize()).as("Maximum Packet Size").isEqualTo(1024 * 1024);
      assertThat(r.getReceiveMaximum()).as("Receive Maximum").isEqualTo(1024);
      assertThat(r.getMaximumQos()).as("Maximum QoS (absent: QoS 2 publishes are taken)").isEqualTo(MqttQos.EXACTLY_ONCE);
      assertThat(ack.getAssignedClientIdentifier()).isEmpty();
      assertThat(ack.isSessionPresent()).isFalse();
    } finally {
      Clients.quietly(client::disconnect);
    }
  }
}
