package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.support.Proc;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/** The documented topics work with clients that are not ours: Debian's mosquitto_pub / mosquitto_sub. */
@ExtendWith(HubExtension.class)
class MosquittoClientsIT {

  private static TestHub hub;

  private static String port() {
    return String.valueOf(hub.mqttPort());
  }

  @Test
  void aSightingFromMosquittoPubPersonalisesTheZoneScreen(Vertx vertx) throws Exception {
    // version, camera, zone screen, other screen, shopper, expected content
    String[][] rounds = {
        {"mqttv311", "cam-cafe", "cafe-1", "footwear-1", "anna", "oat-latte-card"},
        {"mqttv5", "cam-apparel", "apparel-1", "checkout-1", "chloe", "sneaker-drop-card"}};
    for (String[] r : rounds) {
      try (ScreenClient zoneScreen = ScreenClient.connect(vertx, hub.httpPort(), r[2]);
           ScreenClient otherScreen = ScreenClient.connect(vertx, hub.httpPort(), r[3])) {
        // WHEN a third-party client publishes a documented sighting
        Proc pub = Proc.run("mosquitto_pub", "-V", r[0], "-h", "127.0.0.1", "-p", port(),
            "-u", r[1], "-P", "demo-" + r[1], "-q", "1",
            "-t", "vitrine/v1/devices/" + r[1] + "/sightings",
            "-m", "{\"v\":1,\"track\":\"t-" + r[0] + "\",\"shopper\":\"" + r[4] + "\",\"confidence\":0.9}");
        assertThat(pub.exitCode()).as(pub.output()).isZero();
        // THEN that zone's screen shows the shopper's content, and no other screen changes
        JsonObject play = zoneScreen.next("play", Duration.ofSeconds(5));
        assertThat(play.getJsonObject("content").getString("id")).isEqualTo(r[5]);
        assertThat(zoneScreen.shopperOf(play)).isEqualTo(r[4]);
        otherScreen.expectNo("play", Duration.ofMillis(300));
      }
    }
  }

  @Test
  void mqtt5PublishersGetTheReasonInThePubackAndSubscribersTheNotice() throws Exception {
    // GIVEN the camera's own errors topic is watched by mosquitto_sub (MQTT 5)
    Proc sub = Proc.subscribed("mosquitto_sub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", port(),
        "-u", "cam-apparel", "-P", "demo-cam-apparel", "-i", "watcher", "-q", "1",
        "-t", "vitrine/v1/devices/cam-apparel/errors", "-C", "1", "-W", "15");
    // WHEN the camera publishes garbage at QoS 1 over MQTT 5
    Proc pub = Proc.run("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", port(),
        "-u", "cam-apparel", "-P", "demo-cam-apparel", "-i", "cam", "-q", "1",
        "-t", "vitrine/v1/devices/cam-apparel/sightings", "-m", "<xml/>");
    // THEN the PUBACK says why
    assertThat(pub.output()).contains("Payload format invalid");
    // AND the notice reaches the subscriber
    assertThat(sub.await(15)).as(sub.output()).isZero();
    JsonObject notice = new JsonObject(sub.messages().trim());
    assertThat(notice.getString("error")).isEqualTo("malformed-json");
  }

  @Test
  void devicesReceiveWhatTheHubPublishesToThemAtQos0And1(Vertx vertx) throws Exception {
    for (int qos = 0; qos <= 1; qos++) {
      Proc sub = Proc.start("mosquitto_sub", "-h", "127.0.0.1", "-p", port(),
          "-u", "cam-entrance", "-P", "demo-cam-entrance", "-q", String.valueOf(qos),
          "-t", "vitrine/v1/devices/cam-entrance/commands", "-C", "1", "-W", "15", "-v");
      String payload = "{\"command\":\"recalibrate\",\"qos\":" + qos + "}";
      // publish until the subscription is in place (the hub replies how many sessions got it)
      int delivered = 0;
      for (int i = 0; i < 50 && delivered == 0; i++) {
        delivered = vertx.eventBus().<Integer>request(Addresses.DEVICE_PUBLISH,
            new DeviceMessage("cam-entrance", "commands", payload, qos)).await().body();
        if (delivered == 0) {
          Thread.sleep(100);
        }
      }
      assertThat(delivered).isEqualTo(1);
      assertThat(sub.await(15)).as(sub.output()).isZero();
      assertThat(sub.output().trim()).isEqualTo("vitrine/v1/devices/cam-entrance/commands " + payload);
    }
  }

  @Test
  void wrongCredentialsAndForeignSubscriptionsAreRefused() throws Exception {
    Proc wrong = Proc.run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-u", "cam-cafe", "-P", "guess-guess",
        "-t", "vitrine/v1/devices/cam-cafe/sightings", "-m", "{}");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.output()).containsIgnoringCase("bad user name or password");
    Proc foreign = Proc.run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-u", "cam-cafe", "-P", "demo-cam-cafe",
        "-t", "vitrine/v1/devices/cam-footwear/#", "-C", "1", "-W", "3");
    assertThat(foreign.output()).contains("All subscription requests were denied");
  }
}
