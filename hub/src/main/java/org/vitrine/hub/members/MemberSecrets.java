package org.vitrine.hub.members;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.vitrine.hub.catalog.ShopperProfile;

/**
 * The built-in member login's secrets: PBKDF2 through Vert.x auth's hashing strategy (the same as
 * console passwords, {@code auth.Accounts}), as PHC strings. Hashing costs tens of milliseconds on
 * purpose, so it runs on a worker thread. A member without a secret, or no member at all, costs the
 * same work as a wrong secret: the answer's timing does not tell who exists.
 */
public final class MemberSecrets {

  private static final String ALGORITHM = "pbkdf2";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Shortest secret an admin may set: loyalty cards print short codes, the back-off guards the rest. */
  public static final int MIN_LENGTH = 6;
  public static final int MAX_LENGTH = 200;

  private final Vertx vertx;
  private final HashingStrategy hashing = HashingStrategy.load();
  /**
   * The hash of 32 random bytes thrown away when it was made: verified against when there is no
   * member or no secret, so that costs the same PBKDF2 work as a wrong secret, and never matches.
   */
  private static final String DECOY =
      "$pbkdf2$$X3227sz7aSYfYAOTwJSJOA==$LwFwdPDNkBXZUBE94faQY2SL+hsbAfE3Ah8jpjXquOuK0jRBa+/0a7akbeMkVipfl3KSQrpIb8XKAp4CTRyUyA";

  public MemberSecrets(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Whether {@code s} looks like a PBKDF2 PHC string this strategy can verify ({@link PhcString}). */
  public static boolean isPhc(String s) {
    return PhcString.isPhc(s);
  }

  /** The PHC string of a new secret (worker thread). */
  public Future<String> hash(String secret) {
    return vertx.executeBlocking(() -> hashing.hash(ALGORITHM, Map.of(), salt(), secret), false);
  }

  /**
   * Whether {@code secret} is the member's. {@code member} null (no such member) or without a
   * secret is checked against the decoy: the same PBKDF2 work, always false.
   */
  public Future<Boolean> matches(ShopperProfile member, String secret) {
    String stored = member == null || !isPhc(member.secretHash()) ? null : member.secretHash();
    return vertx.executeBlocking(() -> {
      boolean ok = hashing.verify(stored == null ? DECOY : stored, secret == null ? "" : secret);
      return ok && stored != null;
    }, false);
  }

  private static String salt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return Base64.getEncoder().encodeToString(salt);
  }
}
