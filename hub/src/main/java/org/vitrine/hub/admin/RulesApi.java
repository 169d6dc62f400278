package org.vitrine.hub.admin;

import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.web.Bodies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.vitrine.hub.web.ApiErrors.Problem;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogUpdates;
import org.vitrine.hub.catalog.ProductList;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleValidator;

/**
 * Rules are edited as a draft, published as a whole (the previous set is kept as a version) and
 * can be rolled back; preview and replay show what a draft would do before it goes live.
 */
public final class RulesApi {

  private final CatalogUpdates updates;
  private final RuleSets sets;
  private final ProductList products;
  private final Set<String> productIds;
  private final RuleLab lab;

  public RulesApi(CatalogUpdates updates, RuleSets sets, RuleLab lab, ProductList products) {
    this.updates = updates;
    this.sets = sets;
    this.lab = lab;
    this.products = products;
    this.productIds = products.ids();
  }

  public record PublishBody(String note) {
  }

  public record RollbackBody(Long version, String note) {
  }

  public void addTo(Router router) {
    Handler<RoutingContext> editor = ConsoleAuth.require(Role.EDITOR, "change rules");
    router.get("/api/rules").handler(ctx -> ApiErrors.send(ctx, 200, RuleSets.sorted(updates.holder().get().rules())));
    router.get("/api/rules/draft").handler(ctx -> draft().onSuccess(d -> ApiErrors.send(ctx, 200, d))
        .onFailure(e -> ApiErrors.unavailable(ctx, e)));
    router.get("/api/rules/versions").handler(ctx -> sets.versions().onSuccess(v -> ApiErrors.send(ctx, 200, v))
        .onFailure(e -> ApiErrors.unavailable(ctx, e)));
    router.get("/api/rules/versions/:version").handler(ctx -> {
      Long v = number(ctx.pathParam("version"));
      if (v == null) {
        ApiErrors.invalid(ctx, "version", "a version number");
        return;
      }
      sets.version(v).onSuccess(found -> {
        if (found == null) {
          ApiErrors.notFound(ctx, "no rule set version " + v);
        } else {
          ApiErrors.send(ctx, 200, found);
        }
      }).onFailure(e -> ApiErrors.unavailable(ctx, e));
    });
    router.get("/api/rules/intents").handler(ctx -> ApiErrors.send(ctx, 200, org.vitrine.hub.rules.VoiceIntents.all()));
    router.get("/api/rules/products").handler(ctx -> ApiErrors.send(ctx, 200, products.products()));
    router.get("/api/rules/:id").handler(ctx -> updates.holder().get().rules().stream()
        .filter(r -> r.id().equals(ctx.pathParam("id"))).findFirst().ifPresentOrElse(r -> ApiErrors.send(ctx, 200, r),
            () -> ApiErrors.notFound(ctx, "no live rule '" + ctx.pathParam("id") + "'")));
    router.post("/api/rules/draft").handler(editor).handler(ctx -> saveInDraft(ctx, null));
    router.put("/api/rules/draft/:id").handler(editor).handler(ctx -> saveInDraft(ctx, ctx.pathParam("id")));
    router.delete("/api/rules/draft/:id").handler(editor).handler(this::deleteFromDraft);
    router.post("/api/rules/draft/discard").handler(editor).handler(ctx -> sets.discardDraft()
        .compose(v -> draft()).onSuccess(d -> ApiErrors.send(ctx, 200, d)).onFailure(e -> ApiErrors.unavailable(ctx, e)));
    router.post("/api/rules/publish").handler(editor).handler(this::publish);
    router.post("/api/rules/rollback").handler(editor).handler(this::rollback);
    router.post("/api/rules/preview").handler(ctx -> lab.preview(ctx, draftOrLive(ctx)));
    router.post("/api/rules/replay").handler(ctx -> lab.replay(ctx, draftOrLive(ctx)));
  }

  private Future<RuleSets.Draft> draft() {
    return sets.draft(updates.holder().get().rules());
  }

  /** The rule set a preview or replay asks for ("draft", the default, or "live"). */
  private Function<String, Future<List<Rule>>> draftOrLive(RoutingContext ctx) {
    return which -> "live".equals(which) ? Future.succeededFuture(List.copyOf(updates.holder().get().rules()))
        : draft().map(RuleSets.Draft::rules);
  }

