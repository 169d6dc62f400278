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
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.util.Base64;
import org.vitrine.hub.admin.ApiErrors;
import org.vitrine.hub.redis.Keys;

/**
 * Console sessions: a signed JWT (HS256, Vert.x auth-jwt) carrying the user name and role. The
 * signing secret is made once and kept in Redis, so logins survive restarts and work on every hub
 * instance of the store.
 */
public final class ConsoleAuth {

  private final JWTAuth jwt;
  private final int sessionMinutes;

  private ConsoleAuth(JWTAuth jwt, int sessionMinutes) {
    this.jwt = jwt;
    this.sessionMinutes = sessionMinutes;
  }

  public static Future<ConsoleAuth> create(Vertx vertx, Redis redis, int sessionMinutes) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String candidate = Base64.getEncoder().encodeToString(fresh);
    return redis.send(Request.cmd(Command.HSETNX).arg(Keys.META).arg("jwtSecret").arg(candidate))
        .compose(r -> redis.send(Request.cmd(Command.HGET).arg(Keys.META).arg("jwtSecret")))
        .map(secret -> new ConsoleAuth(JWTAuth.create(vertx, new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret.toString()))), sessionMinutes));
  }

  /** A token for an account that just proved its password. */
  public String tokenFor(Account a) {
    return jwt.generateToken(new JsonObject().put("sub", a.username()).put("role", a.role()),
        new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(sessionMinutes));
  }

  public long expiresAt() {
    return System.currentTimeMillis() + sessionMinutes * 60_000L;
  }

  /** Accepts {@code Authorization: Bearer <token>}; a missing or bad token fails the request with 401. */
  public Handler<RoutingContext> authenticated() {
    return JWTAuthHandler.create(jwt);
  }

  /** For EventSource, which cannot send headers: the token comes as {@code access_token}. */
  public Future<User> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture("no access_token");
    }
    return jwt.authenticate(new TokenCredentials(token));
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
