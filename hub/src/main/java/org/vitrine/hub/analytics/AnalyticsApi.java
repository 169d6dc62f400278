package org.vitrine.hub.analytics;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.events.Json;

/**
 * {@code GET /api/analytics/<table>?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]} (any logged-in
 * role): one table of {@link AnalyticsQueries#TABLES} over store-local days, both inclusive
 * (default: the last 7 days). JSON {@code {table, from, to, timezone, columns:[{key,label}], rows:[…]}},
 * or CSV of the same rows with {@code ?format=csv} or {@code Accept: text/csv}.
 */
public final class AnalyticsApi {

  private final AnalyticsQueries queries;
  private final CatalogHolder catalog;

  public AnalyticsApi(AnalyticsQueries queries, CatalogHolder catalog) {
    this.queries = queries;
    this.catalog = catalog;
  }

  /** Mount behind the login check (every role may read analytics). */
  public void addTo(Router router) {
    router.get("/api/analytics/:table").handler(this::table);
  }

  private void table(RoutingContext ctx) {
    String name = ctx.pathParam("table");
    if (!AnalyticsQueries.TABLES.contains(name)) {
      ApiErrors.notFound(ctx, "no analytics table '" + name + "' (tables: " + String.join(", ", AnalyticsQueries.TABLES) + ")");
      return;
    }
    ZoneId tz = catalog.get().timezone();
    LocalDate today = LocalDate.now(tz);
    LocalDate to;
    LocalDate from;
    try {
      to = date(ctx, "to", today);
    } catch (DateTimeParseException e) {
      ApiErrors.invalid(ctx, "to", "must be a date like 2026-11-24, got '" + ctx.queryParams().get("to") + "'");
      return;
    }
    try {
      from = date(ctx, "from", to.minusDays(6));
    } catch (DateTimeParseException e) {
      ApiErrors.invalid(ctx, "from", "must be a date like 2026-11-24, got '" + ctx.queryParams().get("from") + "'");
      return;
    }
    if (to.isBefore(from)) {
      ApiErrors.invalid(ctx, "to", "must not be before from (" + from + ")");
      return;
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > AnalyticsQueries.MAX_DAYS) {
      ApiErrors.invalid(ctx, "to", "at most " + AnalyticsQueries.MAX_DAYS + " days per query");
      return;
    }
    boolean csv = "csv".equals(ctx.queryParams().get("format"))
        || (ctx.request().getHeader("accept") != null && ctx.request().getHeader("accept").contains("text/csv"));
    queries.table(name, from, to).onSuccess(t -> {
      if (csv) {
        ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
            .putHeader("content-disposition", "attachment; filename=\"vitrine-" + name + "-" + from + "-" + to + ".csv\"")
            .end(t.csv());
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("table", t.name());
      body.put("from", from.toString());
      body.put("to", to.toString());
      body.put("timezone", tz.getId());
      body.put("columns", t.columns());
      body.put("rows", t.rows());
      ctx.response().putHeader("content-type", "application/json").end(Json.write(body));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private static LocalDate date(RoutingContext ctx, String param, LocalDate fallback) {
    String v = ctx.queryParams().get(param);
    return v == null || v.isBlank() ? fallback : LocalDate.parse(v.trim());
  }
}
