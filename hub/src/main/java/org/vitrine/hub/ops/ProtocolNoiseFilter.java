package org.vitrine.hub.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Vert.x 5.0.8 logs what a client sends that its protocol cannot read as an ERROR: an MQTT packet
 * before CONNECT ("Unhandled exception" with a stack trace: the connection has no exception
 * handler the hub could set before CONNECT), an undecodable MQTT frame, a broken TLS handshake or
 * a reset connection (from {@code ConnectionBase}, connections without a handler). A client's
 * garbage is not a hub error: this filter (logback.xml) takes exactly those events out and logs
 * them as one WARN line per minute and kind, with the count of the rest.
 */
public final class ProtocolNoiseFilter extends TurboFilter {

  private static final String CONNECTION_BASE = "io.vertx.core.net.impl.ConnectionBase";
  /** Netty's "an exceptionCaught() event … reached at the tail of the pipeline": vertx-mqtt fires one for a packet it will not take. */
  private static final String PIPELINE = "io.netty.channel.DefaultChannelPipeline";
  private static final RejectionLog LOG = new RejectionLog(LoggerFactory.getLogger(ProtocolNoiseFilter.class));
  private static final java.util.concurrent.atomic.AtomicLong SEEN = new java.util.concurrent.atomic.AtomicLong();

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != null && level.isGreaterOrEqual(Level.WARN) && logger != null && PIPELINE.equals(logger.getName()) && t != null
        && format != null && format.contains("reached at the tail of the pipeline")) {
      SEEN.incrementAndGet();
      LOG.warn("a client connection", "protocol-error", t.toString());
      return FilterReply.DENY;
    }
    if (level == null || !level.isGreaterOrEqual(Level.ERROR) || logger == null) {
      return FilterReply.NEUTRAL;
    }
    if (isMqttBeforeConnect(t)) {
      SEEN.incrementAndGet();
      LOG.warn("an MQTT client", "mqtt-protocol-error", t.getMessage());
      return FilterReply.DENY;
    }
    if (CONNECTION_BASE.equals(logger.getName())) {
      SEEN.incrementAndGet();
      LOG.warn("a client connection", "protocol-error", t != null ? t.toString() : format);
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  /** Client protocol errors taken out of the log since start. */
  public static long seen() {
    return SEEN.get();
  }

  /** Writes the summaries of ended windows (the MQTT gateway calls it with its housekeeping). */
  public static void flush() {
    LOG.flush();
  }

  /**
   * A packet before CONNECT (vertx-mqtt's own message), or any exception vertx-mqtt throws while
   * it reads a client's packet (an unknown reason code, a packet type a server never gets).
   */
  static boolean isMqttBeforeConnect(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof IllegalArgumentException && c.getMessage() != null
          && c.getMessage().startsWith("Received an MQTT packet from a not connected client")) {
        return true;
      }
      for (StackTraceElement e : c.getStackTrace()) {
        if (e.getClassName().equals("io.vertx.mqtt.impl.MqttServerConnection") && e.getMethodName().equals("handleMessage")) {
          return true;
        }
      }
    }
    return false;
  }
}
