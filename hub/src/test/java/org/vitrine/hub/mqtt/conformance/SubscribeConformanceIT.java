package org.vitrine.hub.mqtt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.support.TestHub;

/** SUBSCRIBE and UNSUBSCRIBE as MQTT 5.0 §3.8–§3.11 and 3.1.1 §3.8–§3.11 say. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SubscribeConformanceIT {

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
   * MQTT 5.0 §3.11.3 (UNSUBACK payload, MQTT-3.11.3-1 … -2): one reason code per topic filter of
   * the UNSUBSCRIBE, in order: 0x00 Success, 0x11 No subscription existed (HiveMQ client, which
   * refuses an UNSUBACK without them).
   */
  @Test
  @DisplayName("MQTT 5.0 §3.11.3: UNSUBACK carries one reason code per topic filter")
  void unsubackCarriesAReasonCodePerTopicFilter() {
    Mqtt5BlockingClient client = Clients.hive5(hub.mqttPort(), "unsuback-codes").buildBlocking();
    client.connectWith().simpleAuth(Clients.auth5("cam-footwear")).send();
    try {
      client.subscribeWith().topicFilter("vitrine/v1/devices/cam-footwear/commands").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5UnsubAck ack = client.unsubscribeWith().topicFilter("vitrine/v1/devices/cam-footwear/commands")
          .addTopicFilter("vitrine/v1/devices/cam-footwear/replies").send();
      assertThat(ack.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
          Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
    } finally {
      Clients.quietly(client::disconnect);
    }
  }

  /**
   * MQTT 5.0 §3.3.4 (MQTT-3.3.4-3, MQTT-3.3.4-4) with §3.8.2.1.2: a delivery matching
   * subscriptions made with a Subscription Identifier carries every one of them (Paho).
   */
  @Test
  @DisplayName("MQTT-3.3.4-3 (5.0): deliveries carry the Subscription Identifiers of the subscriptions they match")
  void deliveriesCarryTheSubscriptionIdentifiers(Vertx vertx) throws Exception {
    MqttAsyncClient paho = new MqttAsyncClient("tcp://127.0.0.1:" + hub.mqttPort(), "sub-ids", new MemoryPersistence());
    MqttConnectionOptions o = Clients.pahoOptions("cam-footwear");
    o.setUseSubscriptionIdentifiers(false); // the test chooses them, Paho does not number its own
    CompletableFuture<MqttMessage> got = new CompletableFuture<>();
    paho.setCallback(new PahoCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        got.complete(message);
      }
    });
    paho.connect(o).waitForCompletion(5000);
    try {
      subscribe(paho, "vitrine/v1/devices/cam-footwear/commands", 42);
      subscribe(paho, "vitrine/v1/devices/cam-footwear/#", 43);
      subscribe(paho, "vitrine/v1/devices/cam-footwear/+", 0);
      assertThat(Clients.hubSends(vertx, "cam-footwear", "commands", "{\"command\":\"ids\"}", 1)).isEqualTo(1);
      MqttMessage m = got.get(5, TimeUnit.SECONDS);
      assertThat(m.getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(42, 43);
    } finally {
      Clients.quietly(() -> paho.disconnect().waitForCompletion(5000), paho::close);
    }
  }

  private static void subscribe(MqttAsyncClient paho, String filter, int identifier) throws Exception {
    MqttProperties p = new MqttProperties();
    if (identifier > 0) {
      p.setSubscriptionIdentifier(identifier);
    }
    paho.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null, p).waitForCompletion(5000);
  }

  /**
   * MQTT 5.0 §3.8.3 (MQTT-3.8.3-2) and §4.13: a SUBSCRIBE without topic filters is a protocol
   * error: DISCONNECT 0x82 and close; 3.1.1 §3.8.3 (MQTT-3.8.3-3): the connection is closed. Each
   * is one WARN line, and repeats from the same client are summarised, not logged one by one (raw socket).
   */
  @Test
  @DisplayName("MQTT-3.8.3-2 (5.0), MQTT-3.8.3-3 (3.1.1): a SUBSCRIBE without topic filters is a protocol error")
  void aSubscribeWithoutTopicFiltersIsAProtocolError() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ROOT");
    logs.start();
    root.addAppender(logs);
    try {
      try (RawMqtt c = RawMqtt.connect(hub.mqttPort(), 5, "empty-sub-5", "cam-footwear", "demo-cam-footwear")) {
        c.subscribe(1);
        RawMqtt.Packet p = c.read();
        assertThat(p.type()).as("DISCONNECT, not %s", p).isEqualTo(RawMqtt.DISCONNECT);
        assertThat(p.reason()).isEqualTo(0x82);
        assertThat(c.read()).isEqualTo(RawMqtt.CLOSED);
      }
      for (int i = 0; i < 3; i++) {
        try (RawMqtt c = RawMqtt.connect(hub.mqttPort(), 4, "empty-sub-3", "cam-footwear", "demo-cam-footwear")) {
          c.subscribe(1);
          assertThat(c.read()).as("closed, no SUBACK").isEqualTo(RawMqtt.CLOSED);
        }
      }
      List<String> told = new ArrayList<>();
      for (ILoggingEvent e : new ArrayList<>(logs.list)) {
        if (e.getFormattedMessage().contains("SUBSCRIBE without topic filters")) {
          told.add(e.getLevel() + " " + e.getFormattedMessage());
        }
      }
      assertThat(told).as("one WARN line for four protocol errors of one device").hasSize(1);
      assertThat(told.get(0)).startsWith("WARN");
    } finally {
      root.detachAppender(logs);
    }
  }
}
