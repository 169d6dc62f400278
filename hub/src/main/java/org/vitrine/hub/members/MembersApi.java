package org.vitrine.hub.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Ids;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.ops.LogText;

/**
 * The member system's own API: {@code DELETE /api/members/{id}} erases a loyalty member everywhere
 * (profile, visit count, the visit's traces, a tombstone against the next export), when the member
 * programme closes an account or a member asks it to. Authenticated by a token the member system
 * signs with its member key set ({@link MemberTokens}: issuer and audience as configured) whose
 * {@code scope} holds {@value #ERASE_SCOPE}; a member's own sign-in token (no such scope) is 403.
 */
public final class MembersApi {

  private static final Logger LOG = LoggerFactory.getLogger(MembersApi.class);
  public static final String ERASE_SCOPE = "vitrine:members:erase";

  private final MemberTokens tokens;
  /** Erases a member everywhere (catalog reload included); the counts of what went. */
  private final Function<String, Future<Map<String, Long>>> eraseEverywhere;

  public MembersApi(MemberTokens tokens, Function<String, Future<Map<String, Long>>> eraseEverywhere) {
    this.tokens = tokens;
    this.eraseEverywhere = eraseEverywhere;
  }

  /** Before the console's login check: these routes have their own. */
  public void addTo(Router router) {
    router.delete("/api/members/:id").handler(this::erase);
  }

  private void erase(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      send(ctx, 401, "unauthenticated", "send Authorization: Bearer <a token from the member system with scope " + ERASE_SCOPE + ">");
      return;
    }
    tokens.verify(authorization.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.info("DELETE /api/members/{} refused: {}", LogText.safe(id), LogText.safe(ar.cause().getMessage()));
        send(ctx, 401, "unauthenticated", "the token was not accepted: it must be signed with the member system's key, "
            + "for this hub's audience, and current");
        return;
      }
      JsonObject claims = ar.result();
      if (!MemberTokens.hasScope(claims, ERASE_SCOPE)) {
        LOG.info("DELETE /api/members/{} forbidden: token of {} lacks scope {}", LogText.safe(id), LogText.safe(claims.getValue("sub")),
            ERASE_SCOPE);
        send(ctx, 403, "forbidden", "this token may not erase members (scope " + ERASE_SCOPE + " needed)");
        return;
      }
      if (!Ids.PATTERN.matcher(id).matches()) {
        send(ctx, 400, "invalid-id", "member ids are " + Ids.RULE);
        return;
      }
      eraseEverywhere.apply(id).onSuccess(removed -> {
        LOG.info("member {} erased at the member system's request ({})", LogText.safe(id), LogText.safe(claims.getValue("sub")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("member", id);
        body.put("erased", true);
        body.put("removed", removed);
        ctx.response().setStatusCode(200).putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
            .end(Json.write(body));
      }).onFailure(e -> {
        LOG.warn("DELETE /api/members/{} failed: {}", LogText.safe(id), LogText.safe(e.toString()));
        send(ctx, 503, "unavailable", "the store's system cannot answer right now: please try again");
      });
    });
  }

  private static void send(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(Json.write(Map.of("error", code, "message", message)));
  }

}
