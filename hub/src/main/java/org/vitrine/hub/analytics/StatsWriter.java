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
 * Writes the daily aggregates ({@link StatsKeys}): counters by HINCRBY, unique visitors by PFADD,
 * each change of one event in one pipelined batch. Every key gets its expiry
 * ({@code keepDays}) the first time this hub writes it.
 */
public final class StatsWriter {

  private final Redis redis;
  private final Supplier<ZoneId> timezone;
  private final long keepSeconds;
  private final Set<String> expiring = new HashSet<>();
  private byte[] salt = new byte[0];

  public StatsWriter(Redis redis, Supplier<ZoneId> timezone, int keepDays) {
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

  /** The changes one event makes; {@link #send()} writes them in one round trip. */
  public final class Batch {
    private final List<Request> requests = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();

    /** Adds {@code delta} to {@code field} of the {@code topic} hash of the store-local day of {@code at}. */
    public Batch add(long at, String topic, String field, long delta) {
      return add(day(at), topic, field, delta);
    }

    public Batch add(LocalDate day, String topic, String field, long delta) {
      String key = StatsKeys.day(day, topic);
      requests.add(Request.cmd(Command.HINCRBY).arg(key).arg(field).arg(delta));
      keys.add(key);
      return this;
    }

    /** Adds one person to a unique-visitor HyperLogLog. */
    public Batch unique(String key, String element) {
      requests.add(Request.cmd(Command.PFADD).arg(key).arg(element));
      keys.add(key);
      return this;
    }

    public Future<Void> send() {
      if (requests.isEmpty()) {
        return Future.succeededFuture();
      }
      synchronized (expiring) {
        if (expiring.size() > 50_000) {
          expiring.clear();
        }
        for (String k : keys) {
          if (expiring.add(k)) {
            requests.add(Request.cmd(Command.EXPIRE).arg(k).arg(keepSeconds));
          }
        }
      }
      return redis.batch(requests).mapEmpty();
    }
  }
}
