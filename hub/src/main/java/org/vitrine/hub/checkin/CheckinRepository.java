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

  /** Claims the shopper's phone key: a new one when nobody holds it, theirs again for the phone that does. */
  private static final String CLAIM_SCRIPT = String.join("\n",
      "local cur = redis.call('GET', KEYS[1])",
      "if not cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 'new' end",
      "if ARGV[3] ~= '' and cur == ARGV[3] then return 'same' end",
      "return 'taken'");
  /** Sets the key's TTL (the consent's end) if the key is still the one claimed. */
  private static final String CONFIRM_SCRIPT =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
  /** Deletes the key if it is still the one claimed (the enrolment it was claimed for failed). */
  private static final String RELEASE_SCRIPT =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
  /** How long a claimed key waits for its enrolment before it lapses by itself. */
  static final long CLAIM_MILLIS = 60_000;

  /** The outcome of {@link #claimPhone}: {@code key} null = another phone holds the shopper's check-in. */
  public record PhoneClaim(String key, boolean fresh) {
    public boolean taken() {
      return key == null;
    }
  }

  /**
   * Atomically: a new phone key when the shopper has no valid check-in, the same key when {@code
   * presentedKey} is the one their check-in's phone holds (a re-check-in from that phone), else
   * {@code taken}: a second phone cannot take over a member's check-in. Only the key's hash is
   * stored; a fresh claim lapses after a minute unless {@link #confirmPhone} follows.
   */
  public Future<PhoneClaim> claimPhone(String shopper, String presentedKey) {
    String key = newToken();
    String presented = presentedKey != null && presentedKey.matches("[A-Za-z0-9_-]{16,64}") ? Sha256.hex(presentedKey) : "";
    return redis.send(Request.cmd(Command.EVAL).arg(CLAIM_SCRIPT).arg(1).arg(Keys.shopperKey(shopper))
            .arg(Sha256.hex(key)).arg(CLAIM_MILLIS).arg(presented))
        .map(r -> switch (r.toString()) {
          case "new" -> new PhoneClaim(key, true);
          case "same" -> new PhoneClaim(presentedKey, false);
          default -> new PhoneClaim(null, false);
        });
  }

  /** The enrolment succeeded: the phone key lasts until {@code expiresAt} (the consent's end). */
  public Future<Void> confirmPhone(String shopper, String key, long expiresAt) {
    long ttl = Math.max(1, expiresAt - System.currentTimeMillis());
    return redis.send(Request.cmd(Command.EVAL).arg(CONFIRM_SCRIPT).arg(1).arg(Keys.shopperKey(shopper)).arg(Sha256.hex(key))
        .arg(ttl)).mapEmpty();
  }

  /** The enrolment failed: a freshly claimed key goes again, so the shopper can try once more from any phone. */
  public Future<Void> releasePhone(String shopper, PhoneClaim claim) {
    if (!claim.fresh()) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.EVAL).arg(RELEASE_SCRIPT).arg(1).arg(Keys.shopperKey(shopper))
        .arg(Sha256.hex(claim.key()))).mapEmpty();
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