  private void saveInDraft(RoutingContext ctx, String pathId) {
    Rule rule = Bodies.read(ctx, Rule.class);
    if (rule == null) {
      return;
    }
    if (pathId != null && !pathId.equals(rule.id())) {
      ApiErrors.invalid(ctx, "id", "must equal the id in the URL ('" + pathId + "'); rules cannot be renamed");
      return;
    }
    updates.change("rules-draft", List.of(String.valueOf(rule.id())), c -> draft().compose(d -> {
      boolean exists = d.rules().stream().anyMatch(r -> r.id().equals(rule.id()));
      if (pathId == null && exists) {
        ApiErrors.conflict(ctx, "the draft already has a rule '" + rule.id() + "' (PUT /api/rules/draft/" + rule.id() + " replaces it)");
        return Future.succeededFuture(null);
      }
      if (pathId != null && !exists) {
        ApiErrors.notFound(ctx, "the draft has no rule '" + pathId + "' (POST /api/rules/draft adds it)");
        return Future.succeededFuture(null);
      }
      List<Problem> problems = problems(rule, c);
      if (!problems.isEmpty()) {
        ApiErrors.invalid(ctx, problems);
        return Future.succeededFuture(null);
      }
      List<Rule> next = new ArrayList<>(d.rules().stream().filter(r -> !r.id().equals(rule.id())).toList());
      next.add(rule);
      return sets.saveDraft(next, d.basedOn()).map(v -> {
        ApiErrors.send(ctx, pathId == null ? 201 : 200, rule);
        return null; // the live catalog did not change: no reload
      });
    })).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void deleteFromDraft(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    updates.change("rules-draft", List.of(id), c -> draft().compose(d -> {
      if (d.rules().stream().noneMatch(r -> r.id().equals(id))) {
        ApiErrors.notFound(ctx, "the draft has no rule '" + id + "'");
        return Future.succeededFuture(null);
      }
      return sets.saveDraft(d.rules().stream().filter(r -> !r.id().equals(id)).toList(), d.basedOn()).map(v -> {
        ctx.response().setStatusCode(204).end();
        return null;
      });
    })).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void publish(RoutingContext ctx) {
    PublishBody body = ctx.body() == null || ctx.body().length() == 0 ? new PublishBody(null) : Bodies.read(ctx, PublishBody.class);
    if (body == null) {
      return;
    }
    String by = ConsoleAuth.nameOf(ctx.user());
    ApiErrors.answer(ctx, updates.change("rules", List.of(), c -> draft().compose(d -> {
      List<Problem> problems = setProblems(d.rules(), c);
      if (!problems.isEmpty()) {
        ApiErrors.invalid(ctx, problems);
        return Future.succeededFuture(null);
      }
      return sets.publish(d.rules(), by, body.note());
    })), 200, version -> Map.of("version", version));
  }

  /** Brings an earlier version back by publishing its rules again (as a new version: history only grows). */
  private void rollback(RoutingContext ctx) {
    RollbackBody body = Bodies.read(ctx, RollbackBody.class);
    if (body == null) {
      return;
    }
    if (body.version() == null) {
      ApiErrors.invalid(ctx, "version", "required: the version to bring back (GET /api/rules/versions)");
      return;
    }
    String by = ConsoleAuth.nameOf(ctx.user());
    ApiErrors.answer(ctx, updates.change("rules", List.of(), c -> sets.version(body.version()).compose(old -> {
      if (old == null) {
        ApiErrors.notFound(ctx, "no rule set version " + body.version());
        return Future.succeededFuture(null);
      }
      List<Problem> problems = setProblems(old.rules(), c);
      if (!problems.isEmpty()) {
        ApiErrors.conflict(ctx, "version " + body.version() + " no longer fits the store: " + problems.get(0).field() + ": "
            + problems.get(0).message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        return Future.succeededFuture(null);
      }
      return sets.publish(old.rules(), by, body.note() != null ? body.note() : "rollback to version " + body.version());
    })), 200, version -> Map.of("version", version, "restored", body.version()));
  }

  private List<Problem> problems(Rule rule, Catalog c) {
    return ApiErrors.problems(RuleValidator.check(rule, c, productIds));
  }

  /** Every rule of a set, fields prefixed with the rule ("rules[runners].then.show"). */
  private List<Problem> setProblems(List<Rule> rules, Catalog c) {
    List<Problem> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Rule r : rules) {
      if (!ids.add(r.id())) {
        out.add(new Problem("rules[" + r.id() + "].id", "used twice"));
      }
      problems(r, c).forEach(p -> out.add(new Problem("rules[" + r.id() + "]." + p.field(), p.message())));
    }
    return out;
  }

  private static Long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
