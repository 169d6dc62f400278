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
  private final org.vitrine.hub.redis.RedisSupervisor redis;

  public HealthApi(Supplier<Map<String, Object>> details, ConsoleAuth auth, ScrapeAccess scrape,
      org.vitrine.hub.redis.RedisSupervisor redis) {
    this.details = details;
    this.auth = auth;
    this.scrape = scrape;
    this.redis = redis;
  }

  public void mount(Router router) {
    router.get("/api/health").handler(this::health);
  }

  private void health(RoutingContext ctx) {
    String bearer = ConsoleAuth.bearer(ctx);
    Future<Boolean> detailed = bearer == null ? Future.succeededFuture(false)
        : scrape.tokenMatches(bearer) ? Future.succeededFuture(true)
        : auth.session(bearer).map(u -> true).otherwise(false);
    boolean up = redis == null || !redis.down();
    detailed.onComplete(ar -> {
      ctx.response().putHeader("cache-control", "no-store");
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      if (ar.succeeded() && ar.result()) {
        body.putAll(details.get());
        if (redis != null) {
          body.put("redis", redis.summary());
        }
      }
      body.put("status", up ? "UP" : "DOWN");
      if (!up) {
        // the why for everyone (a load balancer, the landing page); the details for staff and the scraper
        body.put("reason", "the store's database (Redis) cannot be reached; the hub is restoring it");
      }
      ApiErrors.send(ctx, up ? 200 : 503, body);
    });
  }
}
