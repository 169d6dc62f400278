package org.vitrine.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/** Nothing personal is public: who is where needs a login, health says UP/DOWN only, /metrics needs its token. */
class PublicSurfaceIT {

  private static final String SCRAPE_TOKEN = "scrape-token-for-prometheus-0123";

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().tweak(c -> {
    c.metrics.token = SCRAPE_TOKEN;

    c.limits.connectionsPerAddress = 40;
  });

  private static TestHub hub;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whoIsWhereNeedsAConsoleLogin(Vertx vertx) throws Exception {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      cam.sees("anna", "t-anna", null);
      Api viewer = Api.as(hub.httpPort(), "viewer");
      assertThat(Eventually.value(() -> viewer.get("/api/presence").body(), b -> b.contains("\"anna\""), Duration.ofSeconds(10)))
          .contains("\"anna\"");
      HttpResponse<String> anonymous = get("/api/presence", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("anna");
      assertThat(get("/api/presence", "not-a-token").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void healthSaysOnlyUpToTheWorldAndTheDetailsToAnOperatorOrTheScraper() throws Exception {
    HttpResponse<String> open = get("/api/health", null);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(open.body()).fieldNames()).containsExactly("status");
    assertThat(new JsonObject(open.body()).getString("status")).isEqualTo("UP");
    assertThat(new JsonObject(get("/api/health", "forged").body()).fieldNames()).containsExactly("status");

    JsonObject forViewer = new JsonObject(get("/api/health", Api.as(hub.httpPort(), "viewer").token()).body());
    assertThat(forViewer.fieldNames()).contains("status", "screensConnected", "counters", "eventLoopDelayMs");
    JsonObject forScraper = new JsonObject(get("/api/health", SCRAPE_TOKEN).body());
    assertThat(forScraper.fieldNames()).contains("counters");
  }

  @Test
  void aClientThatNeverFinishesItsRequestHeadIsClosedAndOneAddressCannotHoldEndlessConnections() throws Exception {
    // slow headers (slowloris): the connection is closed when the head is not complete after 10 s
    try (java.net.Socket slow = new java.net.Socket("127.0.0.1", hub.httpPort())) {
      slow.setSoTimeout(20_000);
      slow.getOutputStream().write("GET /api/store HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes());
      long t0 = System.nanoTime();
      assertThat(slow.getInputStream().read()).isEqualTo(-1);
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertThat(seconds).isBetween(8L, 15L);
    }
    // more open connections from one address than allowed: the extra ones are closed at once
    java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
    try {
      int closed = 0;
      for (int i = 0; i < 50; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", hub.httpPort());
        s.setSoTimeout(2000);
        held.add(s);
      }
      for (java.net.Socket s : held.subList(40, 50)) {
        try {
          if (s.getInputStream().read() == -1) {
            closed++;
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          // not closed
        }
      }
      assertThat(closed).isEqualTo(10);
      assertThat(hub.hub.counters().get("http.rejected.connections-per-address")).isGreaterThanOrEqualTo(10);
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void metricsNeedTheScrapeTokenWhenOneIsSet() throws Exception {
    HttpResponse<String> none = get("/metrics", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate").orElse("")).startsWith("Bearer");
    assertThat(get("/metrics", "wrong-token-wrong-token-wrong").statusCode()).isEqualTo(401);
    // a console login is not a scrape token
    assertThat(get("/metrics", Api.as(hub.httpPort(), "admin").token()).statusCode()).isEqualTo(401);
    HttpResponse<String> scraped = get("/metrics", SCRAPE_TOKEN);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("vitrine_screens_connected");
  }
}
