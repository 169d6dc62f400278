package org.vitrine.hub.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
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
import org.vitrine.hub.ops.LogText;
import org.vitrine.hub.ops.RequestBudget;
import org.vitrine.hub.redis.FailureGate;

/**
 * REST of the QR check-in and of a shopper's identity (ARCHITECTURE.md, "HTTP"): the QR code the
 * entrance screen shows, the phone page's session and agreement, the identity status and "forget
 * me". Adapter only: enrolment is the IdentityVerticle's, erasure the {@link Eraser}'s.
 *
 * <p>Checking in needs proof of membership ({@link MemberProof}: a member token from the member
 * system, or member id + secret) and is refused while another phone holds the member's check-in.
 * Status and "forget me" answer only the shopper's own phone, which got a key at check-in (header
 * {@value #SHOPPER_KEY_HEADER}), or a console login (any role may read the status, an admin may
 * erase): nobody else can probe who is enrolled or erase someone. "Forget me" erases what the visit
 * collected, never the loyalty profile (an admin's {@code DELETE /api/shoppers/{id}} or the member
 * system's {@code DELETE /api/members/{id}} does that). Every route here is bounded per address
 * ({@link RequestBudget}); refusals are {@link Refusal}s, answered in one place ({@link #refuse}).
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
  private final MemberProof proof;
  private final FailureGate failuresByAddress;
  private final RequestBudget budget;
  /** The last rendered QR code (url, png): screens ask every few seconds, the token changes every window. */
  private volatile Object[] lastQr = {null, null};

  public CheckinApi(Vertx vertx, HubConfig.Checkin config, HubConfig.Identity identity, CatalogHolder catalog,
      CheckinRepository tokens, IdentityRepository faces, Eraser eraser, Counters counters, ConsoleAuth consoleAuth,
      MemberProof proof, FailureGate failuresByAddress, RequestBudget budget) {
    this.proof = proof;
    this.failuresByAddress = failuresByAddress;
    this.budget = budget;
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
    // the member system's route too (members.MembersApi): every route a stranger can call without a console login
    for (String path : new String[] {"/api/checkin", "/api/checkin/session", "/api/shoppers/:id/identity", "/api/members/*"}) {
      router.route(path).handler(this::withinBudget);
    }
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

  /**
   * The phone page opens with this: is the token good, and how may a member prove who they are.
   * It never lists members: who is a member is the loyalty programme's to know.
   */
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
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("valid", true);
      body.put("zone", config.zone);
      body.put("keepHours", Math.round(identity.embeddingTtlSeconds / 360.0) / 10.0);
      body.put("proofs", proof.tokensEnabled() ? List.of("member-secret", "member-token") : List.of("member-secret"));
      json(ctx, 200, body);
    }).onFailure(e -> unavailable(ctx, e));
  }

  /**
   * The shopper agreed on the phone page and proved who they are: enrol the face the entrance
   * camera sees now, unless another phone holds their check-in.
   */
  private void checkIn(RoutingContext ctx) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.body().asString() == null ? "" : ctx.body().asString());
    } catch (Exception e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      error(ctx, 400, "bad-json", "send a JSON object: {\"token\",\"consent\":true,\"member\",\"secret\"} or "
          + "{\"token\",\"consent\":true,\"memberToken\"}");
      return;
    }
    String token = body.path("token").asText("");
    String member = body.path("member").asText("").trim().toLowerCase(java.util.Locale.ROOT);
    String memberToken = body.path("memberToken").asText("").trim();
    String secret = body.path("secret").asText("");
    if (!body.path("consent").asBoolean(false) || !body.path("consent").isBoolean()) {
      error(ctx, 400, "consent-required", "consent must be true: without it you stay anonymous and nothing is stored");
      return;
    }
    if (memberToken.isEmpty() && (member.isEmpty() || secret.isEmpty())) {
      error(ctx, 400, "proof-required", "type your loyalty member id and secret, or open this page from your shopping app");
      return;
    }
    if (memberToken.isEmpty() && !ID.matcher(member).matches()) {
      // no such id can exist: the same answer as a wrong secret (after the same work), never "no such member"
      member = "-";
    }
    String address = addressOf(ctx);
    String phoneKey = ctx.request().getHeader(SHOPPER_KEY_HEADER);
    MemberProof.Claim claim = new MemberProof.Claim(memberToken, member, secret);
    tokens.valid(token)
        .compose(valid -> valid ? proof.prove(claim, address) : Future.failedFuture(new Refusal(410, "expired-token",
            "this QR code has expired: scan the one on the entrance screen again")))
        .compose(profile -> tokens.claimPhone(profile.id(), phoneKey).compose(phone -> phone.taken()
            ? Future.failedFuture(new Refusal(409, "checked-in-elsewhere", "this membership is already checked in on "
                + "another phone for this visit: use that phone, or ask staff for help").logging(profile.id() + " held by another phone"))
            : enrol(profile, phone)))
        .onSuccess(done -> json(ctx, 201, done))
        .onFailure(e -> refuse(ctx, e));
  }

  /** Enrols the face at the check-in camera under the proven member, with the phone's key. */
  private Future<Map<String, Object>> enrol(ShopperProfile profile, CheckinRepository.PhoneClaim phone) {
    return vertx.eventBus().<EnrolResult>request(Addresses.IDENTITY_ENROL, new EnrolRequest(profile.id(), "qr-checkin"))
        .map(reply -> reply.body())
        .recover(e -> Future.succeededFuture(EnrolResult.refused("unavailable", "the store's system cannot answer right now: please try again")))
        .compose(r -> {
          if (!r.enrolled()) {
            counters.increment("checkin.refused." + r.error());
            return tokens.releasePhone(profile.id(), phone).transform(x -> Future.failedFuture(
                new Refusal("unavailable".equals(r.error()) ? 503 : 409, r.error(), r.message())));
          }
          counters.increment(phone.fresh() ? "checkin.enrolled" : "checkin.enrolled-again");
          vertx.eventBus().publish(Addresses.STORE_EVENT, new org.vitrine.hub.events.StoreEvent("checkin", config.zone, profile.id(),
              null, null, null, null, null, System.currentTimeMillis(), null));
          return tokens.confirmPhone(profile.id(), phone.key(), r.expiresAt()).map(v -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("shopper", profile.id());
            body.put("name", profile.name());
            body.put("expiresAt", r.expiresAt());
            body.put("key", phone.key()); // the phone keeps it for "forget me" and to check in again
            return body;
          });
        });
  }

  /**
   * Lets the call through for the shopper's own phone (its check-in key) or a console user whose
   * role includes {@code needed}; answers 401 or 403 otherwise.
   */
  private void ifAllowed(RoutingContext ctx, String shopper, Role needed, String what, Runnable then) {
    String key = ctx.request().getHeader(SHOPPER_KEY_HEADER);
    String authorization = ctx.request().getHeader("Authorization");
    Future<String> verdict;
    String address = addressOf(ctx);
    if (key != null) {
      // a wrong key is a failed proof of this address (keys cannot be guessed; trying many can be slowed)
      verdict = failuresByAddress.waitMillis(address).compose(wait -> wait > 0 ? Future.succeededFuture("wait:" + wait)
          : tokens.isShopperKey(shopper, key).compose(ok -> ok ? Future.succeededFuture("ok")
              : failuresByAddress.failed(address).map("bad-key")));
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
      } else if (v.startsWith("wait:")) {
        refuse(ctx, Refusal.tooMany("too-many-attempts", "too many keys that did not match from here: please wait a moment",
            Long.parseLong(v.substring(5))));
      } else if (v.startsWith("role:")) {
        LOG.info("{} {} forbidden: console role {}", ctx.request().method(), LogText.safe(ctx.request().path()), v.substring(5));
        error(ctx, 403, "forbidden", "role " + v.substring(5) + " cannot " + what + " ("
            + (needed == Role.ADMIN ? "admin" : "any role") + " needed)");
      } else {
        LOG.info("{} {} refused: {}", ctx.request().method(), LogText.safe(ctx.request().path()), v);
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

  /**
   * Forget me: what the visit collected (face, consent, phone key, presence, what the screens
   * showed them…), in one call (idempotent), for their phone or an admin. Never the loyalty
   * profile: that is the member system's or an admin's {@code DELETE /api/shoppers/{id}}.
   */
  private void erase(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      error(ctx, 400, "invalid-id", "shopper ids are " + org.vitrine.hub.catalog.Ids.RULE);
      return;
    }
    ifAllowed(ctx, id, Role.ADMIN, "erase a shopper's check-in", () -> eraser.eraseVisit(id).onSuccess(removed -> {
      counters.increment("identity.erased");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("shopper", id);
      body.put("erased", true);
      body.put("removed", removed);
      json(ctx, 200, body);
    }).onFailure(e -> unavailable(ctx, e)));
  }

  /** Bounds plain request rates per address (429 with Retry-After when over). */
  private void withinBudget(RoutingContext ctx) {
    long wait = budget.take(addressOf(ctx));
    if (wait == 0) {
      ctx.next();
    } else {
      counters.increment("checkin.rate-limited");
      refuse(ctx, Refusal.tooMany("slow-down", "too many requests from here: please wait a moment", wait));
    }
  }

  /** The client's address (behind a reverse proxy, the proxy's: see checkin.requestsPerMinute). */
  static String addressOf(RoutingContext ctx) {
    io.vertx.core.net.SocketAddress a = ctx.request().remoteAddress();
    return a == null || a.host() == null ? "unknown" : a.host();
  }

  /** Every refusal of these routes becomes its answer here; anything else is 503 (never a stack trace). */
  static void refuse(RoutingContext ctx, Throwable e) {
    if (!(e instanceof Refusal r)) {
      unavailable(ctx, e);
      return;
    }
    if (r.status == 429 || r.log != null || r.status == 401) {
      LOG.info("{} {} from {} refused: {} {}{}", ctx.request().method(), LogText.safe(ctx.request().path()),
          LogText.safe(addressOf(ctx)), r.status, r.code, r.log == null ? "" : " (" + LogText.safe(r.log) + ")");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", r.code);
    body.put("message", r.getMessage());
    if (r.status == 429) {
      body.put("retryAfterSeconds", r.retryAfterSeconds);
      ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds));
    }
    json(ctx, r.status, body);
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn("{} {} failed: {}", ctx.request().method(), LogText.safe(ctx.request().path()), LogText.safe(e.toString()));
    error(ctx, 503, "unavailable", "the store's system cannot answer right now: please try again");
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, Map.of("error", code, "message", message));
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(Json.write(body));
  }

}
