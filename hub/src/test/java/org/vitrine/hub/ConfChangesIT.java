package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/** Editing conf/ while the store runs: good edits reach screens at once, bad edits change nothing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ConfChangesIT {

  @Test
  void aPlaylistEditIsPushedAndABrokenEditIsIgnored(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    TestHub hub = TestHub.start(vertx, conf, Files.createTempDirectory("vitrine-conf-it").resolve("redis"), 30,
        c -> c.confWatchMillis = 200);
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1")) {
      apparel.next("playlist", Duration.ofSeconds(5));
      cafe.next("playlist", Duration.ofSeconds(5));

      // WHEN an operator shortens the apparel playlist's first item in content.yaml
      Path content = conf.resolve("content.yaml");
      Files.writeString(content, Files.readString(content).replace(
          "items: [ { content: new-season, seconds: 8 }", "items: [ { content: new-season, seconds: 5 }"));

      // THEN the apparel screens get the new playlist within a second or two; the cafe's is unchanged
      JsonObject playlist = apparel.next("playlist", Duration.ofSeconds(5));
      assertThat(playlist.getJsonArray("items").getJsonObject(0).getInteger("seconds")).isEqualTo(5);
      cafe.expectNo("playlist", Duration.ofMillis(600));

      // WHEN a broken rules.yaml is saved (a rule showing content that does not exist)
      Path rules = conf.resolve("rules.yaml");
      String good = Files.readString(rules);
      Files.writeString(rules, good.replace("show: oat-latte-card", "show: oat-latte-crad"));
      Thread.sleep(800);

      // THEN the hub keeps the last good rules: Anna still gets her latte in the cafe
      try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
        cam.sees("anna", "t-a", null);
        assertThat(cafe.next("play", Duration.ofSeconds(5)).getJsonObject("content").getString("id")).isEqualTo("oat-latte-card");
      }
      assertThat(hub.hub.catalog().get().rules()).extracting(r -> r.then().show()).contains("oat-latte-card");
    } finally {
      hub.close();
    }
  }

  @Test
  void consoleWorkSurvivesAReimportOfTheLoyaltyExportAndAConfEditOfAnEntityWins(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    TestHub hub = TestHub.start(vertx, conf, Files.createTempDirectory("vitrine-conf-merge").resolve("redis"), 30,
        c -> c.confWatchMillis = 200);
    try {
      Api admin = Api.as(hub.httpPort(), "admin");
      // GIVEN console work: a new zone, the cafe's playlist edited, the entrance's playlist too
      assertThat(admin.post("/api/zones", new JsonObject().put("id", "garden").put("name", "Garden")).status()).isEqualTo(201);
      assertThat(admin.put("/api/playlists/cafe", playlist("oat-latte-card", 7)).status()).isEqualTo(200);
      assertThat(admin.put("/api/playlists/entrance", playlist("welcome", 9)).status()).isEqualTo(200);

      // WHEN the loyalty export is saved again with one member renamed (the import runs: Ben's name shows it)
      Path shoppers = conf.resolve("shoppers.yaml");
      Files.writeString(shoppers, Files.readString(shoppers).replace("    name: Ben\n", "    name: Ben B.\n"));
      admin.awaitShopperName("ben", "Ben B.");

      // THEN the console's work is all still there
      assertThat(admin.get("/api/zones/garden").status()).isEqualTo(200);
      assertThat(firstItem(admin, "cafe")).isEqualTo("oat-latte-card");
      assertThat(firstItem(admin, "entrance")).isEqualTo("welcome");

      // WHEN conf itself changes the cafe's playlist (and renames Ben back, to see the import ran)
      Path content = conf.resolve("content.yaml");
      Files.writeString(content, Files.readString(content).replace(
          "items: [ { content: cafe-menu, seconds: 10 } ]", "items: [ { content: store-map, seconds: 10 } ]"));
      Files.writeString(shoppers, Files.readString(shoppers).replace("    name: Ben B.\n", "    name: Ben\n"));
      admin.awaitShopperName("ben", "Ben");

      // THEN that conf edit wins for the cafe; the entrance keeps the console's playlist, the garden stays
      assertThat(firstItem(admin, "cafe")).isEqualTo("store-map");
      assertThat(firstItem(admin, "entrance")).isEqualTo("welcome");
      assertThat(admin.get("/api/zones/garden").status()).isEqualTo(200);
    } finally {
      hub.close();
    }
  }

  @Test
  void aStoreImportedBeforeMergesExistedGetsItsBaseAtTheNextStartAndThenMerges(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Path data = Files.createTempDirectory("vitrine-conf-upgrade").resolve("redis");
    // GIVEN a store whose last import left no base (as a hub before merges existed did)
    TestHub old = TestHub.start(vertx, conf, data, 30);
    for (String kind : List.of(Keys.ZONES, Keys.SCREENS, Keys.DEVICES, Keys.CONTENT, Keys.PLAYLISTS, Keys.SHOPPERS, Keys.RULES)) {
      old.hub.redis().send(Request.cmd(Command.DEL).arg(Keys.confBase(kind))).await();
    }
    old.close();
    // WHEN it starts again with the same conf, and the console adds a zone
    TestHub hub = TestHub.start(vertx, conf, data, 30, c -> c.confWatchMillis = 200);
    try {
      assertThat(hub.hub.redis().send(Request.cmd(Command.HLEN).arg(Keys.confBase(Keys.ZONES))).await().toInteger())
          .as("base recorded at start").isEqualTo(5);
      Api admin = Api.as(hub.httpPort(), "admin");
      assertThat(admin.post("/api/zones", new JsonObject().put("id", "garden").put("name", "Garden")).status()).isEqualTo(201);
      // AND the loyalty export is saved again
      Path shoppers = conf.resolve("shoppers.yaml");
      Files.writeString(shoppers, Files.readString(shoppers).replace("    name: Ben\n", "    name: Ben B.\n"));
      admin.awaitShopperName("ben", "Ben B.");
      // THEN that import merged: the console's zone is still there
      assertThat(admin.get("/api/zones/garden").status()).isEqualTo(200);
    } finally {
      hub.close();
    }
  }

  private static JsonObject playlist(String content, int seconds) {
    return new JsonObject().put("items", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("content", content).put("seconds", seconds)));
  }

  private static String firstItem(Api admin, String zone) {
    return admin.get("/api/playlists/" + zone).json().getJsonArray("items").getJsonObject(0).getString("content");
  }

}
