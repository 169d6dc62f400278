package org.vitrine.hub.ops;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.auth.ConsoleAuth;

/**
 * {@code GET /api/health}: UP or DOWN for anyone (load balancers, the landing page); the details
 * (connections, heap, event-loop delay, counters) only for a console login or the metrics token.
 */
public final class HealthApi {

  private final Supplier<Map<String, Object>> details;
  private final ConsoleAuth auth;
  private final ScrapeAccess scrape;

  public HealthApi(Supplier<Map<String, Object>> details, ConsoleAuth auth, ScrapeAccess scrape) {
    this.details = details;
    this.auth = auth;
    this.scrape = scrape;
  }

  public void mount(Router router) {
    router.get("/api/health").handler(this::health);
  }

  private void health(RoutingContext ctx) {
    String bearer = ConsoleAuth.bearer(ctx);
    Future<Boolean> detailed = bearer == null ? Future.succeededFuture(false)
        : scrape.tokenMatches(bearer) ? Future.succeededFuture(true)
        : auth.session(bearer).map(u -> true).otherwise(false);
    detailed.onComplete(ar -> {
      ctx.response().putHeader("cache-control", "no-store");
      ApiErrors.send(ctx, 200, ar.succeeded() && ar.result() ? details.get() : Map.of("status", "UP"));
    });
  }
}
