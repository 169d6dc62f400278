package org.vitrine.hub.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Marker;
import org.vitrine.hub.redis.RedisSupervisor;

/**
 * During a Redis outage every feature's write fails, and each used to log it: some 300 WARNs with
 * stack traces in 100 s. The supervisor logs the outage once when it starts and once when it
 * ends; this filter (logback.xml) takes out the hub's WARN/ERROR lines that only repeat "Redis
 * cannot be reached" while the supervisor knows (SUSPECT or DOWN), and counts them. Anything else
 * is logged as always.
 */
public final class OutageFilter extends TurboFilter {

  private static final AtomicLong QUIETED = new AtomicLong();

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != null && level.isGreaterOrEqual(Level.WARN) && logger != null && t != null
        && logger.getName().startsWith("io.vertx.redis.client") && RedisSupervisor.heard(t)) {
      // the Redis client's own "Unhandled Error: Connection reset" when redis-server dies: the
      // supervisor hears of it (it is often the first sign) and logs the outage once
      QUIETED.incrementAndGet();
      return FilterReply.DENY;
    }
    if (level == null || !level.isGreaterOrEqual(Level.WARN) || logger == null || !RedisSupervisor.outage()
        || !logger.getName().startsWith("org.vitrine.hub.") || logger.getName().equals(RedisSupervisor.class.getName())) {
      return FilterReply.NEUTRAL;
    }
    if (t != null && mentionsRedisDown(t.toString())) {
      QUIETED.incrementAndGet();
      return FilterReply.DENY;
    }
    if (params != null) {
      for (Object p : params) {
        if (p != null && mentionsRedisDown(p instanceof Throwable e ? e.toString() : p.toString())) {
          QUIETED.incrementAndGet();
          return FilterReply.DENY;
        }
      }
    }
    return FilterReply.NEUTRAL;
  }

  /** A failure that says Redis could not be reached (our refusal, or the client's lost connection). */
  static boolean mentionsRedisDown(String s) {
    return s.contains("Redis is down") || s.contains("Connection refused") || s.contains("Connection reset")
        || s.contains("onnection is closed") || s.contains("ConnectException") || s.contains("ClosedChannelException");
  }

  /** Lines taken out of the log since start. */
  public static long quieted() {
    return QUIETED.get();
  }
}
