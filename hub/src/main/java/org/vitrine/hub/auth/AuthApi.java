package org.vitrine.hub.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.web.ApiErrors.Problem;
import org.vitrine.hub.web.Bodies;

/** Logging in, who am I, and the admins' user management. */
public final class AuthApi {

  private static final Logger LOG = LoggerFactory.getLogger(AuthApi.class);

  private final Accounts accounts;
  private final ConsoleAuth auth;
  private final org.vitrine.hub.audit.AuditLog audit;
  /** Failed logins of one user name from one address (ASVS 2.2.1): 10 free, then a doubling wait. */
  private final org.vitrine.hub.redis.FailureGate userAtAddress;
  /** Failed logins from one address whatever the user name (trying many names with one password). */
  private final org.vitrine.hub.redis.FailureGate address;
  private final org.vitrine.hub.ops.Counters counters;

  public AuthApi(Accounts accounts, ConsoleAuth auth, org.vitrine.hub.audit.AuditLog audit,
      org.vitrine.hub.redis.FailureGate userAtAddress, org.vitrine.hub.redis.FailureGate address,
      org.vitrine.hub.ops.Counters counters) {
    this.accounts = accounts;
    this.auth = auth;
    this.audit = audit;
    this.userAtAddress = userAtAddress;
    this.address = address;
    this.counters = counters;
  }

  public record Login(String username, String password) {
  }

  /** A user as an admin writes it; password optional on update (kept). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UserBody(String username, String role, String password) {
  }

  /** Routes that need no login. */
  public void addPublicRoutes(Router router) {
    router.post("/api/auth/login").handler(this::login);
  }

