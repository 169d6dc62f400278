package org.vitrine.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 PUBREC and PUBCOMP with a reason code. Vert.x 5.0.8's {@code MqttEndpointImpl.publishReceived}
 * and {@code publishComplete} take a reason code but build the packet with a
 * {@code MqttMessageIdAndPropertiesVariableHeader}, which Netty's encoder writes as a bare packet id:
 * the code (and the properties) never reach the wire (docs/upstream/vertx-mqtt-pubrec-reason-code.md;
 * fixed upstream after 5.1.3). Until the hub is on a Vert.x with the fix, a reply that is not
 * "success" is written here as Netty's {@link MqttPubReplyMessageVariableHeader} on the endpoint's
 * own socket (the field {@code conn} of {@code MqttEndpointImpl}, read once by reflection). Should
 * that field be gone, the Vert.x call is used (the code is then lost again) and one WARN says so.
 */
final class PubReplies {

  private static final Logger LOG = LoggerFactory.getLogger(PubReplies.class);
  private static final Field CONN = connField();

  private PubReplies() {
  }

  private static Field connField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      f.setAccessible(true);
      return NetSocketInternal.class.isAssignableFrom(f.getType()) ? f : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("MQTT 5 PUBREC/PUBCOMP reason codes cannot be sent (Vert.x changed: {}); clients get 'success'", e.toString());
      return null;
    }
  }

  /** PUBREC for a QoS 2 publish; any code below 0x80 keeps the exchange going (the client sends PUBREL). */
  static void pubrec(MqttEndpoint endpoint, int packetId, MqttPubRecReasonCode code) {
    if (code == MqttPubRecReasonCode.SUCCESS || !write(endpoint, MqttMessageType.PUBREC, packetId, code.value())) {
      endpoint.publishReceived(packetId, code, MqttProperties.NO_PROPERTIES);
    }
  }

  /** PUBCOMP for a PUBREL; MQTT 5 says {@code 0x92 Packet identifier not found} for an unknown id. */
  static void pubcomp(MqttEndpoint endpoint, int packetId, MqttPubCompReasonCode code) {
    if (code == MqttPubCompReasonCode.SUCCESS || !write(endpoint, MqttMessageType.PUBCOMP, packetId, code.value())) {
      endpoint.publishComplete(packetId, code, MqttProperties.NO_PROPERTIES);
    }
  }

  /**
   * The endpoint's socket holds more unsent bytes than its high-water mark (the client stopped
   * reading); false when that cannot be known.
   */
  static boolean congested(MqttEndpoint endpoint) {
    if (CONN == null || !CONN.getDeclaringClass().isInstance(endpoint) || !endpoint.isConnected()) {
      return false;
    }
    try {
      return ((NetSocketInternal) CONN.get(endpoint)).writeQueueFull();
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  private static boolean write(MqttEndpoint endpoint, MqttMessageType type, int packetId, byte code) {
    if (CONN == null || !CONN.getDeclaringClass().isInstance(endpoint) || !endpoint.isConnected()) {
      return false;
    }
    try {
      NetSocketInternal socket = (NetSocketInternal) CONN.get(endpoint);
      socket.writeMessage(MqttMessageFactory.newMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
          new MqttPubReplyMessageVariableHeader(packetId, code, MqttProperties.NO_PROPERTIES), null));
      return true;
    } catch (IllegalAccessException e) {
      return false;
    }
  }
}
