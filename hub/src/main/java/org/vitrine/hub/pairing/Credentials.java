package org.vitrine.hub.pairing;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.ops.Sha256;
import org.vitrine.hub.redis.Keys;

/**
 * The long-lived credentials of paired screens and browser speakers, in Redis
 * ({@code vitrine:credentials}, field {@code <kind>:<id>}): only the SHA-256 of each token is kept,
 * with when and by whom it was issued; one token per screen or speaker (a new one replaces it).
 * When they were last connected is kept beside ({@code vitrine:last-seen}).
 */
public final class Credentials {

  /** A screen (player page) or a browser speaker page. */
  public static final String SCREEN = "screen";
  public static final String SPEAKER = "speaker";

  /** What is stored: never the token. */
  public record Stored(String hash, long issuedAt, String by) {
  }

  /** When a paired thing was last connected, from where, and whether it is connected now. */
  public record Seen(long at, String from, boolean online) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Redis redis;

  public Credentials(Redis redis) {
    this.redis = redis;
  }

  static String field(String kind, String id) {
    return kind + ":" + id;
  }

  /** A new token (256 bits, URL-safe): the only time it exists outside the device that keeps it. */
  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Issues a token for {@code kind id}, replacing any earlier one; returns the token. */
  public Future<String> issue(String kind, String id, String by) {
    return store(kind, id, newToken(), by);
  }

  /** Keeps the hash of {@code token} as the credential of {@code kind id}, replacing any earlier one. */
  Future<String> store(String kind, String id, String token, String by) {
    Stored s = new Stored(Sha256.hex(token), System.currentTimeMillis(), by);
    return redis.send(Request.cmd(Command.HSET).arg(Keys.CREDENTIALS).arg(field(kind, id)).arg(Json.write(s))).map(token);
  }

  /** The stored record as it is (null = none), to put back with {@link #restore}. */
  Future<String> raw(String kind, String id) {
    return redis.send(Request.cmd(Command.HGET).arg(Keys.CREDENTIALS).arg(field(kind, id))).map(r -> r == null ? null : r.toString());
  }

  Future<Void> restore(String kind, String id, String raw) {
    return redis.send(raw == null ? Request.cmd(Command.HDEL).arg(Keys.CREDENTIALS).arg(field(kind, id))
        : Request.cmd(Command.HSET).arg(Keys.CREDENTIALS).arg(field(kind, id)).arg(raw)).mapEmpty();
  }

  /** Revokes; true if there was a credential. */
  public Future<Boolean> revoke(String kind, String id) {
    return redis.send(Request.cmd(Command.HDEL).arg(Keys.CREDENTIALS).arg(field(kind, id))).map(r -> r.toLong() > 0);
  }

  /** The issue time of the credential {@code token} proves for {@code kind id}, or null when it proves nothing. */
  public Future<Long> check(String kind, String id, String token) {
    if (token == null || token.length() < 20 || token.length() > 100) {
      return Future.succeededFuture(null);
    }
    return redis.send(Request.cmd(Command.HGET).arg(Keys.CREDENTIALS).arg(field(kind, id))).map(r -> {
      if (r == null) {
        return null;
      }
      Stored s = Json.read(r.toString(), Stored.class);
      return Sha256.same(s.hash(), Sha256.hex(token)) ? s.issuedAt() : null;
    });
  }

  /** The credential's issue time for {@code kind id} now (null = none): a live socket compares it with its own. */
  public Future<Long> issuedAt(String kind, String id) {
    return redis.send(Request.cmd(Command.HGET).arg(Keys.CREDENTIALS).arg(field(kind, id)))
        .map(r -> r == null ? null : Json.read(r.toString(), Stored.class).issuedAt());
  }

  /** Records a connection or a disconnection. */
  public Future<Void> seen(String kind, String id, String from, boolean online) {
    return redis.send(Request.cmd(Command.HSET).arg(Keys.LAST_SEEN).arg(field(kind, id))
        .arg(Json.write(new Seen(System.currentTimeMillis(), from, online)))).mapEmpty();
  }

  /** Every credential and last-seen record of one kind: id → {paired, pairedAt, pairedBy, lastSeen, lastSeenFrom}. */
  public Future<Map<String, Map<String, Object>>> overview(String kind) {
    return redis.batch(List.of(Request.cmd(Command.HGETALL).arg(Keys.CREDENTIALS), Request.cmd(Command.HGETALL).arg(Keys.LAST_SEEN)))
        .map(r -> {
          Map<String, Map<String, Object>> out = new LinkedHashMap<>();
          String prefix = kind + ":";
          read(r.get(0), (f, v) -> {
            if (f.startsWith(prefix)) {
              Stored s = Json.read(v, Stored.class);
              Map<String, Object> m = out.computeIfAbsent(f.substring(prefix.length()), k -> new LinkedHashMap<>());
              m.put("pairedAt", s.issuedAt());
              m.put("pairedBy", s.by());
            }
          });
          read(r.get(1), (f, v) -> {
            if (f.startsWith(prefix)) {
              Seen s = Json.read(v, Seen.class);
              Map<String, Object> m = out.computeIfAbsent(f.substring(prefix.length()), k -> new LinkedHashMap<>());
              m.put("lastSeen", s.at());
              m.put("lastSeenFrom", s.from());
              m.put("online", s.online());
            }
          });
          return out;
        });
  }

  private static void read(Response hash, java.util.function.BiConsumer<String, String> each) {
    if (hash == null) {
      return;
    }
    for (String k : hash.getKeys()) {
      each.accept(k, hash.get(k).toString());
    }
  }

  /** Forgets a screen or speaker that was deleted. */
  public Future<Void> forget(String kind, String id) {
    return redis.batch(List.of(Request.cmd(Command.HDEL).arg(Keys.CREDENTIALS).arg(field(kind, id)),
        Request.cmd(Command.HDEL).arg(Keys.LAST_SEEN).arg(field(kind, id)))).mapEmpty();
  }
}
