package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.MemberSystem;
import org.vitrine.hub.support.QrCodes;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * The QR check-in as a shopper lives it, in headless Chromium: the entrance screen shows the QR
 * code, the "phone" reads it from a screenshot of that screen, opens the page, proves the loyalty
 * membership (member id + secret, or the shopping app's member token in the URL fragment) and
 * agrees; the face the entrance camera sees is enrolled, and the shopper's next sighting
 * personalises the entrance screen. Declining leaves no trace; "forget me" erases the visit.
 */
// in this order: a face left at the entrance camera by one test (checkin.faceSeconds) must be
// someone checked in, or the next check-in would rightly refuse with several-faces
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckinPageIT {

  private static MemberSystem members;
  private static TestHub hub;
  private static Browser browser;
  private static Rest rest;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> members = MemberSystem.start(v)).tweak(c -> members.configure(c))
      .after(() -> members.close());

  @BeforeAll
  static void start() throws Exception {
    // the store's CA installed in the browser, as staff install it on phones: the phone page runs over https
    browser = Browser.start(java.util.List.of(), hub.caPem());
    rest = new Rest(hub.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  private String url(String path) {
    return "https://localhost:" + hub.httpsPort() + path;
  }

  /** Reads the QR code off the entrance screen, as a phone camera pointed at it would. */
  private String scanEntranceScreen(Page screen) throws Exception {
    screen.waitForSelector(".current[data-content-id='checkin-qr']");
    AssertionError last = null;
    for (int i = 0; i < 20; i++) {
      screen.waitForTimeout(500); // the cross-fade and the QR image inside the frame
      try {
        return QrCodes.decode(screen.screenshot());
      } catch (AssertionError e) {
        last = e;
      }
    }
    throw last;
  }

  private Page phone(String checkinUrl) {
    Page phone = browser.context.newPage();
    phone.setViewportSize(390, 844);
    phone.navigate(checkinUrl);
    phone.waitForSelector("body[data-state='ready']");
    return phone;
  }

  @Test
  @Order(2)
  void aShopperChecksInOnThePhonePageAndTheEntranceScreenThenGreetsThem(Vertx vertx) throws Exception {
    float[] david = Faces.person(100);
    Page screen = browser.context.newPage();
    // the entrance screen over https: the QR code it shows sends phones to https too
    screen.navigate(url("/screen/entrance-1#token=" + hub.screenToken("entrance-1")));
    // GIVEN the entrance screen shows the check-in QR code
    String checkinUrl = scanEntranceScreen(screen);
    screen.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("checkin-entrance-qr")));
    assertThat(checkinUrl).startsWith(url("/checkin/?t="));
    // AND David stands at the entrance: its camera reports his face every second, like the agent does
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      AutoCloseable seeing = door.keepSeeingFace(1000, "t-david-door", david, 0.9);
      try {
        // WHEN he opens the page from the QR code, reads what is collected and why
        Page phone = phone(checkinUrl);
        assertThat(phone.locator("#notice").innerText()).contains("face embedding").contains("Never a photo")
            .contains("12 hours").contains("stay anonymous").contains("member id and secret");
        // (the page offers no list of members to pick from)
        assertThat(phone.locator("select").count()).isZero();
        assertThat(phone.content()).doesNotContain("anna").doesNotContain("Chlo");
        // AND a mistyped secret is refused, without saying whether the member id exists
        phone.fill("#member", "david");
        phone.fill("#secret", "david-crad");
        phone.click("#agree");
        phone.waitForSelector("body[data-state='refused']");
        assertThat(phone.locator("#message").innerText()).contains("do not match");
        // AND types his member id and secret and agrees
        phone.fill("#secret", "david-card");
        phone.click("#agree");
        phone.waitForSelector("body[data-state='checked-in']");
        assertThat(phone.locator("#message").innerText()).contains("checked in, David");
        phone.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("checkin-phone-done")));
        assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/david/identity").json().getBoolean("enrolled")).isTrue();

        // THEN his next sighting at the entrance personalises the entrance screen for him
        screen.waitForSelector(".current[data-content-id='platinum-welcome']");
        assertThat(screen.locator(".current .greeting").innerText()).isEqualTo("Welcome back, David!");
        screen.waitForTimeout(800);
        screen.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("checkin-entrance-greets")));

        // WHEN he taps "forget me" on the same page
        phone.click("#forget");
        phone.waitForSelector("body[data-state='forgotten']");
        // THEN he is no longer enrolled and the screen goes back to its playlist, though the camera still sees him
        assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/david/identity").json().getBoolean("enrolled")).isFalse();
        screen.waitForSelector("body[data-mode='playlist']");
        // AND his loyalty membership stays (only the member system or an admin erases that)
        assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/david").status()).isEqualTo(200);
        phone.close();
      } finally {
        seeing.close();
      }
    }
    screen.close();
  }

  @Test
  @Order(1)
  void theShoppingAppOpensThePageWithAMemberTokenAndTheShopperOnlyAgrees(Vertx vertx) throws Exception {
    float[] ben = Faces.person(102);
    String checkinUrl = QrCodes.decode(rest.bytes("/api/checkin/qr.png"));
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      AutoCloseable seeing = door.keepSeeingFace(1000, "t-ben-door", ben, 0.9);
      try {
        // WHEN Ben's shopping app, logged in to the member system, opens the page with his member token in the fragment
        Page phone = browser.context.newPage();
        phone.setViewportSize(390, 844);
        java.util.List<String> sentUrls = new java.util.ArrayList<>();
        phone.onRequest(r -> sentUrls.add(r.url()));
        phone.navigate(checkinUrl + "#member_token=" + members.memberToken("ben"));
        phone.waitForSelector("body[data-state='ready'][data-proof='member-token']");
        // THEN the page asks for no member id or secret, only for his agreement
        assertThat(phone.locator("#by-secret").isVisible()).isFalse();
        assertThat(phone.locator("#by-app").innerText()).contains("shopping app");
        // AND the token leaves the address bar (it stays out of the history)
        assertThat(phone.url()).doesNotContain("member_token");
        phone.click("#agree");
        phone.waitForSelector("body[data-state='checked-in']");
        assertThat(phone.locator("#message").innerText()).contains("checked in, Ben");
        assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/ben/identity").json().getBoolean("enrolled")).isTrue();
        // AND the token never travelled in a URL (the fragment is not sent; the page posts it)
        assertThat(sentUrls).noneMatch(u -> u.contains("member_token") || u.contains("eyJ"));
        phone.close();
      } finally {
        seeing.close();
      }
    }
  }

  @Test
  @Order(3)
  void decliningLeavesTheShopperAnonymousAndSendsNothing(Vertx vertx) throws Exception {
    String checkinUrl = QrCodes.decode(rest.bytes("/api/checkin/qr.png"));
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      door.seesFace("t-anna-door", Faces.person(101), 0.9);
      Page phone = phone(checkinUrl);
      java.util.List<String> posts = new java.util.ArrayList<>();
      phone.onRequest(r -> {
        if (!r.method().equals("GET")) {
          posts.add(r.method() + " " + r.url());
        }
      });
      phone.fill("#member", "anna");
      phone.fill("#secret", "anna-card");
      phone.click("#decline");
      phone.waitForSelector("body[data-state='declined']");
      assertThat(phone.locator("#message").innerText()).contains("stay anonymous");
      assertThat(posts).isEmpty();
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/anna/identity").json().getBoolean("enrolled")).isFalse();
      phone.close();
    }
  }

  @Test
  void anOldQrCodeSaysSo() {
    Page phone = browser.context.newPage();
    phone.navigate(url("/checkin/?t=AAAAAAAAAAAAAAAAAAAAAA"));
    phone.waitForSelector("body[data-state='expired']");
    assertThat(phone.locator("#message").innerText()).contains("expired");
    phone.close();
  }
}
