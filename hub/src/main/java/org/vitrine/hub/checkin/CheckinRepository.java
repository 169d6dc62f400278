package org.vitrine.hub.checkin;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.util.Base64;
import org.vitrine.hub.ops.Sha256;
import org.vitrine.hub.redis.Keys;

/**
 * QR check-in tokens in Redis, so every hub instance shows the same QR code and accepts the same
 * tokens. One token per window ({@code vitrine:checkin:current}); each token stays valid for two
 * windows ({@code vitrine:checkin:token:<t>}), so a code scanned just before it changes still works.
 */
public final class CheckinRepository {

  /** Atomically: the current token, or the proposed one if the window has none yet. */
  private static final String CURRENT_SCRIPT =
      "local t = redis.call('GET', KEYS[1]) if t then return t end "
          + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
          + "redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) return ARGV[1]";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Redis redis;

  public CheckinRepository(Redis redis) {
    this.redis = redis;
  }

  public Future<String> current(long windowMillis) {
    String proposed = newToken();
    return redis.send(Request.cmd(Command.EVAL).arg(CURRENT_SCRIPT).arg(2).arg(Keys.CHECKIN_CURRENT).arg(Keys.checkinToken(proposed))
        .arg(proposed).arg(windowMillis).arg(2 * windowMillis)).map(r -> r.toString());
  }

  public Future<Boolean> valid(String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{16,64}")) {
      return Future.succeededFuture(false);
    }
    return redis.send(Request.cmd(Command.EXISTS).arg(Keys.checkinToken(token))).map(r -> r.toLong() == 1);
  }

  /**
   * A new key for the shopper's phone, valid until {@code expiresAt} (their consent's end); only
   * its hash is kept. A new check-in replaces the previous key.
   */
  public Future<String> issueShopperKey(String shopper, long expiresAt) {
    String key = newToken();
    long ttl = Math.max(1, expiresAt - System.currentTimeMillis());
    return redis.send(Request.cmd(Command.SET).arg(Keys.shopperKey(shopper)).arg(Sha256.hex(key)).arg("PX").arg(ttl))
        .map(r -> key);
  }

  /** Whether {@code key} is the one the shopper's phone got at their (still valid) check-in. */
  public Future<Boolean> isShopperKey(String shopper, String key) {
    if (key == null || !key.matches("[A-Za-z0-9_-]{16,64}")) {
      return Future.succeededFuture(false);
    }
    return redis.send(Request.cmd(Command.GET).arg(Keys.shopperKey(shopper)))
        .map(r -> r != null && Sha256.same(r.toString(), Sha256.hex(key)));
  }

  private static String newToken() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
