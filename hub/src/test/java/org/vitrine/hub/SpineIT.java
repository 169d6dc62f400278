package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/** The spine end to end on the demo store: MQTT sighting → presence → rules → WebSocket play. */
@ExtendWith(HubExtension.class)
class SpineIT {

  private static TestHub hub;

  @Test
  void sightingOfARunnerInFootwearPersonalisesOnlyTheFootwearScreen(Vertx vertx) {
    // GIVEN a screen in footwear and one in the cafe, both showing their playlists
    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
      JsonObject playlist = footwear.next("playlist", Duration.ofSeconds(5));
      assertThat(playlist.getString("zone")).isEqualTo("footwear");
      assertThat(playlist.getJsonArray("items")).isNotEmpty();

      // WHEN the footwear camera sees Anna (interests: running)
      long sent = System.nanoTime();
      camera.sees("anna", "t-anna-1", "spine-1");

      // THEN the footwear screen plays the trail runner card for her, saying why (but not naming her)
      JsonObject play = footwear.next("play", Duration.ofSeconds(5));
      long millis = (System.nanoTime() - sent) / 1_000_000;
      assertThat(play.getJsonObject("content").getString("id")).isEqualTo("trail-runner-card");
      assertThat(play.getJsonObject("content").getJsonObject("product").getString("name")).isEqualTo("Trail Runner X");
      assertThat(play.getInteger("seconds")).isEqualTo(12);
      assertThat(play.getJsonObject("reason").getMap())
          .containsEntry("kind", "rule").containsEntry("rule", "runners-footwear")
          .containsEntry("trace", "spine-1").doesNotContainKey("shopper");
      assertThat(play.encode()).doesNotContain("anna");
      assertThat(footwear.shopperOf(play)).as("whom the hub played it for").isEqualTo("anna");
      assertThat(play.getLong("until")).isGreaterThan(System.currentTimeMillis());
      System.out.printf("sighting → play at the screen: %d ms (includes the client's own publish)%n", millis);

      // AND the cafe screen receives nothing
      cafe.expectNo("play", Duration.ofMillis(700));
    }
  }

  @Test
  void aScreenThatReconnectsGetsWhatIsPlayingAtOnce(Vertx vertx) {
    // GIVEN David (platinum, 40 visits) is welcomed at the entrance
    try (Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      try (ScreenClient first = ScreenClient.connect(vertx, hub.httpPort(), "entrance-1")) {
        camera.sees("david", "t-david-1", null);
        assertThat(first.next("play", Duration.ofSeconds(5)).getJsonObject("content").getString("id"))
            .isEqualTo("platinum-welcome");
      }
      // WHEN the screen reconnects (power cut, network blip) while the play still runs
      try (ScreenClient again = ScreenClient.connect(vertx, hub.httpPort(), "entrance-1")) {
        // THEN it gets its playlist and the running play with the time that is left
        again.next("playlist", Duration.ofSeconds(5));
        JsonObject play = again.next("play", Duration.ofSeconds(5));
        assertThat(play.getJsonObject("content").getString("id")).isEqualTo("platinum-welcome");
        assertThat(play.getInteger("seconds")).isBetween(1, 8);
      }
    }
  }

  @Test
  void whenTheShopperLeavesTheZoneTheScreenFallsBackToItsPlaylist(Vertx vertx) {
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         Camera apparelCam = Camera.demo(vertx, hub.mqttPort(), "cam-apparel");
         Camera checkoutCam = Camera.demo(vertx, hub.mqttPort(), "cam-checkout")) {
      // GIVEN Ben (family) gets kids denim in apparel
      apparelCam.sees("ben", "t-ben-1", null);
      assertThat(apparel.next("play", Duration.ofSeconds(5)).getJsonObject("content").getString("id"))
          .isEqualTo("kids-denim-card");
      // WHEN the checkout camera sees him
      checkoutCam.sees("ben", "t-ben-2", null);
      // THEN the apparel screens resume their playlist because he left
      JsonObject resume = apparel.next("resume", Duration.ofSeconds(5));
      assertThat(resume.getJsonObject("reason").getString("cause")).isEqualTo("shopper-left");
    }
  }

  @Test
  void anonymousPeopleAreCountedNotProfiled(Vertx vertx) throws Exception {
    try (ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // WHEN the cafe camera sees three anonymous tracks, one of them twice
      camera.sees(null, "anon-1", null);
      camera.sees(null, "anon-2", null);
      camera.sees(null, "anon-3", null);
      camera.sees(null, "anon-1", null);
      // THEN no screen is personalised and the zone counts three unique people this hour
      cafe.expectNo("play", Duration.ofMillis(500));
      long count = Eventually.value(() -> hub.hub.presenceStore().anonymousCount("cafe", System.currentTimeMillis()).await(),
          n -> n >= 3);
      assertThat(count).isEqualTo(3);
      assertThat(hub.hub.presenceStore().stored().await()).doesNotContainKeys("anon-1", "anon-2", "anon-3");
    }
  }
}
