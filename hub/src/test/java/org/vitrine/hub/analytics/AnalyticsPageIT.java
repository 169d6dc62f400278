package org.vitrine.hub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.ScriptedDay;
import org.vitrine.hub.support.TestHub;

/**
 * Headless Chromium renders the analytics page over the scripted day: it logs in like the console,
 * draws every chart with ECharts (canvases with series), and every number it shows (key figures,
 * table cells) equals the API's, which equals the script's ground truth.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class AnalyticsPageIT {

  @Test
  void thePageDrawsEveryChartAndShowsTheApisNumbers(Vertx vertx) throws Exception {
    ScriptedDay day = new ScriptedDay();
    try (TestHub hub = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"),
        ScriptedDay.SILENCE_SECONDS, c -> {
          c.analytics.dwellBucketsSeconds = ScriptedDay.DWELL_BOUNDS;
          c.analytics.conversionWindowSeconds = ScriptedDay.CONVERSION_WINDOW_SECONDS;
        })) {
      Catalog catalog = hub.hub.catalog().get();
      ZoneId tz = catalog.timezone();
      // GIVEN the scripted day happened in the store
      long t0 = day.safeStart(tz);
      day.play(vertx, hub, t0);
      Thread.sleep(Math.max(0, t0 + day.endMillis() - System.currentTimeMillis()));
      String date = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(t0), tz).toString();
      Map<String, List<Map<String, Object>>> truth = day.expected(t0, tz, AnalyticsGroundTruthIT.zoneOrder(catalog),
          AnalyticsGroundTruthIT.zoneNames(catalog), AnalyticsGroundTruthIT.titles(catalog), AnalyticsGroundTruthIT.screenNames(catalog));
      Api viewer = Api.as(hub.httpPort(), "viewer");

      try (Browser browser = Browser.start()) {
        Page page = browser.context.newPage();
        page.setViewportSize(1360, 900);
        // WHEN a store manager opens the page for that day and logs in
        page.navigate("http://127.0.0.1:" + hub.httpPort() + "/analytics/#from=" + date + "&to=" + date);
        page.waitForSelector("#login-form", new Page.WaitForSelectorOptions().setTimeout(15_000));
        page.fill("#login-user", "viewer");
        page.fill("#login-pass", "viewer");
        page.click("#login-form button[type=submit]");
        page.waitForSelector("body[data-state=ready]", new Page.WaitForSelectorOptions().setTimeout(20_000));
        page.waitForTimeout(1200); // chart animations

        // THEN every chart is an ECharts canvas with at least one series
        assertThat((Integer) page.evaluate("document.querySelectorAll('.chart canvas').length")).isGreaterThanOrEqualTo(8);
        Object series = page.evaluate("Object.fromEntries(Object.entries(window.vitrineAnalytics.charts)"
            + ".map(([id, c]) => [id, c.getOption().series.length]))");
        @SuppressWarnings("unchecked")
        Map<String, Object> seriesByChart = (Map<String, Object>) series;
        System.out.println("series per chart: " + seriesByChart);
        assertThat(seriesByChart).hasSize(8);
        seriesByChart.forEach((id, n) -> assertThat(((Number) n).intValue()).as(id).isGreaterThan(0));

        // AND the key figures equal the API's and the script's
        JsonArray visitors = viewer.get("/api/analytics/visitors?from=" + date + "&to=" + date).json().getJsonArray("rows");
        JsonObject store = visitors.getJsonObject(visitors.size() - 1);
        long storeVisitors = (Long) truth.get("visitors").get(truth.get("visitors").size() - 1).get("visitors");
        assertThat(store.getLong("visitors")).isEqualTo(storeVisitors);
        assertThat(kpi(page, "visitors")).isEqualTo(storeVisitors);
        assertThat(kpi(page, "entries")).isEqualTo(truth.get("footfall").stream().mapToLong(r -> (Long) r.get("entries")).sum());
        assertThat(kpi(page, "plays")).isEqualTo(day.plays.size());
        assertThat(kpi(page, "audience")).isEqualTo(truth.get("plays").stream().mapToLong(r -> (Long) r.get("audience")).sum());
        assertThat(kpi(page, "touches")).isEqualTo(day.touches.size());
        assertThat(kpi(page, "voice")).isEqualTo(day.voices.size());
        assertThat(kpi(page, "orders")).isEqualTo(day.orders.size());

        // AND every table shows the API's rows, cell by cell for the numbers
        for (String table : AnalyticsQueries.TABLES) {
          JsonArray rows = viewer.get("/api/analytics/" + table + "?from=" + date + "&to=" + date).json().getJsonArray("rows");
          String card = ".table-card[data-table=" + table + "]";
          assertThat(page.locator(card + " tbody tr").count()).as(table).isEqualTo(rows.size());
          for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            for (String key : r.fieldNames()) {
              if (r.getValue(key) instanceof Number n) {
                String shown = page.locator(card + " tbody tr").nth(i).locator("td[data-key=" + key + "]").getAttribute("data-value");
                assertThat(Double.parseDouble(shown)).as("%s row %d %s", table, i, key).isEqualTo(n.doubleValue());
              }
            }
          }
        }
        // AND the export buttons are there for every table
        assertThat(page.locator("[data-export=csv]").count()).isEqualTo(AnalyticsQueries.TABLES.size());
        assertThat(page.locator("[data-export=json]").count()).isEqualTo(AnalyticsQueries.TABLES.size());

        Path shot = Path.of("target", "analytics-page.png").toAbsolutePath();
        page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
        System.out.println("analytics page screenshot: " + shot);
        assertThat(Files.size(shot)).isGreaterThan(10_000);
      }
    }
  }

  private static long kpi(Page page, String name) {
    return Math.round(Double.parseDouble(page.locator("[data-kpi=" + name + "] .kpi-value").getAttribute("data-value")));
  }
}
