package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * Face matching in the hub, over real MQTT and a real Redis: shoppers enrolled through the QR
 * check-in are recognised by every camera, strangers are only counted, the threshold decides.
 * Embeddings here are synthetic unit vectors with exact similarities (real ones: devices/).
 */
@ExtendWith(HubExtension.class)
class IdentityIT {

  private static TestHub hub;
  private static Rest rest;

  @BeforeAll
  static void startHub() throws Exception {
    rest = new Rest(hub.httpPort());
  }

  private static String zoneOf(String shopper) {
    String json = hub.hub.presenceStore().stored().await().get(shopper);
    return json == null ? null : new JsonObject(json).getString("zone");
  }

  private static void awaitZone(String shopper, String zone) throws InterruptedException {
    for (int i = 0; i < 100 && !zone.equals(zoneOf(shopper)); i++) {
      Thread.sleep(50);
    }
    assertThat(zoneOf(shopper)).as("zone of %s", shopper).isEqualTo(zone);
  }

  @Test
  void aShopperEnrolledAtTheEntranceIsRecognisedByAnotherCameraInAnotherZone(Vertx vertx) throws Exception {
    float[] ben = Faces.person(20);
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         Camera aisle = Camera.demo(vertx, hub.mqttPort(), "cam-apparel")) {
      // GIVEN Ben checked in at the entrance: the entrance camera's face of him is enrolled
      JsonObject enrolled = Checkins.checkIn(rest, door, "t-ben-door", ben, "ben");
      assertThat(enrolled.getString("shopper")).isEqualTo("ben");
      assertThat(enrolled.getLong("expiresAt")).isGreaterThan(System.currentTimeMillis() + 11 * 3_600_000L);
      // WHEN the apparel camera sends another face of him (another angle: cosine 0.6), on its own track
      aisle.seesFace("t-ben-aisle", Faces.similar(ben, 0.6, 1), 0.8);
      // THEN that is Ben in apparel: the family rule plays kids denim for him
      JsonObject play = apparel.next("play", Duration.ofSeconds(5));
      assertThat(play.getJsonObject("content").getString("id")).isEqualTo("kids-denim-card");
      assertThat(apparel.shopperOf(play)).isEqualTo("ben");
      awaitZone("ben", "apparel");
    }
  }

  @Test
  void aDifferentPersonIsOnlyCountedNeverProfiled(Vertx vertx) throws Exception {
    float[] anna = Faces.person(30);
    try (ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         Camera cafeCam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      Checkins.checkIn(rest, door, "t-anna-door", anna, "anna");
      long before = hub.hub.presenceStore().anonymousCount("cafe", System.currentTimeMillis()).await();
      Map<String, String> presenceBefore = hub.hub.presenceStore().stored().await();
      // WHEN the cafe camera sees someone else (a face unlike Anna's: cosine 0.1)
      float[] stranger = Faces.similar(anna, 0.1, 31);
      cafeCam.seesFace("t-stranger", stranger, 0.9);
      // THEN nobody's content plays, the stranger is one more anonymous person, and presence is unchanged
      cafe.expectNo("play", Duration.ofMillis(800));
      assertThat(Eventually.value(() -> hub.hub.presenceStore().anonymousCount("cafe", System.currentTimeMillis()).await(),
          n -> n >= before + 1)).isEqualTo(before + 1);
      assertThat(hub.hub.presenceStore().stored().await().keySet()).isEqualTo(presenceBefore.keySet());
      assertThat(zoneOf("anna")).isNotEqualTo("cafe");
    }
  }

  @Test
  void theThresholdDecidesAndATrackIsMatchedOnce(Vertx vertx) throws Exception {
    float[] chloe = Faces.person(40);
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         Camera tills = Camera.demo(vertx, hub.mqttPort(), "cam-checkout")) {
      Checkins.checkIn(rest, door, "t-chloe-door", chloe, "chloe");
      door.seesFace("t-chloe-door", chloe, 0.9);
      awaitZone("chloe", "entrance");
      // WHEN the checkout camera sends a face just below the threshold (0.37 < 0.40)
      tills.seesFace("t-below", Faces.similar(chloe, 0.37, 41), 0.9);
      Thread.sleep(500);
      // THEN it is not Chloé
      assertThat(zoneOf("chloe")).isEqualTo("entrance");
      // WHEN a face just above it arrives (0.43)
      long matched = hub.hub.counters().get("identity.matched");
      tills.seesFace("t-above", Faces.similar(chloe, 0.43, 42), 0.9);
      // THEN Chloé is at the checkout
      awaitZone("chloe", "checkout");
      assertThat(hub.hub.counters().get("identity.matched")).isEqualTo(matched + 1);
      // AND further sightings of that track reuse the answer instead of matching again
      long remembered = hub.hub.counters().get("identity.remembered");
      tills.seesFace("t-above", Faces.similar(chloe, 0.43, 42), 0.9);
      tills.seesFace("t-above", Faces.similar(chloe, 0.43, 42), 0.88);
      for (int i = 0; i < 50 && hub.hub.counters().get("identity.remembered") < remembered + 2; i++) {
        Thread.sleep(50);
      }
      assertThat(hub.hub.counters().get("identity.remembered")).isEqualTo(remembered + 2);
      assertThat(hub.hub.counters().get("identity.matched")).isEqualTo(matched + 1);
    }
  }

  @Test
  void aCheckInRecordsWhatWasAgreedToAndUntilWhen(Vertx vertx) throws Exception {
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      JsonObject enrolled = Checkins.checkIn(rest, door, "t-david", Faces.person(7), "david");
      JsonObject status = rest.withHeader(org.vitrine.hub.checkin.CheckinApi.SHOPPER_KEY_HEADER, enrolled.getString("key")).get("/api/shoppers/david/identity").json();
      assertThat(status.getBoolean("enrolled")).isTrue();
      JsonObject consent = status.getJsonObject("consent");
      assertThat(consent.getString("via")).isEqualTo("qr-checkin");
      assertThat(consent.getString("purpose")).contains("during this visit");
      assertThat(consent.getJsonArray("collected").encode()).contains("never a photo");
      assertThat(consent.getLong("expiresAt")).isEqualTo(enrolled.getLong("expiresAt"));
    }
  }
}
