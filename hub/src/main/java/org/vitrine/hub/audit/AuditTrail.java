package org.vitrine.hub.audit;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;

/**
 * The audit log's HTTP side: every change made through the operators' API (any method but GET)
 * is recorded when its answer has gone out, with the answer's status; admins read the log at
 * {@code GET /api/audit}.
 */
public final class AuditTrail {

  private final AuditLog log;

  public AuditTrail(AuditLog log) {
    this.log = log;
  }

  public AuditLog log() {
    return log;
  }

  /** The address a request came from (the socket's peer: no proxy header is trusted). */
  public static String from(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  /** Behind the login check: records every change once it is answered. */
  public Handler<RoutingContext> recorder() {
    return ctx -> {
      HttpMethod m = ctx.request().method();
      if (m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS) {
        String action = m.name() + " " + pseudonymised(ctx.request().path());
        ctx.addEndHandler(v -> log.record(new AuditLog.Entry(System.currentTimeMillis(), ConsoleAuth.nameOf(ctx.user()),
            roleId(ctx), from(ctx), action, Integer.toString(ctx.response().getStatusCode()))));
      }
      ctx.next();
    };
  }

  /**
   * For public routes that change something (a phone's "forget me", the member system's erasure):
   * records who it was as {@code who} tells from the request (no console user is logged in there).
   */
  public Handler<RoutingContext> recorderAs(java.util.function.Function<RoutingContext, io.vertx.core.Future<String>> who) {
    return ctx -> {
      String action = ctx.request().method().name() + " " + pseudonymised(ctx.request().path());
      ctx.addEndHandler(v -> who.apply(ctx).otherwise("(unknown)").onSuccess(by -> log.record(new AuditLog.Entry(
          System.currentTimeMillis(), by, null, from(ctx), action, Integer.toString(ctx.response().getStatusCode())))));
      ctx.next();
    };
  }

  private static final java.util.regex.Pattern SHOPPER_PATH = java.util.regex.Pattern.compile("^(/api/(?:shoppers|members)/)([^/]+)(.*)$");

  /**
   * The path with a shopper's id replaced by the pseudonym of their erasure tombstone
   * ({@code ~} + 12 hex of SHA-256("vitrine-erased:" + id)): the log keeps that an admin changed
   * or erased a member, while erasure leaves no id anywhere; whoever knows the id can still find
   * the entries by computing the pseudonym.
   */
  static String pseudonymised(String path) {
    java.util.regex.Matcher m = SHOPPER_PATH.matcher(path);
    if (!m.matches()) {
      return path;
    }
    return m.group(1) + "~" + org.vitrine.hub.redis.Keys.erasedMark(m.group(2)).substring(0, 12) + m.group(3);
  }

  private static String roleId(RoutingContext ctx) {
    Role r = ConsoleAuth.roleOf(ctx.user());
    return r == null ? null : r.id();
  }

  /** {@code GET /api/audit?limit=100&before=<id>}, newest first (admin). */
  public void addTo(Router router) {
    router.get("/api/audit").handler(ConsoleAuth.require(Role.ADMIN, "read the audit log")).handler(ctx -> {
      int limit;
      try {
        limit = Integer.parseInt(ctx.request().getParam("limit", "100"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      String before = ctx.request().getParam("before");
      if (limit < 1 || limit > 1000) {
        ApiErrors.invalid(ctx, "limit", "a whole number from 1 to 1000");
        return;
      }
      if (before != null && !before.matches("\\d{1,20}-\\d{1,20}")) {
        ApiErrors.invalid(ctx, "before", "an entry id from an earlier page, such as 1764000000000-0");
        return;
      }
      log.read(before, limit).onSuccess(list -> ApiErrors.send(ctx, 200, list)).onFailure(e -> ApiErrors.unavailable(ctx, e));
    });
  }
}
