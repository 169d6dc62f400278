package org.vitrine.hub.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.QrCodes;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.StoreDevices;
import org.vitrine.hub.support.TestHub;

/**
 * Walk out and pay as the shopper sees it, in headless Chromium: she checks in on the phone page,
 * takes a product from a shelf and sees it in her basket on the page, walks out through the gate
 * and the itemised receipt appears on the page, printable.
 */
@ExtendWith(HubExtension.class)
class CommercePageIT {

  private static TestHub hub;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private static void seenIn(Vertx vertx, String member, float[] face, String camera, String zone) {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), camera)) {
      Eventually.value(() -> {
        cam.seesFace("t-" + member + "-" + zone, face, 0.9);
        return hub.hub.presenceStore().stored().await().getOrDefault(member, "");
      }, s -> s.contains("\"zone\":\"" + zone + "\""), Duration.ofSeconds(10));
    }
  }

  @Test
  void pickUpThenExitThenTheReceiptArrivesOnThePhonePage(Vertx vertx) throws Exception {
    Rest rest = new Rest(hub.httpPort());
    float[] chloe = Faces.person(501);
    // GIVEN Chloé checks in on her phone, the entrance camera seeing her
    String checkinUrl = QrCodes.decode(rest.bytes("/api/checkin/qr.png"));
    Page phone = browser.context.newPage();
    phone.setViewportSize(390, 844);
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      AutoCloseable seeing = door.keepSeeingFace(1000, "t-chloe-door", chloe, 0.9);
      try {
        phone.navigate(checkinUrl);
        phone.waitForSelector("body[data-state='ready']");
        assertThat(phone.locator("#pay-notice").innerText()).contains("financial records").contains("pseudonymised");
        phone.fill("#member", "chloe");
        phone.fill("#secret", "chloe-card");
        phone.click("#agree");
        phone.waitForSelector("body[data-state='checked-in']");
      } finally {
        seeing.close();
      }
    }
    // (staff put €100 on her member account at the till)
    assertThat(rest.asConsoleUser("admin").post("/api/ledger/accounts/chloe/top-ups", new JsonObject().put("amount", 10000)
        .put("currency", "EUR").put("key", "topup-chloe-page")).status()).isEqualTo(201);
    // AND her basket shows on the page, empty
    phone.waitForSelector("#basket-section:not([hidden])");
    phone.waitForSelector("body[data-basket='0']");

    try (StoreDevices shelf = StoreDevices.connect(hub.mqttPort(), "shelf-footwear");
         StoreDevices gate = StoreDevices.connect(hub.mqttPort(), "gate-exit")) {
      // WHEN she takes the Street Court Low in footwear
      seenIn(vertx, "chloe", chloe, "cam-footwear", "footwear");
      shelf.shelf("pickup", "street-court-low");
      // THEN it appears in her basket on the page, with the total
      phone.waitForSelector("body[data-basket='1']");
      assertThat(phone.locator("#basket-lines").innerText()).contains("Street Court Low");
      assertThat(phone.locator("#basket-total").innerText()).contains("89.00");
      phone.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("commerce-phone-basket")));

      // WHEN she walks out through the gate
      seenIn(vertx, "chloe", chloe, "cam-checkout", "checkout");
      gate.passage("p-chloe-1");
      assertThat(gate.next("display", 10).getString("text")).isEqualTo("Paid — €89.00, receipt on your phone");
    }
    // THEN the receipt arrives on her page and the basket empties
    phone.waitForSelector("body[data-receipts='1']");
    phone.waitForSelector("body[data-basket='0']");
    assertThat(phone.locator("#receipts").innerText()).contains("89.00").contains("member account");
    phone.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("commerce-phone-receipt")));
    // AND the printable receipt is itemised: line, VAT, total, payment method, store
    phone.click("#receipts a");
    phone.waitForSelector("body[data-state='ready']");
    String receipt = phone.locator("#receipt").innerText();
    assertThat(receipt).contains("Street Court Low").contains("20 %").contains("89.00").contains("14.83")
        .contains("Paid by member account").contains(hub.hub.catalog().get().store().name());
    phone.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("commerce-receipt-print")));
    phone.close();
  }
}
