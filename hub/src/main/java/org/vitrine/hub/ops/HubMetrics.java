package org.vitrine.hub.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The Prometheus endpoint {@code GET /metrics} (a scrape token, or this machine only): Vert.x's own metrics
 * (event bus, HTTP server, pools, JVM) through the Micrometer module when the Vertx was made with
 * {@link #vertxOptions()}, plus the hub's gauges (connected screens and devices, event-loop delay)
 * and every operational counter ({@code vitrine_counter_total{name="sightings.accepted"}}: message
 * rates with Prometheus' rate()). A Vertx without metrics (tests) still gets the hub's own meters
 * in a registry made here.
 */
public final class HubMetrics {

  private final PrometheusMeterRegistry registry;
  private final Counters counters;
  private final Set<String> exported = ConcurrentHashMap.newKeySet();

  /** Vertx options with Micrometer metrics on, Prometheus backend, JVM metrics. */
  public static VertxOptions vertxOptions() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true));
  }

  public HubMetrics(Vertx vertx, Counters counters, IntSupplier screens, IntSupplier devices, EventLoopProbe.Samples loopDelay) {
    this.counters = counters;
    MeterRegistry vertxRegistry = vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
    this.registry = vertxRegistry instanceof PrometheusMeterRegistry p ? p : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gauge.builder("vitrine.screens.connected", screens::getAsInt).description("screens with a live WebSocket on this hub")
        .strongReference(true).register(registry);
    Gauge.builder("vitrine.devices.connected", devices::getAsInt).description("devices with a live MQTT session on this hub")
        .strongReference(true).register(registry);
    for (String stat : new String[] {"p50", "p99", "max"}) {
      Gauge.builder("vitrine.eventloop.delay", () -> loopDelay.summary().get(stat) / 1000.0).baseUnit("seconds")
          .description("how late event-loop timers fire (recent window)").tag("stat", stat).strongReference(true).register(registry);
    }
    // meters other classes make on the global registry (the recognition timer) are exported too
    Metrics.addRegistry(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Mounts GET /metrics (Prometheus text format), for whom {@code access} allows (a token, or this machine). */
  public void mount(Router router, ScrapeAccess access) {
    var scrape = PrometheusScrapingHandler.create(registry);
    router.get("/metrics").handler(ctx -> {
      if (!access.allows(ctx)) {
        ctx.response().putHeader("www-authenticate", "Bearer realm=\"vitrine-metrics\"");
        org.vitrine.hub.web.ApiErrors.send(ctx, 401, java.util.Map.of("error", "unauthenticated", "message", access.configured()
            ? "send the metrics token: Authorization: Bearer <VITRINE_METRICS_TOKEN>"
            : "/metrics answers only on this machine; set VITRINE_METRICS_TOKEN to scrape it from elsewhere"));
        return;
      }
      exportNewCounters();
      scrape.handle(ctx);
    });
  }

  private void exportNewCounters() {
    for (String name : counters.snapshot().keySet()) {
      if (exported.add(name)) {
        FunctionCounter.builder("vitrine.counter", counters, c -> c.get(name)).tag("name", name)
            .description("hub event counters since start (sightings, rejections, plays, rule actions...)").register(registry);
      }
    }
  }

  /** Detaches from the global registry (the hub stops). */
  public void close() {
    Metrics.removeRegistry(registry);
  }
}
