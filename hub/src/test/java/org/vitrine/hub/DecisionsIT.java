package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/** How a zone's screens choose between shoppers: priority, caps, tie-breaks, fall-back, silence. */
class DecisionsIT {

  private static TestHub hub;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().conf(DecisionsIT::conf).tweak(c -> c.presence.silenceSeconds = 2);

  /** The demo store with these rules; people leave after 2 s of silence. */
  private static Path conf() throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Files.writeString(conf.resolve("rules.yaml"), """
        rules:
          - id: family-apparel
            when: { event: enter, zones: [apparel] }
            if: { segments: [family] }
            then: { show: kids-denim-card, priority: 30, seconds: 30 }
            cap: { times: 3, perMinutes: 30 }
          - id: sneakers-apparel
            when: { event: enter, zones: [apparel] }
            if: { interests: [sneakers] }
            then: { show: sneaker-drop-card, priority: 40, seconds: 30 }
          - id: coffee-cafe
            when: { event: enter, zones: [cafe] }
            if: { interests: [coffee] }
            then: { show: oat-latte-card, priority: 10, seconds: 1 }
            cap: { times: 1, perMinutes: 60 }
          - id: runners-footwear
            when: { event: enter, zones: [footwear] }
            if: { interests: [running] }
            then: { show: trail-runner-card, priority: 50, seconds: 30 }
            cap: { times: 1, perMinutes: 30 }
          - id: anyone-checkout
            when: { event: enter, zones: [checkout] }
            then: { show: checkout-thanks, priority: 5, seconds: 30 }
        """);
    return conf;
  }

  /** "content/shopper" of the screen's next play (whom it is for, as the hub decided: the frame names no shopper). */
  private static String shown(ScreenClient screen) {
    JsonObject play = screen.next("play", Duration.ofSeconds(5));
    return play.getJsonObject("content").getString("id") + "/" + screen.shopperOf(play);
  }

  @Test
  void aHigherPriorityPreemptsALowerOneNeverTheOtherWayRound(Vertx vertx) {
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-apparel");
         Camera away = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      // GIVEN Ben (family, priority 30) on the apparel screens
      cam.sees("ben", "t-b", null);
      assertThat(shown(screen)).isEqualTo("kids-denim-card/ben");
      // WHEN Chloé (sneakers, priority 40) walks in, THEN she pre-empts him
      cam.sees("chloe", "t-c", null);
      assertThat(shown(screen)).isEqualTo("sneaker-drop-card/chloe");
      // WHEN Ben is seen again (same zone: no entry) nothing changes
      cam.sees("ben", "t-b", null);
      screen.expectNo("play", Duration.ofMillis(500));
      cam.sees("ben", "t-b", null); // still there: this hub forgets the silent after 2 s
      // WHEN Chloé leaves, THEN Ben (still present, under his cap of 3) gets the screens back
      away.sees("chloe", "t-c2", null);
      assertThat(shown(screen)).isEqualTo("kids-denim-card/ben");
      away.sees("ben", "t-b2", null);
      assertThat(screen.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("shopper-left");
    }
  }

  @Test
  void whenSeveralShoppersQualifyTheChoiceIsDeterministic(Vertx vertx) throws Exception {
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Anna then Ben (both coffee lovers, same rule, same priority) enter the cafe
      cam.sees("anna", "t-a", null);
      cam.sees("ben", "t-b", null);
      // and stay there (this hub forgets the silent after 2 s; both plays take about that)
      AutoCloseable standing = cam.keepSeeing(400, "anna", "t-a", "ben", "t-b");
      // THEN Anna, who came first, is served first; Ben's entry does not pre-empt an equal priority
      assertThat(shown(screen)).isEqualTo("oat-latte-card/anna");
      // AND when her 1 s play ends, Ben, still standing there, gets his turn
      assertThat(shown(screen)).isEqualTo("oat-latte-card/ben");
      // AND when his ends, both are capped: back to the playlist
      assertThat(screen.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("ended");
      // AND while they stay in the zone the cap keeps the screen quiet
      screen.expectNo("play", Duration.ofMillis(1200));
      standing.close();
    }
  }

  @Test
  void theFrequencyCapStopsTheSameAdFollowingAShopperAround(Vertx vertx) {
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         Camera footwear = Camera.demo(vertx, hub.mqttPort(), "cam-footwear");
         Camera cafe = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      // GIVEN Anna, a runner, sees the trail shoe once
      footwear.sees("anna", "t-1", null);
      assertThat(shown(screen)).isEqualTo("trail-runner-card/anna");
      // WHEN she walks out and back in within the cap window
      cafe.sees("anna", "t-2", null);
      screen.next("resume", Duration.ofSeconds(5));
      footwear.sees("anna", "t-3", null);
      // THEN the footwear screen does not show it to her again
      screen.expectNo("play", Duration.ofMillis(800));
    }
  }

  @Test
  void aShopperWhoGoesSilentLeavesAndTheScreenFallsBack(Vertx vertx) {
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-checkout")) {
      // GIVEN David is seen once at the checkout (silence timeout of this hub: 2 s)
      cam.sees("david", "t-d", null);
      assertThat(shown(screen)).isEqualTo("checkout-thanks/david");
      // WHEN no camera sees him any more, THEN he leaves the store and the screen resumes its playlist
      JsonObject resume = screen.next("resume", Duration.ofSeconds(6));
      assertThat(resume.getJsonObject("reason").getString("cause")).isEqualTo("shopper-left-store");
      assertThat(hub.hub.presenceStore().stored().await()).doesNotContainKey("david");
    }
  }
}
