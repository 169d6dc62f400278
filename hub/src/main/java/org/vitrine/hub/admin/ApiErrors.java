package org.vitrine.hub.admin;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Json;

/** The REST API's error bodies: {@code {"error": kind, "message": text, "problems": [...]}} (ARCHITECTURE.md). */
public final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  /** One wrong field of a request body; {@code field} is a path in the body ("then.priority", "items[2].seconds"). */
  public record Problem(String field, String message) {
  }

  private ApiErrors() {
  }

  public static void invalid(RoutingContext ctx, List<Problem> problems) {
    LOG.info("{} {} refused: {}", ctx.request().method(), ctx.request().path(), problems);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "validation");
    body.put("message", problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).message()
        : problems.size() + " problems");
    body.put("problems", problems);
    send(ctx, 400, body);
  }

  public static void invalid(RoutingContext ctx, String field, String message) {
    invalid(ctx, List.of(new Problem(field, message)));
  }

  public static void notFound(RoutingContext ctx, String message) {
    send(ctx, 404, Map.of("error", "not-found", "message", message));
  }

  public static void conflict(RoutingContext ctx, String message) {
    LOG.info("{} {} refused: {}", ctx.request().method(), ctx.request().path(), message);
    send(ctx, 409, Map.of("error", "conflict", "message", message));
  }

  public static void forbidden(RoutingContext ctx, String message) {
    LOG.info("{} {} forbidden: {}", ctx.request().method(), ctx.request().path(), message);
    send(ctx, 403, Map.of("error", "forbidden", "message", message));
  }

  public static void unavailable(RoutingContext ctx, Throwable cause) {
    LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), cause.toString());
    send(ctx, 503, Map.of("error", "unavailable", "message", "store state unavailable: " + cause.getMessage()));
  }

  /** Renders failures of /api routes (401 from the auth handler, 413 from the body handler, bugs) as JSON. */
  public static void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode() < 0 ? 500 : ctx.statusCode();
    String kind = switch (status) {
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 413 -> "too-large";
      case 400 -> "bad-request";
      default -> "internal";
    };
    String message = switch (status) {
      case 401 -> "log in first: send Authorization: Bearer <token> from POST /api/auth/login";
      case 413 -> "the request body is too large";
      case 400 -> ctx.failure() == null ? "bad request" : ctx.failure().getMessage();
      default -> ctx.failure() == null ? "error " + status : ctx.failure().toString();
    };
    if (status >= 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (!ctx.response().ended() && !ctx.response().headWritten()) {
      send(ctx, status, Map.of("error", kind, "message", message));
    }
  }

  /**
   * Answers with what a change produced ({@code body} of it, or nothing for 204). A null result
   * means the change refused and answered already; a failure means Redis could not be reached.
   */
  public static <T> void answer(RoutingContext ctx, io.vertx.core.Future<T> change, int status,
      java.util.function.Function<T, Object> body) {
    change.onSuccess(result -> {
      if (result == null) {
        return;
      }
      if (status == 204) {
        ctx.response().setStatusCode(204).end();
      } else {
        send(ctx, status, body.apply(result));
      }
    }).onFailure(e -> unavailable(ctx, e));
  }

  public static void send(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.write(body));
  }
}
