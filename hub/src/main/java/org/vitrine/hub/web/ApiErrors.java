package org.vitrine.hub.web;

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

  /** An entity's validation problems ({@code validation.*Validator}, the same checks as conf's) as the REST problems. */
  public static List<Problem> problems(List<org.vitrine.hub.validation.Problem> checked) {
    return checked.stream().map(p -> new Problem(p.field(), p.message())).toList();
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

  /** 401 as JSON. A body still on its way is not read: the connection closes after the answer. */
  public static void unauthenticated(RoutingContext ctx, String message) {
    notReading(ctx);
    send(ctx, 401, Map.of("error", "unauthenticated", "message", message));
  }

  /**
   * Before answering a request whose body will not be read: a body on its way (Content-Length or
   * chunked) closes the connection once the answer is out; a request without one just resumes, so
   * its connection stays usable.
   */
  static void notReading(RoutingContext ctx) {
    var req = ctx.request();
    if (req.isEnded()) {
      return;
    }
    String length = req.getHeader("content-length");
    boolean body = req.getHeader("transfer-encoding") != null || (length != null && !length.trim().equals("0"));
    if (body && !ctx.response().headWritten()) {
      ctx.response().putHeader("connection", "close");
      ctx.response().endHandler(v -> req.connection().close());
    } else {
      req.resume();
    }
  }

  /** 429 with Retry-After (whole seconds, at least 1). */
  public static void tooMany(RoutingContext ctx, long waitMillis, String message) {
    long seconds = Math.max(1, (waitMillis + 999) / 1000);
    ctx.response().putHeader("retry-after", Long.toString(seconds));
    send(ctx, 429, Map.of("error", "too-many-requests", "message", message, "retryAfterSeconds", seconds));
  }

  /**
   * The one failure handler of the hub's router: every failure becomes a JSON problem
   * ({@code {"error","message","status"}}), never a stack trace. Bad input (a malformed form or
   * multipart body, a body over a limit) is 400/413, not a 500; a real 500 is logged once with an
   * incident id that the answer names, so an operator can find it.
   */
  public static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    // Vert.x's body handler fails some decoder errors with status 200: only an error status counts
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : statusOf(failure);
    String kind = switch (status) {
      case 400 -> "bad-request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "too-large";
      case 415 -> "unsupported-media-type";
      case 429 -> "too-many-requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad-request";
    };
    String message = switch (status) {
      case 401 -> "log in first: send Authorization: Bearer <token> from POST /api/auth/login";
      case 413 -> "the request body is too large";
      case 404 -> "not found";
      default -> status >= 500 ? null : "the request could not be read: " + firstLine(failure);
    };
    if (status >= 500) {
      String incident = Long.toString(System.currentTimeMillis(), 36) + "-" + Integer.toString(INCIDENTS.incrementAndGet(), 36);
      message = "internal error (incident " + incident + " in the hub's log)";
      LOG.error("{} {} failed (incident {})", ctx.request().method(), org.vitrine.hub.ops.LogText.safe(ctx.request().path()),
          incident, failure);
    } else if (status == 400 || status == 413) {
      LOG.info("{} {} refused: {} {}", ctx.request().method(), org.vitrine.hub.ops.LogText.safe(ctx.request().path()), status,
          org.vitrine.hub.ops.LogText.safe(firstLine(failure)));
    }
    if (!ctx.response().ended() && !ctx.response().headWritten()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", kind);
      body.put("message", message);
      body.put("status", status);
      notReading(ctx); // the rest of a body is not read
      send(ctx, status, body);
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger INCIDENTS = new java.util.concurrent.atomic.AtomicInteger();

  /** The status a failure without one stands for: bad input from the client is never a 500. */
  static int statusOf(Throwable f) {
    if (f instanceof io.vertx.ext.web.handler.HttpException h) {
      return h.getStatusCode();
    }
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException
          || t instanceof io.netty.handler.codec.DecoderException
          || t instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.NotEnoughDataDecoderException
          || t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return 400;
      }
      if (t instanceof io.netty.handler.codec.TooLongFrameException
          || t instanceof io.netty.handler.codec.http.TooLongHttpContentException) {
        return 413;
      }
      if (t.getClass().getName().equals("io.vertx.core.http.impl.HttpServerRequestImpl$TooLongFormFieldException")
          || t.getClass().getSimpleName().equals("TooLongFormFieldException")) {
        return 413;
      }
    }
    return 500;
  }

  private static String firstLine(Throwable t) {
    if (t == null || t.getMessage() == null) {
      return "malformed request";
    }
    String m = t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
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
