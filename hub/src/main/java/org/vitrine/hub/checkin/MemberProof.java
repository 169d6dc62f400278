package org.vitrine.hub.checkin;

import io.vertx.core.Future;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.members.MemberSecrets;
import org.vitrine.hub.members.MemberTokens;
import org.vitrine.hub.redis.FailureGate;

/**
 * Who is checking in: a loyalty member proven by a member token from the member system, or by
 * their member id and the secret the loyalty programme gave them. Failed proofs are counted per
 * address and, for secrets, per member id ({@link FailureGate}); while either is held off the
 * answer is 429. An unknown member id and a wrong secret are the same refusal after the same
 * PBKDF2 work and the same Redis calls, so no answer or timing tells whether a member exists.
 */
public final class MemberProof {

  /** What the phone sent: a member token, or a member id and secret. */
  public record Claim(String memberToken, String member, String secret) {
    boolean byToken() {
      return memberToken != null && !memberToken.isEmpty();
    }
  }

  static final Refusal WRONG_SECRET = new Refusal(401, "wrong-member-or-secret",
      "that member id and secret do not match: check both (the secret is on your loyalty card or in the loyalty app), or ask staff");
  static final Refusal BAD_TOKEN = new Refusal(401, "invalid-member-token",
      "your shopping app's sign-in was not accepted (it may have expired): open the check-in again from the app, "
          + "or use your member id and secret");
  static final Refusal NOT_HERE = new Refusal(403, "not-known-here",
      "your membership is valid, but this store has no loyalty profile for you yet: please ask staff");

  private final CatalogHolder catalog;
  private final MemberSecrets secrets;
  private final MemberTokens tokens;
  private final FailureGate byMember;
  private final FailureGate byAddress;

  public MemberProof(CatalogHolder catalog, MemberSecrets secrets, MemberTokens tokens, FailureGate byMember, FailureGate byAddress) {
    this.catalog = catalog;
    this.secrets = secrets;
    this.tokens = tokens;
    this.byMember = byMember;
    this.byAddress = byAddress;
  }

  /** Whether member tokens can be checked here (a key set is configured). */
  public boolean tokensEnabled() {
    return tokens.enabled();
  }

  /** The proven member's profile, else a failed {@link Refusal}. */
  public Future<ShopperProfile> prove(Claim claim, String address) {
    return claim.byToken() ? byToken(claim.memberToken(), address) : bySecret(claim.member(), claim.secret(), address);
  }

  private Future<ShopperProfile> byToken(String token, String address) {
    return heldOff(address, null).compose(v -> tokens.verify(token)
        .recover(e -> byAddress.failed(address).compose(x -> Future.failedFuture(BAD_TOKEN.logging(e.getMessage()))))
        .compose(claims -> {
          String id = tokens.memberOf(claims);
          if (id == null) {
            return Future.failedFuture(BAD_TOKEN.logging("the token has no usable member id claim"));
          }
          ShopperProfile p = catalog.get().shopper(id).orElse(null);
          return p == null ? Future.failedFuture(NOT_HERE.logging("member " + id + " has no profile here")) : Future.succeededFuture(p);
        }));
  }

  private Future<ShopperProfile> bySecret(String member, String secret, String address) {
    // the profile, or null for an id nobody has: both take the same path from here
    ShopperProfile p = catalog.get().shopper(member).orElse(null);
    return heldOff(address, member).compose(v -> secrets.matches(p, secret)).compose(ok -> {
      if (ok) {
        return byMember.succeeded(member).map(p);
      }
      return Future.all(byAddress.failed(address), byMember.failed(member))
          .compose(x -> Future.failedFuture(WRONG_SECRET));
    });
  }

  /** 429 while the address (or the member id) is held off after failed proofs. */
  private Future<Void> heldOff(String address, String member) {
    Future<Long> memberWait = member == null ? Future.succeededFuture(0L) : byMember.waitMillis(member);
    return Future.all(byAddress.waitMillis(address), memberWait).compose(w -> {
      long wait = Math.max(w.<Long>resultAt(0), w.<Long>resultAt(1));
      return wait > 0 ? Future.failedFuture(Refusal.tooMany("too-many-attempts",
          "too many attempts that did not match: please wait a moment, or ask staff", wait)) : Future.succeededFuture();
    });
  }
}
