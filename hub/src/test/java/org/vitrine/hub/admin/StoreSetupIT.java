package org.vitrine.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.redis.Responses;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Proc;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/** The store's setup changed from the console while screens, devices and people are connected. */
@ExtendWith(HubExtension.class)
class StoreSetupIT {

  private static TestHub hub;
  private static Api admin;

  @BeforeAll
  static void startHub() throws Exception {
    admin = Api.as(hub.httpPort(), "admin");
  }

  @Test
  void aScreenMovedToAnotherZoneGetsThatZonesPlaylistAndADeletedOneIsClosed(Vertx vertx) throws Exception {
    // GIVEN a new screen in the cafe, connected
    assertThat(admin.post("/api/screens", new JsonObject().put("id", "pop-up-1").put("zone", "cafe").put("name", "Pop-up"))
        .status()).isEqualTo(201);
    try (ScreenClient popUp = ScreenClient.connect(vertx, hub.httpPort(), "pop-up-1")) {
      assertThat(popUp.next("playlist", Duration.ofSeconds(5)).getString("zone")).isEqualTo("cafe");

      // WHEN the admin moves it to the checkout THEN it plays the checkout's playlist at once
      assertThat(admin.put("/api/screens/pop-up-1", new JsonObject().put("id", "pop-up-1").put("zone", "checkout")
          .put("name", "Pop-up")).status()).isEqualTo(200);
      assertThat(popUp.next("playlist", Duration.ofSeconds(5)).getString("zone")).isEqualTo("checkout");

      // WHEN it is deleted THEN its socket is closed with 4404 and the reason
      assertThat(admin.delete("/api/screens/pop-up-1").status()).isEqualTo(204);
      assertThat(popUp.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4404);
      assertThat(popUp.closeReason()).contains("deleted");
    }
  }

  @Test
  void aShelfPickupFromMosquittoPubIsAStoreEventInTheEventLog(Vertx vertx) throws Exception {
    // WHEN the demo shelf reports a pickup with a client that is not ours
    Proc pub = Proc.run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()),
        "-u", "shelf-footwear", "-P", "demo-shelf-footwear", "-q", "1",
        "-t", "vitrine/v1/devices/shelf-footwear/events", "-m", "{\"v\":1,\"type\":\"pickup\",\"product\":\"trail-runner-x\"}");
    assertThat(pub.exitCode()).as(pub.output()).isZero();

    // THEN the event log holds it, in the shelf's zone
    Redis redis = hub.hub.redis();
    Response last = null;
    for (int i = 0; i < 50 && last == null; i++) {
      Response r = redis.send(Request.cmd(Command.XREVRANGE).arg("vitrine:events").arg("+").arg("-").arg("COUNT").arg(1))
          .await(5, TimeUnit.SECONDS);
      if (r.size() > 0 && "pickup".equals(Responses.asMap(r.get(0).get(1)).get("type"))) {
        last = r.get(0);
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(last).as("pickup in vitrine:events").isNotNull();
    assertThat(Responses.asMap(last.get(1))).containsEntry("zone", "footwear").containsEntry("device", "shelf-footwear")
        .containsEntry("product", "trail-runner-x");

    // AND a bad one is refused with a reason on its errors topic, nothing logged
    Proc bad = Proc.run("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()),
        "-u", "shelf-footwear", "-P", "demo-shelf-footwear", "-q", "1",
        "-t", "vitrine/v1/devices/shelf-footwear/events", "-m", "{\"type\":\"dropped\",\"product\":\"x\"}");
    assertThat(bad.output()).as("MQTT 5 PUBACK reason").contains("Payload format invalid");
    assertThat(hub.hub.counters().snapshot()).containsKey("mqtt.rejected.invalid-event");
  }

  @Test
  void usersAreManagedByAdminsAndTheLastAdminStays() {
    // WHEN the admin adds a marketing editor
    assertThat(admin.post("/api/users", new JsonObject().put("username", "marketing").put("role", "editor")
        .put("password", "spring-campaign")).status()).isEqualTo(201);
    // THEN she can log in and edit content but not add devices
    Api marketing = Api.as(hub.httpPort(), "marketing", "spring-campaign");
    assertThat(marketing.get("/api/auth/me").json().getString("role")).isEqualTo("editor");
    Api.Answer device = marketing.post("/api/devices", new JsonObject().put("id", "cam-x").put("kind", "camera").put("zone", "cafe"));
    assertThat(device.status()).isEqualTo(403);
    assertThat(device.json().getString("message")).isEqualTo("role editor cannot change devices (admin needed)");
    // AND her password is stored hashed, never sent back
    assertThat(admin.get("/api/users").body()).doesNotContain("spring-campaign").doesNotContain("passwordHash");

    // the only admin cannot lose the role, nor delete themselves; short passwords are refused
    assertThat(admin.put("/api/users/admin", new JsonObject().put("role", "viewer")).status()).isEqualTo(409);
    assertThat(admin.delete("/api/users/admin").status()).isEqualTo(409);
    assertThat(admin.post("/api/users", new JsonObject().put("username", "x").put("role", "viewer").put("password", "short"))
        .json().getJsonArray("problems").getJsonObject(0).getString("field")).isEqualTo("password");
    assertThat(admin.delete("/api/users/marketing").status()).isEqualTo(204);
  }
}
