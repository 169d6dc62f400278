package org.vitrine.hub.admin;

import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.web.Bodies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.eventlog.EventLog;
import org.vitrine.hub.presence.PresenceStore;
import org.vitrine.hub.rules.Preview;
import org.vitrine.hub.rules.Replay;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleBook;

/**
 * Preview ("what would this screen show now, and why") and replay ("how often would these rules
 * have fired on what really happened") of a draft or the live rules. Both call the same pure rule
 * engine as the live decisions, so what they say is what the store would do.
 */
public final class RuleLab {

  /** Replay reads at most this many logged events (a busy store's 72 hours stay well below). */
  static final int MAX_EVENTS = 500_000;

  private final Vertx vertx;
  private final Redis redis;
  private final PresenceStore presence;
  private final CatalogHolder catalog;

  public RuleLab(Vertx vertx, Redis redis, PresenceStore presence, CatalogHolder catalog) {
    this.vertx = vertx;
    this.redis = redis;
    this.presence = presence;
    this.catalog = catalog;
  }

  public record PreviewBody(String screen, List<String> shoppers, Long at, String ruleSet) {
  }

  public record ReplayBody(Integer hours, String ruleSet) {
  }

  void preview(RoutingContext ctx, Function<String, Future<List<Rule>>> ruleSets) {
    PreviewBody body = Bodies.read(ctx, PreviewBody.class);
    if (body == null) {
      return;
    }
    Catalog c = catalog.get();
    List<ApiErrors.Problem> problems = new ArrayList<>();
    if (body.screen() == null || c.screen(body.screen()).isEmpty()) {
      problems.add(new ApiErrors.Problem("screen", "unknown screen '" + body.screen() + "'"));
    }
    List<String> shoppers = body.shoppers() == null ? List.of() : body.shoppers();
    for (int i = 0; i < shoppers.size(); i++) {
      if (c.shopper(shoppers.get(i)).isEmpty()) {
        problems.add(new ApiErrors.Problem("shoppers[" + i + "]", "unknown shopper '" + shoppers.get(i) + "'"));
      }
    }
    ruleSetProblem(body.ruleSet(), problems);
    if (!problems.isEmpty()) {
      ApiErrors.invalid(ctx, problems);
      return;
    }
    long at = body.at() == null ? System.currentTimeMillis() : body.at();
    ruleSets.apply(body.ruleSet())
        .map(rules -> Preview.of(c, RuleBook.of(rules), body.screen(), shoppers, at))
        .onSuccess(result -> ApiErrors.send(ctx, 200, result))
        .onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  void replay(RoutingContext ctx, Function<String, Future<List<Rule>>> ruleSets) {
    ReplayBody body = Bodies.read(ctx, ReplayBody.class);
    if (body == null) {
      return;
    }
    List<ApiErrors.Problem> problems = new ArrayList<>();
    int hours = body.hours() == null ? 4 : body.hours();
    if (hours < 1 || hours > 72) {
      problems.add(new ApiErrors.Problem("hours", "must be 1..72, got " + hours));
    }
    ruleSetProblem(body.ruleSet(), problems);
    if (!problems.isEmpty()) {
      ApiErrors.invalid(ctx, problems);
      return;
    }
    Catalog c = catalog.get();
    long from = System.currentTimeMillis() - hours * 3_600_000L;
    Future.all(ruleSets.apply(body.ruleSet()), EventLog.since(redis, from, MAX_EVENTS), presence.loadVisits())
        .compose(all -> {
          List<Rule> rules = all.resultAt(0);
          List<org.vitrine.hub.events.StoreEvent> events = all.resultAt(1);
          Map<String, String> stored = all.resultAt(2);
          Map<String, Long> visits = new HashMap<>();
          stored.forEach((k, v) -> visits.put(k, Long.parseLong(v)));
          // hundreds of thousands of events: off the event loop
          return vertx.executeBlocking(() -> Replay.run(RuleBook.of(rules), c, events, visits, c.timezone()), false);
        })
        .onSuccess(result -> ApiErrors.send(ctx, 200, result))
        .onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private static void ruleSetProblem(String ruleSet, List<ApiErrors.Problem> problems) {
    if (ruleSet != null && !ruleSet.equals("draft") && !ruleSet.equals("live")) {
      problems.add(new ApiErrors.Problem("ruleSet", "draft or live, got '" + ruleSet + "'"));
    }
  }
}
