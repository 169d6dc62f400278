package org.vitrine.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import java.util.List;
import org.vitrine.hub.catalog.Device;

/**
 * One accepted MQTT connection: the device it authenticated as, what it negotiated in CONNECT
 * ({@link Connack}), the session it holds now, and when it was last heard. Used on the gateway's
 * event loop; {@link #lastHeard} is read by the keep-alive sweep on the same loop.
 */
final class Connection {

  final String device;
  final String kind;
  final String siteId;
  final String passwordHash;
  final MqttEndpoint endpoint;
  final String from;
  final Connack connack;
  final int keepAliveSeconds;
  final SessionState session;
  long lastHeard = System.currentTimeMillis();
  /** Its QoS 1 and 2 publishes waiting to be kept before they are answered, in arrival order. */
  final AckOrder acks = new AckOrder();
  /** Another connection took its session over: its closing ends nothing. */
  boolean takenOver;

  Connection(Device device, MqttEndpoint endpoint, String from, Connack connack, int keepAliveSeconds, SessionState session) {
    this.device = device.id();
    this.kind = device.kind();
    this.siteId = device.siteId();
    this.passwordHash = device.passwordHash();
    this.endpoint = endpoint;
    this.from = from;
    this.connack = connack;
    this.keepAliveSeconds = keepAliveSeconds;
    this.session = session;
  }

  boolean v5() {
    return connack.v5();
  }

  /** "device@address", the source of this connection's log lines. */
  String source() {
    return device + "@" + from;
  }

  /**
   * Puts a PUBLISH on the wire, with the Subscription Identifiers it matched (MQTT 5); false (and
   * nothing sent) when it is larger than the client's Maximum Packet Size (MQTT-3.1.2-24).
   */
  boolean publish(String topic, byte[] payload, int qos, int packetId, boolean dup, List<Integer> subscriptionIds) {
    if (Connack.publishSize(topic, payload.length, qos, subscriptionIds, v5()) > connack.maxPacketSize()) {
      return false;
    }
    if (!endpoint.isConnected()) {
      return true; // closing: a QoS 1 message stays queued for the session, a QoS 0 one is gone anyway
    }
    MqttProperties props = MqttProperties.NO_PROPERTIES;
    if (v5() && !subscriptionIds.isEmpty()) {
      props = new MqttProperties();
      for (int id : subscriptionIds) {
        props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
      }
    }
    endpoint.publish(topic, Buffer.buffer(payload), MqttQoS.valueOf(qos), dup && qos > 0, false, packetId, props);
    return true;
  }
}
