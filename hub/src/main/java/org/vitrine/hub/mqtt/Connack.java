package org.vitrine.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * What one client asked for in CONNECT and what the hub answers in the MQTT 5 CONNACK (MQTT 5
 * §3.1.2.11, §3.2.2.3): the client's limits the hub must honour on what it sends, the session's
 * expiry, and the properties that tell the client what the hub does and does not do.
 *
 * @param window QoS 1 messages the hub may have in flight to the client (its Receive Maximum; 3.1.1: {@link SessionBounds#inflightV3})
 * @param maxPacketSize the largest packet the client takes (its Maximum Packet Size; none = {@link Long#MAX_VALUE})
 * @param sessionExpirySeconds how long the session outlives the connection, capped
 * @param expiryCapped the client asked for longer (MQTT 5: it is told the hub's value)
 */
record Connack(boolean v5, int window, long maxPacketSize, long sessionExpirySeconds, boolean expiryCapped) {

  /** A CONNECT the spec calls a protocol error (MQTT 5 §3.1.2.11: Receive Maximum or Maximum Packet Size 0). */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  static Connack of(int protocolVersion, boolean cleanSession, MqttProperties connect, SessionBounds bounds) throws Refused {
    if (protocolVersion < 5) {
      // 3.1.1: clean session off = the session lasts until the next clean connect; the hub keeps it at most its bound
      return new Connack(false, bounds.inflightV3(), Long.MAX_VALUE, cleanSession ? 0 : bounds.maxExpirySeconds(), false);
    }
    Integer receiveMax = value(connect, MqttPropertyType.RECEIVE_MAXIMUM);
    Integer maxPacket = value(connect, MqttPropertyType.MAXIMUM_PACKET_SIZE);
    Integer expiry = value(connect, MqttPropertyType.SESSION_EXPIRY_INTERVAL);
    if (receiveMax != null && receiveMax == 0) {
      throw new Refused("Receive Maximum 0 (a protocol error, MQTT 5 §3.1.2.11.3)");
    }
    if (maxPacket != null && maxPacket == 0) {
      throw new Refused("Maximum Packet Size 0 (a protocol error, MQTT 5 §3.1.2.11.4)");
    }
    long asked = expiry == null ? 0 : Integer.toUnsignedLong(expiry); // 0xFFFFFFFF = never expires
    long granted = Math.min(asked, bounds.maxExpirySeconds());
    return new Connack(true, receiveMax == null ? 65_535 : Math.min(receiveMax, 65_535),
        maxPacket == null ? Long.MAX_VALUE : Integer.toUnsignedLong(maxPacket), granted, granted != asked);
  }

  private static Integer value(MqttProperties props, MqttPropertyType type) {
    if (props == null) {
      return null;
    }
    MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
    return p instanceof IntegerProperty i ? i.value() : null;
  }

  /**
   * The MQTT 5 CONNACK properties: no retained messages, wildcards yes, shared subscriptions no,
   * subscription identifiers yes, no topic aliases, the hub's packet and in-flight limits; the
   * server keep-alive when it capped the client's ({@code serverKeepAlive} > 0), the assigned
   * client id when it made one, the session expiry when it capped it. No Maximum QoS: the hub
   * takes QoS 2 publishes (exactly once); it grants at most QoS 1 on subscriptions, per SUBACK.
   */
  MqttProperties properties(SessionBounds bounds, int decoderLimit, int serverKeepAlive, String assignedClientId) {
    MqttProperties p = new MqttProperties();
    p.add(new IntegerProperty(MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 1));
    p.add(new IntegerProperty(MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 1));
    p.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), decoderLimit));
    p.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), bounds.receiveMaximum()));
    if (serverKeepAlive > 0) {
      p.add(new IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(), serverKeepAlive));
    }
    if (assignedClientId != null) {
      p.add(new MqttProperties.StringProperty(MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), assignedClientId));
    }
    if (expiryCapped) {
      p.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), (int) sessionExpirySeconds));
    }
    return p;
  }

  /** Bytes a PUBLISH takes on the wire (MQTT 5 §3.3), to hold it against the client's Maximum Packet Size. */
  static long publishSize(String topic, int payloadBytes, int qos, java.util.List<Integer> subscriptionIds, boolean v5) {
    long variable = 2L + topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0);
    if (v5) {
      int props = 0;
      for (int id : subscriptionIds) {
        props += 1 + varIntSize(id);
      }
      variable += varIntSize(props) + props;
    }
    long remaining = variable + payloadBytes;
    return 1 + varIntSize(remaining) + remaining;
  }

  private static int varIntSize(long value) {
    int n = 1;
    while (value >= 128) {
      value >>= 7;
      n++;
    }
    return n;
  }
}
