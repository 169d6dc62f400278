package org.vitrine.hub.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.ops.Counters;

/**
 * Keeps the hub's Redis alive and says when it is not. A PING every second (and at once when a
 * command fails to connect) decides the state: UP, or DOWN with the reason. An outage is one ERROR
 * line when it starts and one INFO line when it ends; in between, commands fail at once
 * ({@link SupervisedRedis}) and their failures are counted, not logged one by one
 * ({@link org.vitrine.hub.ops.OutageFilter}). The embedded redis-server is started again, on its
 * old port, with a growing back-off (0.5 s doubling to 10 s); an external Redis (or a Sentinel
 * group) is waited for: the client reconnects on its own.
 */
public final class RedisSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSupervisor.class);
  static final long PROBE_MILLIS = 1000;
  static final long PING_TIMEOUT_MILLIS = 2000;
  static final long RESTART_FIRST_MILLIS = 500;
  static final long RESTART_MAX_MILLIS = 10_000;

  /** Where the supervisor's state can be read without a reference to it (the log filter). */
  private static volatile RedisSupervisor current;

  public enum State { UP, SUSPECT, DOWN }

  private final Vertx vertx;
  private final Redis raw;
  private final Counters counters;
  private volatile EmbeddedRedis embedded;
  private volatile State state = State.UP;
  private volatile String reason;
  private volatile long since = System.currentTimeMillis();
  private final AtomicLong refused = new AtomicLong();
  /** The damage found at the hub's own start (a restart may find none after it). */
  private final Map<String, Object> firstDamage;
  private long outages;
  private long restarts;
  private long nextRestartAt;
  private long restartDelay = RESTART_FIRST_MILLIS;
  private boolean restarting;
  private boolean probing;
  private volatile boolean stopped;
  private long timer = -1;
  /** Every probe, transition and restart runs on this one context: no locks needed. */
  private io.vertx.core.Context context;

  public RedisSupervisor(Vertx vertx, Redis raw, EmbeddedRedis embedded, Counters counters) {
    this.vertx = vertx;
    this.raw = raw;
    this.embedded = embedded;
    this.counters = counters;
    this.firstDamage = embedded == null ? null : embedded.aofDamage();
  }

  public RedisSupervisor start() {
    current = this;
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> timer = vertx.setPeriodic(PROBE_MILLIS, id -> probe()));
    return this;
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (current == this) {
      current = null;
    }
  }

  /** True while Redis is (thought to be) unreachable: SUSPECT or DOWN. */
  public static boolean outage() {
    RedisSupervisor s = current;
    return s != null && s.state != State.UP;
  }

  public State state() {
    return state;
  }

  public boolean down() {
    return state == State.DOWN;
  }

  public String reason() {
    return reason;
  }

  /** The embedded redis-server as it runs now (a restart replaces it), or null for an external Redis. */
  public EmbeddedRedis embedded() {
    return embedded;
  }

  /**
   * The Redis client logged a lost connection (it has no other way to tell): true if it was one,
   * and the supervisor of this hub checks at once.
   */
  public static boolean heard(Throwable t) {
    RedisSupervisor s = current;
    if (s == null || !connectionFailure(t)) {
      return false;
    }
    s.suspect(t);
    return true;
  }

  /** A command failed: if it could not reach Redis, check now rather than at the next second. */
  public void suspect(Throwable failure) {
    if (state == State.UP && connectionFailure(failure)) {
      state = State.SUSPECT;
      context.runOnContext(v -> probe());
    }
  }

  /** A command refused while DOWN (counted for the closing line). */
  void refusedWhileDown() {
    refused.incrementAndGet();
    counters.increment("redis.refused-while-down");
  }

  /** What /api/health shows of Redis. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", state == State.UP ? "UP" : "DOWN");
    m.put("since", since);
    if (state != State.UP) {
      m.put("reason", reason);
    }
    m.put("outages", outages);
    m.put("restarts", restarts);
    EmbeddedRedis e = embedded;
    if (e != null && e.aofDamage() != null) {
      m.put("aofDamaged", e.aofDamage());
    } else if (firstDamage != null) {
      m.put("aofDamaged", firstDamage);
    }
    return m;
  }

  static boolean connectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.io.IOException
          || t instanceof RedisDownException) {
        return true;
      }
      String m = t.getMessage();
      if (m != null && (m.contains("Connection refused") || m.contains("Connection reset") || m.contains("onnection is closed")
          || m.contains("Connection closed") || m.contains("LOADING"))) {
        return true;
      }
    }
    return false;
  }

  private void probe() {
    if (probing || stopped) {
      return;
    }
    probing = true;
    ping().onComplete(ar -> {
      probing = false;
      if (ar.succeeded()) {
        up();
      } else {
        down(embeddedReason(ar.cause()));
        restartIfDead();
      }
    });
  }

  /** PING with a time limit: a hung Redis is as unusable as a dead one. */
  private Future<Void> ping() {
    Promise<Void> p = Promise.promise();
    long t = vertx.setTimer(PING_TIMEOUT_MILLIS, id -> p.tryFail("no answer to PING within " + PING_TIMEOUT_MILLIS + " ms"));
    raw.send(Request.cmd(Command.PING)).onComplete(ar -> {
      vertx.cancelTimer(t);
      if (ar.succeeded()) {
        p.tryComplete();
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  private String embeddedReason(Throwable cause) {
    EmbeddedRedis e = embedded;
    String exit = e == null ? null : e.exitReason();
    return exit != null ? exit : "Redis does not answer: " + (cause == null ? "?" : cause.getMessage());
  }

  private void down(String why) {
    reason = why;
    if (state != State.DOWN) {
      state = State.DOWN;
      since = System.currentTimeMillis();
      outages++;
      refused.set(0);
      counters.increment("redis.outages");
      LOG.error("Redis is DOWN: {}. Screens keep playing from memory; what needs Redis is refused until it is back"
          + (embedded != null ? " (the hub restarts it)" : " (waiting for it; the client reconnects by itself)"), why);
    }
  }

  private void up() {
    if (state == State.DOWN) {
      long seconds = (System.currentTimeMillis() - since + 500) / 1000;
      LOG.info("Redis is back UP after {} s ({} commands refused meanwhile{})", seconds, refused.get(),
          restarts > 0 ? ", " + restarts + " restart(s) of the embedded redis-server so far" : "");
      since = System.currentTimeMillis();
    }
    state = State.UP;
    reason = null;
    restartDelay = RESTART_FIRST_MILLIS;
  }

  /** The embedded redis-server died: start it again on its port, with a growing back-off. */
  private void restartIfDead() {
    EmbeddedRedis e = embedded;
    if (stopped || e == null || e.alive() || restarting || System.currentTimeMillis() < nextRestartAt) {
      return;
    }
    restarting = true;
    Path dir = e.dataDir();
    int port = e.port();
    vertx.<EmbeddedRedis>executeBlocking(() -> EmbeddedRedis.start(dir, port, e.fsync()), false).onComplete(ar -> {
      restarting = false;
      if (ar.succeeded()) {
        embedded = ar.result();
        restarts++;
        counters.increment("redis.restarts");
        LOG.info("embedded redis-server started again on port {}", port);
        probe();
      } else {
        nextRestartAt = System.currentTimeMillis() + restartDelay;
        LOG.warn("embedded redis-server did not start again ({}); next try in {} ms", ar.cause().getMessage(), restartDelay);
        restartDelay = Math.min(RESTART_MAX_MILLIS, restartDelay * 2);
      }
    });
  }
}
