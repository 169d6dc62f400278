package org.vitrine.hub.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.Future;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.EnrolRequest;
import org.vitrine.hub.events.EnrolResult;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.identity.Eraser;
import org.vitrine.hub.identity.IdentityRepository;
import org.vitrine.hub.ops.Counters;

/**
 * REST of the QR check-in and of a shopper's identity (ARCHITECTURE.md, "HTTP"): the QR code the
 * entrance screen shows, the phone page's session and agreement, the identity status and "forget
 * me". Adapter only: enrolment is the IdentityVerticle's, erasure the {@link Eraser}'s.
 *
 * <p>Status and "forget me" answer only the shopper's own phone, which got a key at check-in
 * (header {@value #SHOPPER_KEY_HEADER}), or a console login (any role may read the status, an
 * admin may erase): nobody else can probe who is enrolled or erase someone.
 */
public final class CheckinApi {

  private static final Logger LOG = LoggerFactory.getLogger(CheckinApi.class);
  private static final Pattern ID = org.vitrine.hub.catalog.Ids.PATTERN;
  /** Pixels per QR module: ~300 px for a check-in URL, sharp when the screen scales it up. */
  private static final int QR_SCALE = 8;
  /** The key the phone got at check-in, proving the identity is theirs. */
  public static final String SHOPPER_KEY_HEADER = "X-Vitrine-Shopper-Key";

  private final Vertx vertx;
  private final HubConfig.Checkin config;
  private final HubConfig.Identity identity;
  private final CatalogHolder catalog;
  private final CheckinRepository tokens;
  private final IdentityRepository faces;
  private final Eraser eraser;
  private final Counters counters;
  private final ConsoleAuth consoleAuth;
  /** The last rendered QR code (url, png): screens ask every few seconds, the token changes every window. */
  private volatile Object[] lastQr = {null, null};

  public CheckinApi(Vertx vertx, HubConfig.Checkin config, HubConfig.Identity identity, CatalogHolder catalog,
      CheckinRepository tokens, IdentityRepository faces, Eraser eraser, Counters counters, ConsoleAuth consoleAuth) {
    this.vertx = vertx;
    this.config = config;
    this.identity = identity;
    this.catalog = catalog;
    this.tokens = tokens;
    this.faces = faces;
    this.eraser = eraser;
    this.counters = counters;
    this.consoleAuth = consoleAuth;
  }

  /** Adds the routes to the hub's HTTP router (before its static files). */
  public void addTo(Router router) {
    router.post("/api/checkin").handler(BodyHandler.create().setBodyLimit(4096));
    router.get("/api/checkin/qr.png").handler(this::qr);
    router.get("/api/checkin/session").handler(this::session);
    router.post("/api/checkin").handler(this::checkIn);
    router.get("/api/shoppers/:id/identity").handler(this::status);
    router.delete("/api/shoppers/:id/identity").handler(this::erase);
  }

  private long windowMillis() {
    return config.windowSeconds * 1000L;
  }

  /** The QR code of the current window's check-in URL, as PNG. */
  private void qr(RoutingContext ctx) {
    String base = config.publicUrl != null && !config.publicUrl.isBlank() ? config.publicUrl.replaceAll("/+$", "")
        : (ctx.request().isSSL() ? "https://" : "http://") + hostOf(ctx);
    tokens.current(windowMillis())
        .compose(token -> {
          String url = base + "/checkin/?t=" + token;
          Object[] last = lastQr;
          if (url.equals(last[0])) {
            return io.vertx.core.Future.succeededFuture((byte[]) last[1]);
          }
          return vertx.executeBlocking(() -> QrCode.png(url, QR_SCALE), false).onSuccess(png -> lastQr = new Object[] {url, png});
        })
        .onSuccess(png -> ctx.response().putHeader("content-type", "image/png").putHeader("cache-control", "no-store")
            .end(Buffer.buffer(png)))
        .onFailure(e -> unavailable(ctx, e));
  }

  /** Where the screen reached us (HTTP/1.1 Host, HTTP/2 :authority): the phone on the same network reaches us there too. */
  private static String hostOf(RoutingContext ctx) {
    io.vertx.core.net.HostAndPort authority = ctx.request().authority();
    if (authority != null) {
      return authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
    }
    String host = ctx.request().getHeader("Host");
    return host != null ? host : "localhost:" + ctx.request().localAddress().port();
  }

