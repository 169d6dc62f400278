package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.TestHub;

/** A screen survives a hub restart: it keeps showing content while the hub is away, then reconnects. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class PlayerReconnectIT {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void thePlayerNeverGoesBlankAndReconnectsAfterAHubRestart(Vertx vertx) throws Exception {
    int http = freePort();
    int mqtt = freePort();
    Path data = Files.createTempDirectory("vitrine-reconnect").resolve("redis");
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), data, 30, c -> {
      c.http.port = http;
      c.mqtt.port = mqtt;
    });
    try (Browser browser = Browser.start()) {
      Page page = browser.context.newPage();
      page.navigate(hub.screenUrl("cafe-1"));
      page.waitForSelector("body[data-connection='open'] .current[data-content-id='cafe-menu']");

      // WHEN the hub goes away
      hub.close();
      hub = null;
      page.waitForSelector("body[data-connection='closed'], body[data-connection='connecting']");
      // THEN the screen keeps showing the cafe menu rather than going blank
      page.waitForTimeout(1500);
      assertThat(page.locator(".current").getAttribute("data-content-id")).isEqualTo("cafe-menu");
      assertThat(page.locator(".current .media, .current .card").count()).isPositive();
      page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("player-hub-down")));

      // WHEN the hub comes back on the same address, THEN the player reconnects by itself
      hub = TestHub.start(vertx, TestHub.demoConf(), data, 30, c -> {
        c.http.port = http;
        c.mqtt.port = mqtt;
      });
      page.waitForSelector("body[data-connection='open']", new Page.WaitForSelectorOptions().setTimeout(30_000));
      assertThat(hub.hub.counters().get("ws.rejected.unknown-screen")).isZero();
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }
}
