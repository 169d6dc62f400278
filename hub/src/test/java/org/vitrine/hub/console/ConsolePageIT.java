package org.vitrine.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.options.WaitForSelectorState;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.StaffNotice;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * The operator console (signage-web/webroot/console/) in headless Chromium against a real hub:
 * an editor writes a rule with the forms and publishes it, a screen shows it to the matching
 * shopper; a viewer cannot change anything; the live map follows a sighting.
 */
class ConsolePageIT {

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().conf(TestHub::copyOfDemoConf);

  private static final double WAIT_MS = 15_000;

  private static TestHub hub;
  private static Browser browser;
  /** The hub's Vertx: events published on it reach the hub's consumers. */
  private static Vertx hubVertx;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    hubVertx = vertx;
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + hub.httpPort() + path;
  }

  /** A new tab (its own sessionStorage, so its own login) signed in as {@code user}, on the live map. */
  private Page signIn(String user) {
    Page page = browser.context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.navigate(url("/console/"));
    page.getByLabel("Username").fill(user);
    page.getByLabel("Password").fill(user); // demo users: password = user name
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    page.waitForSelector(".zone-area[data-zone='footwear']");
    assertThat(page.locator("#user-role").textContent()).isEqualTo(user);
    return page;
  }

  /** The whole page in one picture: a viewport as tall as the page, so sticky bars sit where they belong. */
  private static void fullPage(Page page, String name) throws Exception {
    int height = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue();
    page.setViewportSize(1280, Math.min(Math.max(height, 720), 4000));
    page.waitForTimeout(200);
    page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot(name)));
    page.setViewportSize(1280, 720);
  }

  @Test
  void anEditorWritesARuleWithTheFormsPublishesItAndTheScreenShowsItToTheMatchingShopper(Vertx vertx) throws Exception {
    // GIVEN the footwear wall is open in a tab and plays its playlist
    Page screen = browser.context.newPage();
    screen.setDefaultTimeout(WAIT_MS);
    screen.navigate(hub.screenUrl("footwear-1"));
    screen.waitForSelector("body[data-connection='open'][data-mode='playlist']");
    screen.waitForSelector(".current[data-content-id='footwear-wall']");

    // AND an editor is signed in to the console, on a new rule
    Page console = signIn("editor");
    console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Rules").setExact(true)).click();
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ New rule")).first().click();
    Locator form = console.locator("form.rule-editor[data-rule='new']");
    form.waitFor();

    // WHEN they fill in the forms: walkers entering footwear see the new season collection
    form.getByLabel("Rule id").fill("walkers-footwear");
    form.getByLabel("Description").fill("Walkers entering footwear see the new season");
    // (a voice rule picks its question from the speaker's list, nothing typed)
    form.getByLabel("Event").selectOption("voice");
    assertThat(form.getByLabel("Voice question").locator("option").allTextContents()).contains("Any question", "Opening hours",
        "Call assistant", "Show products");
    form.getByLabel("Event").selectOption("enter");
    form.getByLabel("Footwear", new Locator.GetByLabelOptions().setExact(true)).check();
    form.getByLabel("Interests").fill("walking"); // David (conf/shoppers.yaml) likes walking
    form.getByLabel("Show content").selectOption("new-season");
    form.getByLabel("Priority").fill("60");
    form.getByLabel("Seconds on screen").fill("20");
    fullPage(console, "console-rule-editor");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save to draft")).click();

    // THEN the rule is in the draft, and the console says the draft has unpublished changes
    console.waitForSelector(".rule-link[data-rule='walkers-footwear'][data-status='new']");
    console.waitForSelector(".draft-banner[data-changed='true']");
    assertThat(console.locator(".draft-banner").innerText()).contains("unpublished changes");

    // WHEN they publish it with a note
    console.locator(".draft-banner").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Publish…")).click();
    console.getByLabel("What changed? (note for the history)").fill("Walkers campaign");
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish now")).click();

    // THEN the draft is live and the history has the new version with its note
    console.waitForSelector(".draft-banner[data-changed='false']");
    console.waitForSelector(".history td:has-text('Walkers campaign')");
    fullPage(console, "console-rules-published");

    // WHEN the footwear camera sees David
    try (Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
      camera.sees("david", "t-console-david", null);
    }

    // THEN the footwear wall shows the new season collection because of the new rule
    screen.waitForSelector(".current[data-content-id='new-season']");
    assertThat(screen.evalOnSelector("body", "b => b.dataset.reasonRule")).isEqualTo("walkers-footwear");
    assertThat(screen.content()).as("the screen is not told whom it plays for").doesNotContain("=david").doesNotContain("\"david\"");

    // AND the console's live map shows David in footwear and what the wall plays (and for whom)
    console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Live store").setExact(true)).click();
    console.waitForSelector(".zone-area[data-zone='footwear'] .chip[data-shopper='david']");
    console.waitForSelector(".screen-tile[data-screen='footwear-1'][data-content='new-season']");
    assertThat(console.locator(".screen-tile[data-screen='footwear-1']").innerText()).contains("David");
    screen.close();
    console.close();
  }

  @Test
  void anAdminPairsANewScreenWithTheCodeItShowsAndSeesItOnlineAndInTheAuditLog() throws Exception {
    // GIVEN a screen opened for the first time shows its pairing code
    Page screen = browser.context.newPage();
    screen.setDefaultTimeout(WAIT_MS);
    screen.navigate(url("/screen/"));
    screen.evaluate("() => localStorage.clear()"); // a new device: no screen this browser was paired as before
    screen.reload();
    screen.waitForSelector("#pairing .pairing-code");
    String code = screen.locator("#pairing .pairing-code").innerText().trim();

    // WHEN an admin pairs the checkout screen with it in Store setup
    Page console = signIn("admin");
    console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Store setup").setExact(true)).click();
    Locator row = console.locator("tr[data-screen='checkout-1']");
    row.waitFor();
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pair Checkout queue screen").setExact(true)).click();
    console.getByLabel("Pairing code").fill(code.toLowerCase());
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pair").setExact(true)).click();

    // THEN the screen becomes the checkout screen and plays its playlist, and the console shows it paired and online
    screen.waitForURL("**/screen/checkout-1");
    screen.waitForSelector("body[data-connection='open'][data-mode='playlist']");
    console.waitForSelector("tr[data-screen='checkout-1'] td[data-paired='yes']:has-text('by admin')");
    console.reload();
    console.waitForSelector("tr[data-screen='checkout-1'] td[data-seen='online']");
    // AND the audit log says who paired it, from where
    console.waitForSelector("#setup-audit td:has-text('POST /api/screens/checkout-1/pair')");
    fullPage(console, "console-setup-paired");
    screen.close();
    console.close();
  }

  @Test
  void aViewerFindsTheRuleEditorReadOnly() throws Exception {
    // GIVEN a viewer is signed in
    Page page = signIn("viewer");

    // WHEN they open a rule
    page.navigate(url("/console/#/rules/runners-footwear"));
    Locator form = page.locator("form.rule-editor[data-rule='runners-footwear']");
    form.waitFor();

    // THEN every field of the editor is disabled and there is nothing to save, delete or publish
    assertThat(form.getByLabel("Rule id").isDisabled()).isTrue();
    assertThat(form.getByLabel("Show content").isDisabled()).isTrue();
    assertThat(form.getByLabel("Interests").isDisabled()).isTrue();
    Object enabled = form.evaluate("f => [...f.querySelectorAll('input, select, textarea')].filter(e => !e.matches(':disabled')).length");
    assertThat(((Number) enabled).intValue()).isZero();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save to draft")).count()).isZero();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete from draft")).count()).isZero();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish…")).count()).isZero();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ New rule")).count()).isZero();
    fullPage(page, "console-rule-editor-viewer");

    // AND the content library offers no way to create or delete either
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Content").setExact(true)).click();
    page.waitForSelector(".content-card[data-content='trail-runner-card']");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ New content")).count()).isZero();
    assertThat(page.locator(".content-card button:has-text('Delete')").count()).isZero();
    page.close();
  }

  @Test
  void theLiveMapShowsAShopperAppearingAfterASighting(Vertx vertx) throws Exception {
    // GIVEN the live map is open and Ben is nowhere in the store
    Page page = signIn("editor");
    page.waitForSelector("#live-pill[data-state='live']");
    assertThat(page.locator(".chip[data-shopper='ben']").count()).isZero();

    // WHEN the apparel camera sees Ben
    try (Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-apparel")) {
      camera.sees("ben", "t-console-ben", null);
    }

    // THEN he appears in Apparel on the map without a reload, and the screens there show his content
    page.waitForSelector(".zone-area[data-zone='apparel'] .chip[data-shopper='ben']");
    assertThat(page.locator(".zone-area[data-zone='apparel'] .chip[data-shopper='ben']").innerText()).contains("Ben");
    page.waitForSelector(".screen-tile[data-screen='apparel-1'][data-content='kids-denim-card']");
    page.waitForTimeout(400); // let the highlight settle before the picture
    fullPage(page, "console-live-map");
    page.close();
  }

  @Test
  void aStaffNoticeDoneInOneConsoleLeavesTheOther() throws Exception {
    // GIVEN an editor and a viewer have the live map open
    Page editor = signIn("editor");
    Page viewer = signIn("viewer");
    editor.waitForSelector("#live-pill[data-state='live']");
    viewer.waitForSelector("#live-pill[data-state='live']");
    // WHEN a shopper in the cafe asks for an assistant
    String id = "n-page-" + System.nanoTime();
    hubVertx.eventBus().publish(Addresses.STAFF_NOTIFY, new StaffNotice(id, "cafe", null,
        "A shopper in the Cafe asks for an assistant", null, System.currentTimeMillis()));
    // THEN both see the notice; only the editor can mark it done
    String notice = ".notices li[data-notice='" + id + "']";
    editor.waitForSelector(notice);
    viewer.waitForSelector(notice);
    assertThat(viewer.locator(notice + " button").count()).isZero();
    // WHEN the editor marks it done
    editor.locator(notice).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Done")).click();
    // THEN it leaves both consoles, and stays gone after a reload
    editor.waitForSelector(notice, new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
    viewer.waitForSelector(notice, new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
    viewer.reload();
    viewer.waitForSelector("#live-pill[data-state='live']");
    assertThat(viewer.locator(notice).count()).isZero();
    editor.close();
    viewer.close();
  }
}
