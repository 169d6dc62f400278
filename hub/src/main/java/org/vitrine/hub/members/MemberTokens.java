package org.vitrine.hub.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.vitrine.hub.catalog.Ids;
import org.vitrine.hub.config.HubConfig;

/**
 * Checks a token from the member system: its shape and algorithm first (three parts, a
 * signature, an asymmetric {@code alg}: "none" and HS256 are refused before any key is looked at),
 * then the signature, {@code iss}, {@code aud}, {@code exp}/{@code nbf}/{@code iat} with the
 * configured leeway by Vert.x auth-jwt against {@link MemberKeySet}; {@code exp} must be there.
 * Failures are {@link Refused} with the reason for the log (never for the caller).
 */
public final class MemberTokens {

  /** Longest token accepted: a member token is a few hundred bytes, a big one is not ours. */
  static final int MAX_LENGTH = 8192;

  /** Why a token was refused (for the hub's log; callers answer one message for all). */
  public static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final MemberKeySet keys;
  private final HubConfig.Jwt config;

  public MemberTokens(MemberKeySet keys, HubConfig.Jwt config) {
    this.keys = keys;
    this.config = config;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** The token's claims if the member system signed it for us and it is current. */
  public Future<JsonObject> verify(String token) {
    JsonObject header;
    try {
      header = header(token);
    } catch (Refused e) {
      return Future.failedFuture(e);
    }
    if (!config.enabled()) {
      return Future.failedFuture(new Refused("no member key set configured (members.jwt)"));
    }
    String kid = header.getString("kid");
    MemberKeySet.Loaded now = keys.current();
    boolean unknownKid = now == null || (kid != null && !now.kids().isEmpty() && !now.kids().contains(kid));
    Future<MemberKeySet.Loaded> loaded = unknownKid ? keys.refreshForUnknownKid().map(r -> keys.current())
        : Future.succeededFuture(now);
    return loaded.compose(set -> {
      if (set == null) {
        return Future.failedFuture(new Refused("the member key set is not loaded"));
      }
      return set.verifier().authenticate(new TokenCredentials(token))
          .recover(e -> Future.failedFuture(new Refused(e.getMessage() == null ? e.toString() : e.getMessage())))
          .compose(user -> {
            // the signature is good: the payload as sent is the claims (Vert.x's principal leaves exp and iat aside)
            JsonObject claims = payload(token);
            if (!(claims.getValue("exp") instanceof Number)) {
              return Future.failedFuture(new Refused("no exp claim: member tokens must expire"));
            }
            return Future.succeededFuture(claims);
          });
    });
  }

  private static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** The header of a well-formed token with an accepted algorithm, else {@link Refused}. */
  static JsonObject header(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw new Refused("no token, or longer than " + MAX_LENGTH + " characters");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw new Refused("not a signed JWT (header.payload.signature)");
    }
    JsonObject header;
    try {
      header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new Refused("the header is not base64url JSON");
    }
    String alg = header.getValue("alg") instanceof String a ? a : null;
    if (alg == null || !MemberKeySet.ALGORITHMS.contains(alg)) {
      throw new Refused("algorithm " + alg + " not accepted (only " + new java.util.TreeSet<>(MemberKeySet.ALGORITHMS) + ")");
    }
    if (header.containsKey("jwk") || header.containsKey("jku") || header.containsKey("x5u")) {
      throw new Refused("a token may not bring its own key (jwk, jku, x5u)");
    }
    return header;
  }

  /** The loyalty member id the token is for (the configured claim, lower-cased), or null if it has none usable. */
  public String memberOf(JsonObject claims) {
    Object v = claims.getValue(config.memberClaim);
    if (!(v instanceof String s)) {
      return null;
    }
    String id = s.trim().toLowerCase(Locale.ROOT);
    return Ids.PATTERN.matcher(id).matches() ? id : null;
  }

  /** Whether the token's {@code scope} (space-separated text or an array) holds {@code scope}. */
  public static boolean hasScope(JsonObject claims, String scope) {
    Object v = claims.getValue("scope");
    if (v instanceof String s) {
      return java.util.Arrays.asList(s.trim().split("\\s+")).contains(scope);
    }
    return v instanceof JsonArray a && a.contains(scope);
  }
}
