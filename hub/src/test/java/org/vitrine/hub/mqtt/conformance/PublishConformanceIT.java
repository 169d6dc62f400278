package org.vitrine.hub.mqtt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.TestHub;

/** PUBLISH from a device as MQTT 5.0 §3.3/§4.3 and 3.1.1 §3.3/§4.3 say: QoS 2, reason codes, aliases, retain. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PublishConformanceIT {

  private static final String SIGHTINGS = "vitrine/v1/devices/cam-checkout/sightings";
  private static TestHub hub;

  @BeforeAll
  static void startHub(Vertx vertx) throws Exception {
    hub = TestHub.start(vertx, TestHub.demoConf());
  }

  @AfterAll
  static void stopHub() throws Exception {
    hub.close();
  }

  private static long accepted() {
    return hub.hub.counters().get("sightings.accepted");
  }

  /**
   * MQTT 5.0 §4.3.3 (MQTT-4.3.3-9, MQTT-4.3.3-11) and 3.1.1 §4.3.3 (MQTT-4.3.3-2): until PUBREL,
   * a re-send of a QoS 2 PUBLISH with the same packet id (DUP) is acknowledged with PUBREC again
   * and not processed again; after PUBCOMP the id is free (raw socket, both versions).
   */
  @Test
  @DisplayName("MQTT-4.3.3-9 (5.0), MQTT-4.3.3-2 (3.1.1): QoS 2 is exactly once, a DUP re-send before PUBREL is not processed again")
  void qos2IsExactlyOnce() throws Exception {
    for (int version : new int[] {4, 5}) {
      try (RawMqtt c = RawMqtt.connect(hub.mqttPort(), version, "qos2-" + version, "cam-checkout", "demo-cam-checkout")) {
        byte[] sighting = ("{\"track\":\"t-qos2-" + version + "\"}").getBytes(StandardCharsets.UTF_8);
        long before = accepted();
        c.publish(SIGHTINGS, sighting, 2, 7, false, null);
        RawMqtt.Packet rec = c.read();
        assertThat(rec.type()).isEqualTo(RawMqtt.PUBREC);
        assertThat(rec.packetId()).isEqualTo(7);
        // the client did not see the PUBREC (as far as it knows): it sends the PUBLISH again, DUP set
        c.publish(SIGHTINGS, sighting, 2, 7, true, null);
        RawMqtt.Packet again = c.read();
        assertThat(again.type()).isEqualTo(RawMqtt.PUBREC);
        assertThat(again.packetId()).isEqualTo(7);
        c.pubrel(7);
        RawMqtt.Packet comp = c.read();
        assertThat(comp.type()).isEqualTo(RawMqtt.PUBCOMP);
        assertThat(comp.replyReason()).isZero();
        assertThat(accepted() - before).as("MQTT %s: processed once", version == 4 ? "3.1.1" : "5").isEqualTo(1);
        // the packet id is free again: a new message with it is a new message
        c.publish(SIGHTINGS, sighting, 2, 7, false, null);
        assertThat(c.read().type()).isEqualTo(RawMqtt.PUBREC);
        c.pubrel(7);
        assertThat(c.read().type()).isEqualTo(RawMqtt.PUBCOMP);
        assertThat(accepted() - before).isEqualTo(2);
      }
    }
  }

  /**
   * MQTT 5.0 §3.5.2.1 (PUBREC Reason Code) and §4.3.3: a QoS 2 publish the hub refuses gets a
   * PUBREC with the reason (0x99 Payload format invalid), which ends the exchange; the client
   * and its connection carry on (HiveMQ client).
   */
  @Test
  @DisplayName("MQTT 5.0 §3.5.2.1: a refused QoS 2 publish gets PUBREC with the failure reason code")
  void aRefusedQos2PublishGetsPubrecWithTheReason() throws Exception {
    Mqtt5AsyncClient client = Clients.hive5(hub.mqttPort(), "pubrec-reason").buildAsync();
    client.connectWith().simpleAuth(Clients.auth5("cam-checkout")).send().get(5, TimeUnit.SECONDS);
    try {
      Mqtt5PubRecReasonCode code;
      try {
        Mqtt5PublishResult r = client.publishWith().topic(SIGHTINGS).qos(MqttQos.EXACTLY_ONCE)
            .payload("<xml/>".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
        code = r instanceof Mqtt5PublishResult.Mqtt5Qos2Result q2 ? q2.getPubRec().getReasonCode() : null;
        if (r.getError().isPresent() && r.getError().get() instanceof Mqtt5PubRecException e) {
          code = e.getMqttMessage().getReasonCode();
        }
      } catch (java.util.concurrent.ExecutionException | CompletionException e) {
        assertThat(e.getCause()).isInstanceOf(Mqtt5PubRecException.class);
        code = ((Mqtt5PubRecException) e.getCause()).getMqttMessage().getReasonCode();
      }
      assertThat(code).isEqualTo(Mqtt5PubRecReasonCode.PAYLOAD_FORMAT_INVALID);
      // the exchange ended, the connection did not: a good sighting at QoS 2 goes through
      Mqtt5PublishResult ok = client.publishWith().topic(SIGHTINGS).qos(MqttQos.EXACTLY_ONCE)
          .payload("{\"track\":\"t-after-refusal\"}".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
      assertThat(ok.getError()).isEmpty();
      assertThat(((Mqtt5PublishResult.Mqtt5Qos2Result) ok).getPubRec().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.SUCCESS);
    } finally {
      Clients.quietly(() -> client.disconnect().get(5, TimeUnit.SECONDS));
    }
  }

  /**
   * MQTT 5.0 §3.3.2.3.4 (MQTT-3.3.2-8 … -10) with §3.2.2.3.8: the hub's Topic Alias Maximum is 0,
   * so a PUBLISH with a Topic Alias is a protocol error: DISCONNECT 0x94 Topic Alias invalid, and
   * the connection is closed (raw socket: clients do not send an alias they were not offered).
   */
  @Test
  @DisplayName("MQTT-3.3.2-8 (5.0): a topic alias, with Topic Alias Maximum 0, is answered with DISCONNECT 0x94")
  void aTopicAliasIsDisconnectedWith0x94() throws Exception {
    try (RawMqtt c = RawMqtt.connect(hub.mqttPort(), 5, "alias-5", "cam-checkout", "demo-cam-checkout")) {
      c.publish(SIGHTINGS, "{\"track\":\"t-alias\"}".getBytes(StandardCharsets.UTF_8), 1, 3, false, RawMqtt.topicAliasProperty(1));
      RawMqtt.Packet p = c.read();
      assertThat(p.type()).as("DISCONNECT, not %s", p).isEqualTo(RawMqtt.DISCONNECT);
      assertThat(p.reason()).isEqualTo(0x94);
      assertThat(c.read()).isEqualTo(RawMqtt.CLOSED);
    }
  }

  /**
   * MQTT 5.0 §3.3.1.3 with §3.2.2.3.5 (MQTT-3.2.2-14): the hub said Retain Available 0, so a
   * retained PUBLISH is answered with DISCONNECT 0x9A Retain not supported (raw socket).
   */
  @Test
  @DisplayName("MQTT 5.0 §3.3.1.3: a retained publish, with Retain Available 0, is answered with DISCONNECT 0x9A")
  void aRetainedPublishIsDisconnectedWith0x9a() throws Exception {
    try (RawMqtt c = RawMqtt.connect(hub.mqttPort(), 5, "retain-5", "cam-checkout", "demo-cam-checkout")) {
      c.publish(SIGHTINGS, "{\"track\":\"t-retain\"}".getBytes(StandardCharsets.UTF_8), 0, 0, false, true, null);
      RawMqtt.Packet p = c.read();
      assertThat(p.type()).as("DISCONNECT, not %s", p).isEqualTo(RawMqtt.DISCONNECT);
      assertThat(p.reason()).isEqualTo(0x9A);
      assertThat(c.read()).isEqualTo(RawMqtt.CLOSED);
    }
  }
}
