package org.vitrine.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.UserContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.ops.Sha256;
import org.vitrine.hub.redis.Keys;

/**
 * Console sessions: a signed JWT (HS256, Vert.x auth-jwt) carrying the user name, role, a session
 * id and a fingerprint of the account. The signing secret is made once and kept in Redis, so
 * logins survive restarts and work on every hub instance of the store.
 *
 * <p>A signature alone is not enough: every request is checked against the account as it is now
 * (one Redis round trip). A deleted user, a changed role or a changed password ends the session at
 * once, and so does logging out (the session id is kept as revoked until the token would expire).
 */
public final class ConsoleAuth {

  /** Why a token was refused; the message is for the person, the code for logs and counters. */
  public static final class Refused extends RuntimeException {

    public final String code;

    Refused(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JWTAuth jwt;
  private final Redis redis;
  private final int sessionMinutes;

  private ConsoleAuth(JWTAuth jwt, Redis redis, int sessionMinutes) {
    this.jwt = jwt;
    this.redis = redis;
    this.sessionMinutes = sessionMinutes;
  }

  public static Future<ConsoleAuth> create(Vertx vertx, Redis redis, int sessionMinutes) {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    String candidate = Base64.getEncoder().encodeToString(fresh);
    return redis.send(Request.cmd(Command.HSETNX).arg(Keys.META).arg("jwtSecret").arg(candidate))
        .compose(r -> redis.send(Request.cmd(Command.HGET).arg(Keys.META).arg("jwtSecret")))
        .map(secret -> new ConsoleAuth(JWTAuth.create(vertx, new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret.toString()))), redis, sessionMinutes));
  }

  /**
   * What a session depends on: the role and the password hash. A new password or role changes it,
   * so older tokens no longer match. Short: it only needs to differ, and it must not help anyone
   * guess the hash.
   */
  static String fingerprint(Account a) {
    return Sha256.hex("vitrine-session\n" + a.role() + "\n" + a.passwordHash()).substring(0, 16);
  }

  /** A token for an account that just proved its password. */
  public String tokenFor(Account a) {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return jwt.generateToken(new JsonObject().put("sub", a.username()).put("role", a.role()).put("fp", fingerprint(a))
            .put("jti", Base64.getUrlEncoder().withoutPadding().encodeToString(id)),
        new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(sessionMinutes));
  }

  public long expiresAt() {
    return System.currentTimeMillis() + sessionMinutes * 60_000L;
  }

  /**
   * Accepts {@code Authorization: Bearer <token>}. The request is paused first and stays paused:
   * nothing of its body is read before the login is proven (the body handler after this one
   * resumes it). A refused request is answered 401 without reading its body, and its connection is
   * closed when a body is still on its way.
   */
  public Handler<RoutingContext> authenticated() {
    return ctx -> {
      if (!ctx.request().isEnded()) {
        ctx.request().pause();
      }
      session(bearer(ctx)).onSuccess(user -> {
        ((UserContextInternal) ctx.userContext()).setUser(user);
        ctx.next();
      }).onFailure(e -> refuse(ctx, e));
    };
  }

  /** The bearer token of the request, or null. */
  public static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
  }

  /** 401 as JSON, without reading what the client is still sending. */
  public static void refuse(RoutingContext ctx, Throwable why) {
    String message = why instanceof Refused r ? r.getMessage()
        : "log in first: send Authorization: Bearer <token> from POST /api/auth/login";
    ApiErrors.unauthenticated(ctx, message);
  }

  /**
   * The user of a token, checked against the account as it is now: signature and expiry, then
   * user still there, same role, same password, session not logged out.
   */
  public Future<User> session(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new Refused("no-token", "log in first: send Authorization: Bearer <token> from POST /api/auth/login"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new Refused("bad-token", "your login is not valid (expired or not ours): log in again")))
        .compose(user -> {
          String name = user.principal().getString("sub");
          String jti = user.principal().getString("jti");
          if (name == null || jti == null) {
            return Future.failedFuture(new Refused("old-token", "your login is from an older version: log in again"));
          }
          return redis.batch(List.of(Request.cmd(Command.HGET).arg(Keys.USERS).arg(name),
                  Request.cmd(Command.EXISTS).arg(Keys.revokedSession(jti))))
              .compose(r -> {
                Account a = r.get(0) == null ? null : org.vitrine.hub.events.Json.read(r.get(0).toString(), Account.class);
                if (a == null) {
                  return Future.failedFuture(new Refused("user-gone", "this user no longer exists: your session has ended"));
                }
                if (r.get(1).toLong() == 1) {
                  return Future.failedFuture(new Refused("logged-out", "you logged out: log in again"));
                }
                if (!a.role().equals(user.principal().getString("role")) || !fingerprint(a).equals(user.principal().getString("fp"))) {
                  return Future.failedFuture(new Refused("account-changed",
                      "your account was changed (role or password): your session has ended, log in again"));
                }
                return Future.succeededFuture(user);
              });
        });
  }

  /** {@link #session}: for callers that hold a token from elsewhere (a query parameter, another header). */
  public Future<User> authenticate(String token) {
    return session(token);
  }

  /** Ends the session of this token at once (until it would have expired anyway). */
  public Future<Void> logout(User user) {
    String jti = user.principal().getString("jti");
    long exp = user.principal().getLong("exp", 0L) * 1000L;
    long ttl = Math.max(1000L, exp - System.currentTimeMillis());
    return redis.send(Request.cmd(Command.SET).arg(Keys.revokedSession(jti)).arg("1").arg("PX").arg(ttl)).mapEmpty();
  }

  /** Lets the request through if the logged-in user's role includes {@code needed}; else 403 with why. */
  public static Handler<RoutingContext> require(Role needed, String what) {
    return ctx -> {
      Role has = roleOf(ctx.user());
      if (has != null && has.includes(needed)) {
        ctx.next();
      } else {
        ApiErrors.forbidden(ctx, "role " + (has == null ? "none" : has.id()) + " cannot " + what + " ("
            + (needed == Role.ADMIN ? "admin" : needed == Role.EDITOR ? "editor or admin" : "any role") + " needed)");
      }
    };
  }

  public static Role roleOf(User user) {
    return user == null ? null : Role.of(user.principal().getString("role"));
  }

  public static String nameOf(User user) {
    return user == null ? null : user.principal().getString("sub");
  }
}
