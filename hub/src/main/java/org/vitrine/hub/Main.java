package org.vitrine.hub;

import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.ConfigException;
import org.vitrine.hub.config.HubConfig;

/** Thin wiring: read config, start the hub, print where to look, stop cleanly on Ctrl-C. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    HubConfig config;
    try {
      config = HubConfig.load(System.getenv());
    } catch (ConfigException e) {
      System.err.println("Vitrine hub cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Vert.x's own Micrometer metrics for /metrics (VITRINE_VERTX_METRICS=off leaves only the hub's gauges and counters)
    Vertx vertx = "off".equals(System.getenv("VITRINE_VERTX_METRICS")) ? Vertx.vertx()
        : Vertx.vertx(org.vitrine.hub.ops.HubMetrics.vertxOptions());
    CountDownLatch started = new CountDownLatch(1);
    Hub[] hub = new Hub[1];
    Hub.start(vertx, config).onComplete(ar -> {
      if (ar.failed()) {
        Throwable cause = ar.cause();
        System.err.println("Vitrine hub cannot start: " + (cause instanceof ConfigException ? cause.getMessage() : cause.toString()));
        if (!(cause instanceof ConfigException)) {
          LOG.error("start-up failed", cause);
        }
        vertx.close().onComplete(v -> System.exit(2));
        return;
      }
      hub[0] = ar.result();
      printWelcome(hub[0]);
      started.countDown();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (hub[0] != null) {
        CountDownLatch stopped = new CountDownLatch(1);
        hub[0].stop().onComplete(v -> vertx.close().onComplete(x -> stopped.countDown()));
        try {
          stopped.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }
    }, "vitrine-shutdown"));
    started.await();
  }

  private static void printWelcome(Hub hub) {
    String base = "http://localhost:" + hub.httpPort();
    StringBuilder sb = new StringBuilder("\n  Vitrine hub is running — ").append(hub.catalog().get().store().name()).append("\n\n");
    sb.append("  Store overview   ").append(base).append("/\n");
    // in demo mode a screen not paired yet gets its link with a token (opened once, the browser keeps it)
    hub.catalog().get().screens().forEach(s -> {
      String link = hub.demoLinks().get("screen:" + s.id());
      sb.append(String.format("  Screen %-11s %s%s%n", s.id(), base, link != null ? link : "/screen/" + s.id()));
    });
    hub.catalog().get().devices().stream().filter(d -> hub.demoLinks().containsKey("speaker:" + d.id())).forEach(d ->
        sb.append(String.format("  Speaker page     %s%s%n", base, hub.demoLinks().get("speaker:" + d.id()))));
    if (!hub.demoLinks().isEmpty()) {
      sb.append("  (links with #token= pair that browser with the screen or speaker; screens opened without one show a\n"
          + "   pairing code to enter in the console: Store setup → Screens → Pair)\n");
    }
    sb.append("  Health           ").append(base).append("/api/health\n");
    sb.append("  Analytics        ").append(base).append("/analytics/   (Prometheus: ").append(base).append("/metrics)\n");
    sb.append("  MQTT endpoint    mqtt://localhost:").append(hub.mqttPort()).append("  (devices log in with their id and password from conf/store.yaml)\n");
    if (hub.httpsPort() >= 0) {
      sb.append("  Over HTTPS       https://localhost:").append(hub.httpsPort()).append("/   (devices trust the CA at ")
          .append(base).append("/ca.pem)\n");
    }
    if (hub.mqttsPort() >= 0) {
      sb.append("  MQTT over TLS    mqtts://localhost:").append(hub.mqttsPort()).append("\n");
    }
    String password = hub.takeFirstAdminPassword();
    if (password != null) {
      // printed once, never logged: it is in no file and the hub keeps only its PBKDF2 hash
      sb.append("\n  First start: console user 'admin', password ").append(password)
          .append("\n  (shown only now; change it under Users in the console)\n");
    }
    if (hub.demo()) {
      sb.append("\n  DEMO MODE (VITRINE_DEMO=on): console users admin/admin, editor/editor, viewer/viewer. Not for a real store.\n");
    }
    System.out.println(sb);
  }
}
