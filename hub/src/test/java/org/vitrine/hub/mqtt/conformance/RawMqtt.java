package org.vitrine.hub.mqtt.conformance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * MQTT over a plain socket, packet by packet, for what no client library sends on purpose: a
 * DUP re-send of a QoS 2 publish, a SUBSCRIBE without topic filters, a topic alias the server did
 * not offer, an empty client id with clean session off. Encodes MQTT 3.1.1 (level 4) and 5 by
 * hand, reads whole packets back.
 */
public final class RawMqtt implements AutoCloseable {

  static final int CONNACK = 2;
  public static final int PUBLISH = 3;
  static final int PUBACK = 4;
  static final int PUBREC = 5;
  static final int PUBCOMP = 7;
  static final int SUBACK = 9;
  static final int DISCONNECT = 14;

  /** One packet read: its type, the flags of its first byte, and the bytes after the remaining length. */
  public record Packet(int type, int flags, byte[] body) {
    int packetId() {
      return (body[0] & 0xff) << 8 | body[1] & 0xff;
    }

    /** The reason code of a v5 PUBACK/PUBREC/PUBCOMP (after the packet id; absent = 0). */
    int replyReason() {
      return body.length > 2 ? body[2] & 0xff : 0;
    }

    /** The reason code of a v5 DISCONNECT, or the return code of a CONNACK. */
    int reason() {
      return type == CONNACK ? body[1] & 0xff : body.length > 0 ? body[0] & 0xff : 0;
    }

    boolean sessionPresent() {
      return (body[0] & 1) == 1;
    }
  }

  /** The connection was closed by the hub (end of stream or reset). */
  public static final Packet CLOSED = new Packet(-1, 0, new byte[0]);

  final int version;
  private final Socket socket;
  private final DataInputStream in;

  private RawMqtt(Socket socket, int version) throws IOException {
    this.socket = socket;
    this.version = version;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Opens a socket and sends CONNECT (keep-alive 60 s, clean session/start as given); CONNACK is read by the caller. */
  static RawMqtt open(int port, int version, String clientId, String user, String password, boolean clean) throws IOException {
    RawMqtt c = new RawMqtt(new Socket("127.0.0.1", port), version);
    c.socket.setSoTimeout(5000);
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    string(v, "MQTT");
    v.write(version);
    v.write(0x80 | 0x40 | (clean ? 0x02 : 0));
    v.write(0);
    v.write(60);
    if (version == 5) {
      v.write(0); // no properties
    }
    string(v, clientId);
    string(v, user);
    string(v, password);
    c.send(0x10, v.toByteArray());
    return c;
  }

  /** {@link #open} and the CONNACK, which must accept. */
  public static RawMqtt connect(int port, int version, String clientId, String user, String password) throws IOException {
    RawMqtt c = open(port, version, clientId, user, password, true);
    Packet ack = c.read();
    if (ack.type() != CONNACK || ack.reason() != 0) {
      throw new AssertionError("CONNECT refused: " + ack);
    }
    return c;
  }

  /** PUBLISH; {@code properties} are the v5 property bytes (without their length), null = none. */
  void publish(String topic, byte[] payload, int qos, int packetId, boolean dup, byte[] properties) throws IOException {
    publish(topic, payload, qos, packetId, dup, false, properties);
  }

  void publish(String topic, byte[] payload, int qos, int packetId, boolean dup, boolean retain, byte[] properties)
      throws IOException {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    string(v, topic);
    if (qos > 0) {
      v.write(packetId >> 8);
      v.write(packetId & 0xff);
    }
    if (version == 5) {
      byte[] p = properties == null ? new byte[0] : properties;
      varInt(v, p.length);
      v.write(p);
    }
    v.write(payload);
    send(0x30 | (dup ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0), v.toByteArray());
  }

  void pubrel(int packetId) throws IOException {
    send(0x62, new byte[] {(byte) (packetId >> 8), (byte) packetId});
  }

  void puback(int packetId) throws IOException {
    send(0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
  }

  /** SUBSCRIBE with these filters at QoS 1 (none at all: the protocol error of MQTT-3.8.3-2). */
  public void subscribe(int packetId, String... filters) throws IOException {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    v.write(packetId >> 8);
    v.write(packetId & 0xff);
    if (version == 5) {
      v.write(0);
    }
    for (String f : filters) {
      string(v, f);
      v.write(1);
    }
    send(0x82, v.toByteArray());
  }

  private void send(int firstByte, byte[] rest) throws IOException {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(firstByte);
    varInt(p, rest.length);
    p.write(rest);
    socket.getOutputStream().write(p.toByteArray());
    socket.getOutputStream().flush();
  }

  /** The next packet, {@link #CLOSED} when the hub closed the connection; fails after 5 s of silence. */
  public Packet read() throws IOException {
    try {
      int first = in.read();
      if (first < 0) {
        return CLOSED;
      }
      int length = 0;
      for (int shift = 0; ; shift += 7) {
        int b = in.readUnsignedByte();
        length |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      byte[] body = new byte[length];
      in.readFully(body);
      return new Packet(first >> 4, first & 0x0f, body);
    } catch (EOFException | java.net.SocketException closed) {
      return CLOSED;
    }
  }

  /** The next packet, or null when nothing comes within {@code millis}. */
  public Packet poll(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return read();
    } catch (SocketTimeoutException quiet) {
      return null;
    } finally {
      socket.setSoTimeout(5000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  static byte[] topicAliasProperty(int alias) {
    return new byte[] {0x23, (byte) (alias >> 8), (byte) alias};
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length & 0xff);
    out.writeBytes(b);
  }

  private static void varInt(ByteArrayOutputStream out, int value) {
    do {
      int digit = value & 0x7f;
      value >>>= 7;
      out.write(value > 0 ? digit | 0x80 : digit);
    } while (value > 0);
  }
}
