package org.vitrine.hub.analytics;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes the daily aggregates ({@link StatsKeys}): counters by HINCRBY, unique visitors by PFADD.
 * The changes of all events of a short window ({@link #FLUSH_MILLIS}) go to Redis as one pipeline:
 * per-event round trips cost the spine a third of its capacity (bench/README.md). Every key gets its expiry
 * ({@code keepDays}) the first time this hub writes it.
 */
public final class StatsWriter {

  private final Redis redis;
  private final Supplier<ZoneId> timezone;
  private final long keepSeconds;
  private final Set<String> expiring = new HashSet<>();
  private byte[] salt = new byte[0];

  /** How long changes wait to be written together. */
  static final long FLUSH_MILLIS = 100;

  private final io.vertx.core.Vertx vertx;
  private final java.util.Map<String, java.util.Map<String, Long>> pendingCounts = new java.util.HashMap<>();
  private final java.util.Map<String, Set<String>> pendingUniques = new java.util.HashMap<>();
  private final List<io.vertx.core.Promise<Void>> waiting = new ArrayList<>();
  private long flushTimer = -1;

  public StatsWriter(io.vertx.core.Vertx vertx, Redis redis, Supplier<ZoneId> timezone, int keepDays) {
    this.vertx = vertx;
    this.redis = redis;
    this.timezone = timezone;
    this.keepSeconds = keepDays * 86_400L;
  }

  /** Loads the store's salt for shopper hashes (made once, kept in Redis so every instance hashes alike). */
  public Future<Void> start() {
    String fresh = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    return redis.send(Request.cmd(Command.SET).arg(StatsKeys.SALT).arg(fresh).arg("NX"))
        .compose(r -> redis.send(Request.cmd(Command.GET).arg(StatsKeys.SALT)))
        .map(r -> {
          salt = r.toString().getBytes(StandardCharsets.UTF_8);
          return null;
        });
  }

  public ZoneId timezone() {
    return timezone.get();
  }

  public LocalDate day(long at) {
    return StatsKeys.dayOf(at, timezone.get());
  }

  /** A salted hash of a shopper id: counts them in a HyperLogLog without the id ever reaching Redis. */
  public String pseudonym(String shopper) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return "s:" + HexFormat.of().formatHex(sha.digest(shopper.getBytes(StandardCharsets.UTF_8)), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Batch batch() {
    return new Batch();
  }

  /** The changes one event makes; {@link #send()} hands them to the writer's window. */
  public final class Batch {
    private final java.util.Map<String, java.util.Map<String, Long>> counts = new java.util.HashMap<>();
    private final java.util.Map<String, Set<String>> uniques = new java.util.HashMap<>();

    /** Adds {@code delta} to {@code field} of the {@code topic} hash of the store-local day of {@code at}. */
    public Batch add(long at, String topic, String field, long delta) {
      return add(day(at), topic, field, delta);
    }

    public Batch add(LocalDate day, String topic, String field, long delta) {
      counts.computeIfAbsent(StatsKeys.day(day, topic), k -> new java.util.HashMap<>()).merge(field, delta, Long::sum);
      return this;
    }

    /** Adds one person to a unique-visitor HyperLogLog. */
    public Batch unique(String key, String element) {
      uniques.computeIfAbsent(key, k -> new HashSet<>()).add(element);
      return this;
    }

    public Future<Void> send() {
      if (counts.isEmpty() && uniques.isEmpty()) {
        return Future.succeededFuture();
      }
      return merge(counts, uniques);
    }
  }

  /**
   * Adds an event's changes to the window: counters are summed per (key, field) and visitors
   * collected per HyperLogLog, so a busy second costs one HINCRBY per distinct field, not per event.
   * Completes when the window's pipeline was written.
   */
  private synchronized Future<Void> merge(java.util.Map<String, java.util.Map<String, Long>> counts,
      java.util.Map<String, Set<String>> uniques) {
    counts.forEach((key, fields) -> fields.forEach((f, d) ->
        pendingCounts.computeIfAbsent(key, k -> new java.util.HashMap<>()).merge(f, d, Long::sum)));
    uniques.forEach((key, els) -> pendingUniques.computeIfAbsent(key, k -> new HashSet<>()).addAll(els));
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    waiting.add(done);
    if (flushTimer < 0) {
      flushTimer = vertx.setTimer(FLUSH_MILLIS, id -> flush());
    }
    return done.future();
  }

  /** Writes what is pending now (also at stop). */
  public synchronized Future<Void> flush() {
    flushTimer = -1;
    if (pendingCounts.isEmpty() && pendingUniques.isEmpty()) {
      List<io.vertx.core.Promise<Void>> done = new ArrayList<>(waiting);
      waiting.clear();
      done.forEach(io.vertx.core.Promise::complete);
      return Future.succeededFuture();
    }
    List<Request> batch = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    pendingCounts.forEach((key, fields) -> {
      fields.forEach((f, d) -> batch.add(Request.cmd(Command.HINCRBY).arg(key).arg(f).arg(d)));
      keys.add(key);
    });
    pendingUniques.forEach((key, els) -> {
      Request pfadd = Request.cmd(Command.PFADD).arg(key);
      els.forEach(pfadd::arg);
      batch.add(pfadd);
      keys.add(key);
    });
    if (expiring.size() > 50_000) {
      expiring.clear();
    }
    for (String k : keys) {
      if (expiring.add(k)) {
        batch.add(Request.cmd(Command.EXPIRE).arg(k).arg(keepSeconds));
      }
    }
    List<io.vertx.core.Promise<Void>> done = new ArrayList<>(waiting);
    pendingCounts.clear();
    pendingUniques.clear();
    waiting.clear();
    return redis.batch(batch).<Void>mapEmpty().onComplete(ar -> done.forEach(p -> p.handle(ar)));
  }
}