  /** Routes behind the login. */
  public void addTo(Router router) {
    router.get("/api/auth/me").handler(ctx -> ApiErrors.send(ctx, 200,
        Map.of("username", ConsoleAuth.nameOf(ctx.user()), "role", ConsoleAuth.roleOf(ctx.user()).id())));
    router.post("/api/auth/logout").handler(ctx -> auth.logout(ctx.user())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> ApiErrors.unavailable(ctx, e)));
    var admin = ConsoleAuth.require(Role.ADMIN, "manage users");
    router.get("/api/users").handler(admin).handler(ctx -> accounts.list()
        .onSuccess(l -> ApiErrors.send(ctx, 200, l.stream().map(Account::publicView).toList()))
        .onFailure(e -> ApiErrors.unavailable(ctx, e)));
    router.post("/api/users").handler(admin).handler(ctx -> save(ctx, null));
    router.put("/api/users/:username").handler(admin).handler(ctx -> save(ctx, ctx.pathParam("username")));
    router.delete("/api/users/:username").handler(admin).handler(this::delete);
  }

  private void login(RoutingContext ctx) {
    Login body = Bodies.read(ctx, Login.class);
    if (body == null) {
      return;
    }
    if (body.username() == null || body.password() == null) {
      ApiErrors.invalid(ctx, body.username() == null ? "username" : "password", "required");
      return;
    }
    String from = org.vitrine.hub.audit.AuditTrail.from(ctx);
    String who = body.username() + "@" + from;
    // the wait is checked before the password: a blocked guess costs the attacker a round trip, not a verify
    Future.all(userAtAddress.waitMillis(who), address.waitMillis(from)).compose(waits -> {
      long wait = Math.max(waits.<Long>resultAt(0), waits.<Long>resultAt(1));
      if (wait > 0) {
        counters.increment("auth.login.throttled");
        ApiErrors.tooMany(ctx, wait, "too many failed logins from this address: try again in "
            + Math.max(1, (wait + 999) / 1000) + " s");
        return Future.succeededFuture();
      }
      return accounts.verify(body.username(), body.password()).compose(a -> a == null ? refused(ctx, body.username(), who, from)
          : userAtAddress.succeeded(who).onSuccess(v -> loggedIn(ctx, a, from)));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private Future<Void> refused(RoutingContext ctx, String username, String who, String from) {
    counters.increment("auth.login.refused");
    return Future.all(userAtAddress.failed(who), address.failed(from)).map(blocks -> {
      long block = Math.max(blocks.<Long>resultAt(0), blocks.<Long>resultAt(1));
      LOG.warn("console login refused for '{}' from {}{}", org.vitrine.hub.ops.LogText.safe(username), from,
          block > 0 ? ": next attempt in " + (block + 999) / 1000 + " s" : "");
      audit.record(new org.vitrine.hub.audit.AuditLog.Entry(System.currentTimeMillis(), username, null, from, "login", "refused"));
      ApiErrors.send(ctx, 401, Map.of("error", "unauthenticated", "message", "wrong user name or password"));
      return null;
    });
  }

  private void loggedIn(RoutingContext ctx, Account a, String from) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", auth.tokenFor(a));
    out.put("username", a.username());
    out.put("role", a.role());
    out.put("expiresAt", auth.expiresAt());
    LOG.info("console login: {} ({}) from {}", a.username(), a.role(), from);
    audit.record(new org.vitrine.hub.audit.AuditLog.Entry(System.currentTimeMillis(), a.username(), a.role(), from, "login", "ok"));
    ApiErrors.send(ctx, 200, out);
  }

  private void save(RoutingContext ctx, String pathName) {
    UserBody body = Bodies.read(ctx, UserBody.class);
    if (body == null) {
      return;
    }
    String username = body.username() != null ? body.username() : pathName;
    List<Problem> problems = new ArrayList<>();
    if (username == null || !org.vitrine.hub.catalog.Ids.PATTERN.matcher(username).matches()) {
      problems.add(new Problem("username", org.vitrine.hub.catalog.Ids.RULE));
    } else if (pathName != null && !pathName.equals(username)) {
      problems.add(new Problem("username", "must equal the name in the URL ('" + pathName + "')"));
    }
    Role role = Role.of(body.role());
    if (role == null) {
      problems.add(new Problem("role", "must be admin, editor or viewer"));
    }
    if (pathName == null && body.password() == null) {
      problems.add(new Problem("password", "required for a new user"));
    }
    if (body.password() != null && body.password().length() < 8) {
      problems.add(new Problem("password", "at least 8 characters"));
    }
    if (!problems.isEmpty()) {
      ApiErrors.invalid(ctx, problems);
      return;
    }
    accounts.get(username).compose(existing -> {
      if (pathName == null && existing != null) {
        ApiErrors.conflict(ctx, "user '" + username + "' already exists");
        return Future.succeededFuture();
      }
      if (pathName != null && existing == null) {
        ApiErrors.notFound(ctx, "no user '" + username + "'");
        return Future.succeededFuture();
      }
      if (existing != null && Role.ADMIN.id().equals(existing.role()) && role != Role.ADMIN) {
        return lastAdmin(username).compose(last -> {
          if (last) {
            ApiErrors.conflict(ctx, "'" + username + "' is the last admin: make someone else admin first");
            return Future.succeededFuture();
          }
          return store(ctx, username, role, body.password(), pathName == null);
        });
      }
      return store(ctx, username, role, body.password(), pathName == null);
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private Future<Void> store(RoutingContext ctx, String username, Role role, String password, boolean created) {
    return accounts.save(username, role, password).onSuccess(a -> ApiErrors.send(ctx, created ? 201 : 200, a.publicView()))
        .mapEmpty();
  }

  private Future<Boolean> lastAdmin(String username) {
    return accounts.list().map(all -> all.stream().filter(a -> Role.ADMIN.id().equals(a.role()))
        .allMatch(a -> a.username().equals(username)));
  }

  private void delete(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    if (username.equals(ConsoleAuth.nameOf(ctx.user()))) {
      ApiErrors.conflict(ctx, "you cannot delete yourself");
      return;
    }
    accounts.get(username).compose(a -> {
      if (a == null) {
        ApiErrors.notFound(ctx, "no user '" + username + "'");
        return Future.succeededFuture();
      }
      return accounts.delete(username).onSuccess(v -> ctx.response().setStatusCode(204).end()).mapEmpty();
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }
}
