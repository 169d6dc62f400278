package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Proc;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * A store that already runs Frigate and Double Take: their MQTT events, published by Debian's
 * mosquitto_pub exactly as documented by those projects, move shoppers and personalise screens.
 */
@ExtendWith(HubExtension.class)
class ForeignCamerasIT {

  private static TestHub hub;

  private static Proc pub(String version, String user, String topic, String payload) throws Exception {
    return Proc.run("mosquitto_pub", "-V", version, "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()),
        "-u", user, "-P", "demo-" + user, "-q", "1", "-t", topic, "-m", payload);
  }

  private static String frigateEvent(String type, String id, String camera, String subLabel) {
    return """
        {"type":"%s","before":{"id":"%s","camera":"%s","label":"person","sub_label":null},
         "after":{"id":"%s","camera":"%s","frame_time":%d.5,"snapshot":{"frame_time":1,"box":[415,489,528,700],"area":12728,
         "region":[260,446,660,846],"score":0.77,"attributes":[]},"label":"person","sub_label":%s,"top_score":0.95,
         "false_positive":false,"start_time":1607123955.47,"end_time":null,"score":0.78,"box":[424,500,536,712],"area":23744,
         "ratio":2.11,"region":[264,450,667,853],"current_zones":[],"entered_zones":[],"thumbnail":null,"has_snapshot":true,
         "has_clip":true,"stationary":false,"motionless_count":0,"position_changes":2,"attributes":{}}}"""
        .formatted(type, id, camera, id, camera, System.currentTimeMillis() / 1000, subLabel);
  }

  private static String presenceZone(String shopper) {
    String json = hub.hub.presenceStore().stored().await().get(shopper);
    return json == null ? null : new JsonObject(json).getString("zone");
  }

  @Test
  void frigateEventsNamingAShopperMoveThemAndPersonaliseTheirZonesScreen(Vertx vertx) throws Exception {
    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1")) {
      // WHEN Frigate (face recognition on) reports Anna at its "shoes" camera, sub_label as [name, score]
      Proc p = pub("mqttv311", "frigate", "frigate/events", frigateEvent("new", "1764000000.1-anna", "shoes", "[\"Anna\", 0.91]"));
      assertThat(p.exitCode()).as(p.output()).isZero();
      // THEN the footwear screen plays the runner's card for her
      JsonObject play = footwear.next("play", Duration.ofSeconds(5));
      assertThat(play.getJsonObject("content").getString("id")).isEqualTo("trail-runner-card");
      assertThat(footwear.shopperOf(play)).isEqualTo("anna");
      // WHEN a later event of another camera has her at the front door (older Frigate: plain string)
      pub("mqttv5", "frigate", "frigate/events", frigateEvent("update", "1764000009.2-anna", "front_door", "\"anna\""));
      // THEN she moved to the entrance and the footwear screen resumes its playlist
      assertThat(footwear.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("shopper-left");
      assertThat(Eventually.value(() -> presenceZone("anna"), "entrance"::equals)).isEqualTo("entrance");
    }
  }

  @Test
  void aDoubleTakeMatchPersonalisesTheZoneOfItsCamera(Vertx vertx) throws Exception {
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1")) {
      String match = """
          {"id":"1623906078.684285-5l9hw6","duration":1.26,"timestamp":"2021-06-17T05:01:36.030Z","attempts":3,
           "camera":"aisle_3","zones":[],"match":{"name":"ben","confidence":66.07,"match":true,
           "box":{"top":308,"left":1018,"width":164,"height":177},"type":"latest","duration":0.28,"detector":"compreface",
           "filename":"2f07d1ad-9252-43fd-9233-2786a36a15a9.jpg","base64":null}}""";
      Proc p = pub("mqttv311", "double-take", "double-take/matches/ben", match);
      assertThat(p.exitCode()).as(p.output()).isZero();
      JsonObject play = apparel.next("play", Duration.ofSeconds(5));
      assertThat(play.getJsonObject("content").getString("id")).isEqualTo("kids-denim-card");
      assertThat(apparel.shopperOf(play)).isEqualTo("ben");
      assertThat(Eventually.value(() -> presenceZone("ben"), "apparel"::equals)).isEqualTo("apparel");
    }
  }

  @Test
  void malformedEventsGetTheUsualNoticeAndOtherKindsTopicsAreRefused() throws Exception {
    // GIVEN Frigate's errors topic on the hub is watched (mosquitto_sub, logged in as Frigate)
    Proc sub = Proc.subscribed("mosquitto_sub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()),
        "-u", "frigate", "-P", "demo-frigate", "-i", "frigate-watch", "-q", "1",
        "-t", "vitrine/v1/devices/frigate/errors", "-C", "2", "-W", "15");
    long ignored = hub.hub.counters().get("mqtt.ignored.frigate");
    // WHEN Frigate publishes its stats (not for us), an event of a camera the store does not map,
    // and something on Double Take's topics
    pub("mqttv5", "frigate", "frigate/stats", "{\"service\":{\"uptime\":5}}");
    Proc unknownCamera = pub("mqttv5", "frigate", "frigate/events", frigateEvent("new", "e-1", "garage", "null"));
    Proc foreignTopic = pub("mqttv5", "frigate", "double-take/matches/ben", "{\"camera\":\"aisle_3\",\"match\":{}}");
    // THEN the stats are dropped quietly, the event is refused in its PUBACK, the topic is not Frigate's
    assertThat(unknownCamera.output()).contains("Payload format invalid");
    assertThat(foreignTopic.output()).contains("Not authorized");
    assertThat(hub.hub.counters().get("mqtt.ignored.frigate")).isEqualTo(ignored + 1);
    // AND the notices say why, on the device's errors topic
    assertThat(sub.await(15)).as(sub.output()).isZero();
    String[] notices = sub.messages().trim().split("\n");
    JsonObject camera = new JsonObject(notices[0]);
    assertThat(camera.getString("error")).isEqualTo("invalid-sighting");
    assertThat(camera.getString("message")).startsWith("after.camera: unknown camera 'garage'");
    assertThat(camera.getString("topic")).isEqualTo("frigate/events");
    assertThat(new JsonObject(notices[1]).getString("error")).isEqualTo("topic-not-allowed");
    // AND Double Take's picture of a face is refused too (no image enters the hub)
    Proc withImage = pub("mqttv5", "double-take", "double-take/matches/ben",
        "{\"camera\":\"aisle_3\",\"match\":{\"name\":\"ben\",\"confidence\":80,\"base64\":\"/9j/4AAQSkZJRg\"}}");
    assertThat(withImage.output()).contains("Payload format invalid");
  }
}