  /** The phone page opens with this: is the token good, and which members may it link (demo). */
  private void session(RoutingContext ctx) {
    String token = ctx.request().getParam("t");
    if (token == null || token.isBlank()) {
      error(ctx, 400, "token-required", "open this page by scanning the QR code on the entrance screen");
      return;
    }
    tokens.valid(token).onSuccess(valid -> {
      if (!valid) {
        error(ctx, 410, "expired-token", "this QR code has expired: scan the one on the entrance screen again");
        return;
      }
      List<Map<String, String>> members = new ArrayList<>();
      for (ShopperProfile p : catalog.get().shoppers()) {
        members.add(Map.of("id", p.id(), "name", p.name() == null ? p.id() : p.name()));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("valid", true);
      body.put("zone", config.zone);
      body.put("keepHours", Math.round(identity.embeddingTtlSeconds / 360.0) / 10.0);
      body.put("members", members);
      json(ctx, 200, body);
    }).onFailure(e -> unavailable(ctx, e));
  }

  /** The shopper agreed on the phone page: enrol the face the entrance camera sees now. */
  private void checkIn(RoutingContext ctx) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.body().asString() == null ? "" : ctx.body().asString());
    } catch (Exception e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      error(ctx, 400, "bad-json", "send a JSON object: {\"token\",\"member\",\"consent\":true}");
      return;
    }
    String token = body.path("token").asText("");
    String member = body.path("member").asText("").trim().toLowerCase(java.util.Locale.ROOT);
    if (!body.path("consent").asBoolean(false) || !body.path("consent").isBoolean()) {
      error(ctx, 400, "consent-required", "consent must be true: without it you stay anonymous and nothing is stored");
      return;
    }
    if (member.isEmpty()) {
      error(ctx, 400, "member-required", "choose or type your loyalty member id");
      return;
    }
    ShopperProfile profile = catalog.get().shopper(member).orElse(null);
    tokens.valid(token).onSuccess(valid -> {
      if (!valid) {
        error(ctx, 410, "expired-token", "this QR code has expired: scan the one on the entrance screen again");
      } else if (profile == null) {
        error(ctx, 404, "unknown-member", "there is no loyalty member '" + abbreviate(member) + "'");
      } else {
        vertx.eventBus().<EnrolResult>request(Addresses.IDENTITY_ENROL, new EnrolRequest(member, "qr-checkin"))
            .onSuccess(reply -> enrolled(ctx, profile, reply.body()))
            .onFailure(e -> unavailable(ctx, e));
      }
    }).onFailure(e -> unavailable(ctx, e));
  }

  private void enrolled(RoutingContext ctx, ShopperProfile profile, EnrolResult r) {
    if (!r.enrolled()) {
      counters.increment("checkin.refused." + r.error());
      error(ctx, "unavailable".equals(r.error()) ? 503 : 409, r.error(), r.message());
      return;
    }
    counters.increment("checkin.enrolled");
    vertx.eventBus().publish(Addresses.STORE_EVENT, new org.vitrine.hub.events.StoreEvent("checkin", config.zone, profile.id(),
        null, null, null, null, null, System.currentTimeMillis(), null));
    tokens.issueShopperKey(profile.id(), r.expiresAt()).onSuccess(key -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("shopper", profile.id());
      body.put("name", profile.name());
      body.put("expiresAt", r.expiresAt());
      body.put("key", key); // the phone keeps it for "forget me"
      json(ctx, 201, body);
    }).onFailure(e -> unavailable(ctx, e));
  }

  /**
   * Lets the call through for the shopper's own phone (its check-in key) or a console user whose
   * role includes {@code needed}; answers 401 or 403 otherwise.
   */
  private void ifAllowed(RoutingContext ctx, String shopper, Role needed, String what, Runnable then) {
    String key = ctx.request().getHeader(SHOPPER_KEY_HEADER);
    String authorization = ctx.request().getHeader("Authorization");
    Future<String> verdict;
    if (key != null) {
      verdict = tokens.isShopperKey(shopper, key).map(ok -> ok ? "ok" : "bad-key");
    } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && consoleAuth != null) {
      verdict = consoleAuth.authenticate(authorization.substring(7).trim())
          .map(user -> {
            Role role = ConsoleAuth.roleOf(user);
            return role != null && role.includes(needed) ? "ok" : "role:" + (role == null ? "none" : role.id());
          })
          .otherwise("bad-login");
    } else {
      verdict = Future.succeededFuture("none");
    }
    verdict.onSuccess(v -> {
      if (v.equals("ok")) {
        then.run();
      } else if (v.startsWith("role:")) {
        LOG.info("{} {} forbidden: console role {}", ctx.request().method(), ctx.request().path(), v.substring(5));
        error(ctx, 403, "forbidden", "role " + v.substring(5) + " cannot " + what + " ("
            + (needed == Role.ADMIN ? "admin" : "any role") + " needed)");
      } else {
        LOG.info("{} {} refused: {}", ctx.request().method(), ctx.request().path(), v);
        counters.increment("identity.refused." + v);
        error(ctx, 401, "not-yours", "only the phone that checked in (header " + SHOPPER_KEY_HEADER
            + ", the key it got at check-in) or a console login can " + what
            + (v.equals("bad-key") ? ": this key is not, or no longer, valid (check-ins end after the visit)" : ""));
      }
    }).onFailure(e -> unavailable(ctx, e));
  }

  private void status(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      error(ctx, 400, "invalid-id", "shopper ids are " + org.vitrine.hub.catalog.Ids.RULE);
      return;
    }
    ifAllowed(ctx, id, Role.VIEWER, "read a shopper's check-in", () -> faces.consent(id).onSuccess(consent -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("shopper", id);
      body.put("enrolled", consent.isPresent());
      consent.ifPresent(c -> body.put("consent", c));
      json(ctx, 200, body);
    }).onFailure(e -> unavailable(ctx, e)));
  }

  /** Forget me: every trace of the shopper, in one call (idempotent). */
  private void erase(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      error(ctx, 400, "invalid-id", "shopper ids are " + org.vitrine.hub.catalog.Ids.RULE);
      return;
    }
    ifAllowed(ctx, id, Role.ADMIN, "erase a shopper", () -> eraser.erase(id).onSuccess(removed -> {
      counters.increment("identity.erased");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("shopper", id);
      body.put("erased", true);
      body.put("removed", removed);
      json(ctx, 200, body);
    }).onFailure(e -> unavailable(ctx, e)));
  }

  private void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
    error(ctx, 503, "unavailable", "the store's system cannot answer right now: please try again");
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, Map.of("error", code, "message", message));
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(Json.write(body));
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
