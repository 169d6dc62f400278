package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * Debian's Chromium with the store CA installed the way staff would (its NSS database, as from
 * GET /ca.pem): the console and a screen over https and wss, no certificate error and no switch
 * that ignores one. Without the CA the same page is refused.
 */
@ExtendWith(HubExtension.class)
class BrowserTlsIT {

  private static TestHub hub;

  private static String https(String path) {
    return "https://localhost:" + hub.httpsPort() + path;
  }

  @Test
  void withTheStoreCaInstalledChromiumOpensTheConsoleAndAScreenOverHttps() throws Exception {
    try (Browser browser = Browser.start(List.of(), hub.caPem())) {
      Page page = browser.context.newPage();
      page.setDefaultTimeout(15_000);
      // the console: page, login and live map all over https
      Response console = page.navigate(https("/console/"));
      assertThat(console.status()).isEqualTo(200);
      assertThat(page.evaluate("() => window.isSecureContext")).isEqualTo(true);
      page.getByLabel("Username").fill("viewer");
      page.getByLabel("Password").fill("viewer");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      page.waitForSelector(".zone-area[data-zone='footwear']");
      // a screen: its WebSocket over wss, its playlist playing
      page.navigate(https("/screen/footwear-1#token=" + hub.screenToken("footwear-1")));
      page.waitForSelector("body[data-connection='open'][data-mode='playlist']");
      page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("tls-screen-over-https")));
    }
  }

  @Test
  void withoutTheCaChromiumRefusesTheHubsCertificate() throws Exception {
    try (Browser browser = Browser.start(List.of(), null)) {
      Page page = browser.context.newPage();
      assertThatThrownBy(() -> page.navigate(https("/console/")))
          .isInstanceOf(PlaywrightException.class)
          .hasMessageContaining("ERR_CERT_AUTHORITY_INVALID");
    }
  }
}
