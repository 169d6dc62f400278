package org.vitrine.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * What operators' changes do to the running store: validation stores nothing half-written, edits
 * reach screens at once, deletes are refused while something uses the thing, drafts go live only
 * when published and can be rolled back, devices' credentials, uploads, and the live stream.
 */
@ExtendWith(HubExtension.class)
class ConsoleChangesIT {

  private static TestHub hub;
  private static Api admin;
  private static Api editor;
  /** The hub's Vertx: events published on it reach the hub's consumers. */
  private static Vertx hubVertx;

  @BeforeAll
  static void startHub(Vertx vertx) throws Exception {
    hubVertx = vertx;
    admin = Api.as(hub.httpPort(), "admin");
    editor = Api.as(hub.httpPort(), "editor");
  }

  private static List<String> fields(Api.Answer a) {
    assertThat(a.status()).as("answer %s", a).isEqualTo(400);
    assertThat(a.json().getString("error")).isEqualTo("validation");
    return a.json().getJsonArray("problems").stream().map(p -> ((JsonObject) p).getString("field")).collect(Collectors.toList());
  }

  @Test
  void aBadBodyNamesEveryWrongFieldAndStoresNothing() {
    // WHEN an editor sends a content item with a bad id, no title and an image without src
    Api.Answer content = editor.post("/api/content", new JsonObject().put("id", "Bad Id").put("type", "image"));
    // THEN each wrong field is named and nothing is stored
    assertThat(fields(content)).containsExactlyInAnyOrder("id", "title", "src");
    assertThat(editor.get("/api/content").array().stream().map(c -> ((JsonObject) c).getString("id"))).doesNotContain("Bad Id");

    // a playlist naming unknown content, a zero duration and a broken daypart is refused whole
    JsonObject playlist = new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("content", "welcome").put("seconds", 0))
            .add(new JsonObject().put("content", "nope").put("seconds", 5)))
        .put("dayparts", new JsonArray().add(new JsonObject().put("name", "morning").put("from", "7am").put("to", "11:00")
            .put("weekdays", new JsonArray().add("monday")).put("items", new JsonArray())));
    assertThat(fields(editor.put("/api/playlists/entrance", playlist))).containsExactlyInAnyOrder(
        "items[0].seconds", "items[1].content", "dayparts[0].from", "dayparts[0].weekdays[0]");
    assertThat(editor.get("/api/playlists/entrance").json().getJsonArray("items")).hasSize(3);

    // a rule with an unknown zone and content and a priority out of range
    JsonObject rule = new JsonObject().put("id", "broken").put("when", new JsonObject().put("event", "enter")
            .put("zones", new JsonArray().add("garage")))
        .put("then", new JsonObject().put("show", "nothing-like-it").put("priority", 5000).put("seconds", 10));
    assertThat(fields(editor.post("/api/rules/draft", rule))).contains("when.zones[0]", "then.show", "then.priority");
    assertThat(editor.get("/api/rules/draft").json().getJsonArray("rules").stream()
        .map(r -> ((JsonObject) r).getString("id"))).doesNotContain("broken");
    // a pickup rule names products of the catalogue (the console suggests them from /api/rules/products)
    assertThat(editor.get("/api/rules/products").array().stream().map(p -> ((JsonObject) p).getString("id")))
        .contains("trail-runner-x", "road-racer");
    JsonObject pickup = new JsonObject().put("id", "odd-pickup").put("when", new JsonObject().put("event", "pickup")
            .put("zones", new JsonArray().add("footwear")).put("products", new JsonArray().add("trail-runner-x").add("trail-runner")))
        .put("then", new JsonObject().put("show", "trail-runner-card").put("priority", 5).put("seconds", 10));
    assertThat(fields(editor.post("/api/rules/draft", pickup))).containsExactly("when.products[1]");

    // typos and wrong types are named too, not silently dropped
    assertThat(fields(admin.post("/api/zones", new JsonObject().put("id", "garden").put("name", "Garden").put("colour", "green"))))
        .containsExactly("colour");
    assertThat(fields(admin.call("POST", "/api/shoppers", "{\"id\":\"erin\",\"name\":\"Erin\",\"visits\":\"many\"}")))
        .containsExactly("visits");
    assertThat(fields(admin.call("POST", "/api/zones", "{\"id\": \"garden\", "))).containsExactly("(body)");
    // a device of an unknown kind, a speaker without siteId
    assertThat(fields(admin.post("/api/devices", new JsonObject().put("id", "toaster").put("kind", "toaster")))).containsExactly("kind");
    assertThat(fields(admin.post("/api/devices", new JsonObject().put("id", "spk-x").put("kind", "speaker").put("zone", "cafe"))))
        .containsExactly("siteId");

    // ids are the same in conf/ and the console: an underscore is fine in both
    assertThat(admin.post("/api/zones", new JsonObject().put("id", "pop_up").put("name", "Pop-up")).status()).isEqualTo(201);
    assertThat(admin.get("/api/zones/pop_up").json().getString("name")).isEqualTo("Pop-up");
    assertThat(admin.delete("/api/zones/pop_up").status()).isEqualTo(204);
  }

  @Test
  void anEditedPlaylistReachesItsScreensWithinASecond(Vertx vertx) {
    try (ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1")) {
      cafe.next("playlist", Duration.ofSeconds(5));
      // WHEN the editor puts a breakfast daypart covering now and a new default
      JsonObject playlist = new JsonObject()
          .put("items", new JsonArray().add(new JsonObject().put("content", "cafe-menu").put("seconds", 10))
              .add(new JsonObject().put("content", "welcome").put("seconds", 5)))
          .put("dayparts", new JsonArray().add(new JsonObject().put("name", "all-day").put("from", "00:00").put("to", "00:00")
              .put("items", new JsonArray().add(new JsonObject().put("content", "oat-latte-card").put("seconds", 7)))));
      long t0 = System.nanoTime();
      assertThat(editor.put("/api/playlists/cafe", playlist).status()).isEqualTo(200);
      // THEN the screen gets the daypart's items within a second
      JsonObject pushed = cafe.next("playlist", Duration.ofSeconds(5));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("playlist edit → screen: %d ms%n", ms);
      assertThat(ms).as("the issue's 'within a second'").isLessThan(1000);
      assertThat(pushed.getString("daypart")).isEqualTo("all-day");
      assertThat(pushed.getJsonArray("items").getJsonObject(0).getJsonObject("content").getString("id")).isEqualTo("oat-latte-card");
    } finally {
      editor.put("/api/playlists/cafe", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("content", "cafe-menu").put("seconds", 10))));
    }
  }

  @Test
  void deletingContentAScreenIsPlayingTakesItOffAtOnceAndOffThePlaylists(Vertx vertx) {
    // GIVEN a new item that the checkout screen plays (its playlist's only item)
    JsonObject item = new JsonObject().put("id", "flash-sale").put("type", "image").put("title", "Flash sale")
        .put("src", "/media/thanks.svg");
    assertThat(editor.post("/api/content", item).status()).isEqualTo(201);
    assertThat(editor.put("/api/playlists/checkout", new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("content", "flash-sale").put("seconds", 30))
        .add(new JsonObject().put("content", "checkout-thanks").put("seconds", 10)))).status()).isEqualTo(200);
    try (ScreenClient checkout = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1")) {
      JsonObject first = checkout.next("playlist", Duration.ofSeconds(5));
      assertThat(first.getJsonArray("items").getJsonObject(0).getJsonObject("content").getString("id")).isEqualTo("flash-sale");

      // WHEN the editor deletes it
      assertThat(editor.delete("/api/content/flash-sale").status()).isEqualTo(204);

      // THEN the screen gets its playlist without it at once, and the stored playlist lost it too
      JsonObject after = checkout.next("playlist", Duration.ofSeconds(5));
      assertThat(after.getJsonArray("items").stream().map(i -> ((JsonObject) i).getJsonObject("content").getString("id")))
          .containsExactly("checkout-thanks");
      assertThat(editor.get("/api/playlists/checkout").json().getJsonArray("items")).hasSize(1);
      assertThat(editor.get("/api/content/flash-sale").status()).isEqualTo(404);
    }
  }

  @Test
  void whatARuleShowsCannotBeDeletedAndAZoneInUseNeither() {
    Api.Answer content = editor.delete("/api/content/trail-runner-card");
    assertThat(content.status()).isEqualTo(409);
    assertThat(content.json().getString("message")).contains("runners-footwear");
    Api.Answer zone = admin.delete("/api/zones/footwear");
    assertThat(zone.status()).isEqualTo(409);
    assertThat(zone.json().getString("message")).contains("screen footwear-1").contains("device cam-footwear");
    assertThat(admin.get("/api/zones/footwear").status()).isEqualTo(200);
  }

  @Test
  void aDraftRuleActsOnlyOncePublishedAndARollbackTakesItBack(Vertx vertx) {
    // GIVEN a draft rule for Ben (interest denim) in footwear
    JsonObject rule = new JsonObject().put("id", "denim-in-footwear").put("description", "Denim fans see kids denim")
        .put("when", new JsonObject().put("event", "enter").put("zones", new JsonArray().add("footwear")))
        .put("if", new JsonObject().put("interests", new JsonArray().add("denim")))
        .put("then", new JsonObject().put("show", "kids-denim-card").put("priority", 45).put("seconds", 6));
    long before = editor.get("/api/rules/versions").array().size();
    assertThat(editor.post("/api/rules/draft", rule).status()).isEqualTo(201);
    assertThat(editor.get("/api/rules/draft").json().getBoolean("changed")).isTrue();
    assertThat(editor.get("/api/rules/denim-in-footwear").status()).as("not live yet").isEqualTo(404);

    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
      footwear.next("playlist", Duration.ofSeconds(5));
      cam.sees("ben", "t-ben-draft", null);
      footwear.expectNo("play", Duration.ofMillis(800));

      // WHEN it is published
      Api.Answer published = editor.post("/api/rules/publish", new JsonObject().put("note", "denim test"));
      assertThat(published.status()).isEqualTo(200);
      // THEN Ben, still standing there, gets it within a second
      JsonObject play = footwear.next("play", Duration.ofSeconds(5));
      assertThat(play.getJsonObject("reason").getString("rule")).isEqualTo("denim-in-footwear");
      assertThat(editor.get("/api/rules/versions").array()).hasSize((int) before + 1);
    }
    // AND a rollback to the version before brings the old rules back
    long version = editor.get("/api/rules/versions").array().getJsonObject(0).getLong("version");
    if (version > 1) {
      assertThat(editor.post("/api/rules/rollback", new JsonObject().put("version", version - 1)).status()).isEqualTo(200);
    } else {
      // no earlier published version: take the rule out and publish
      assertThat(editor.delete("/api/rules/draft/denim-in-footwear").status()).isEqualTo(204);
      assertThat(editor.post("/api/rules/publish", new JsonObject()).status()).isEqualTo(200);
    }
    assertThat(editor.get("/api/rules/denim-in-footwear").status()).isEqualTo(404);
  }

  @Test
  void aDeviceGetsAPasswordOnceItWorksOverMqttAndDeletingItDisconnectsIt(Vertx vertx) throws Exception {
    // WHEN the admin adds a shelf without a password
    Api.Answer created = admin.post("/api/devices", new JsonObject().put("id", "shelf-shoes").put("kind", "shelf").put("zone", "footwear"));
    assertThat(created.status()).isEqualTo(201);
    String password = created.json().getString("password");
    assertThat(password).hasSizeGreaterThanOrEqualTo(16);
    // THEN it is never shown again, and nothing of it is
    assertThat(admin.get("/api/devices/shelf-shoes").json().containsKey("password")).isFalse();
    assertThat(admin.get("/api/devices/shelf-shoes").json().containsKey("passwordHash")).isFalse();

    // AND the shelf logs in with it and reports a pickup
    MqttClient shelf = MqttClient.create(vertx, new MqttClientOptions().setClientId("shelf-shoes-it").setUsername("shelf-shoes")
        .setPassword(password));
    shelf.connect(hub.mqttPort(), "127.0.0.1").await();
    assertThat(admin.get("/api/devices/shelf-shoes").json().getBoolean("online")).isTrue();
    shelf.publish("vitrine/v1/devices/shelf-shoes/events",
        io.vertx.core.buffer.Buffer.buffer("{\"v\":1,\"type\":\"pickup\",\"product\":\"trail-runner-x\"}"),
        io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, false, false).await();

    // WHEN it is deleted THEN it is disconnected at once
    java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
    shelf.closeHandler(v -> closed.complete(null));
    assertThat(admin.delete("/api/devices/shelf-shoes").status()).isEqualTo(204);
    closed.get(5, TimeUnit.SECONDS);
    assertThat(admin.get("/api/devices/shelf-shoes").status()).isEqualTo(404);
  }

  @Test
  void anUploadedImageIsStoredByContentAndServedOnlySvgIsRefused() {
    byte[] png = java.util.Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    Api.Answer up = editor.upload("/api/media", "dot.png", "image/png", png);
    assertThat(up.status()).isEqualTo(201);
    String src = up.json().getString("src");
    assertThat(src).startsWith("/uploads/").endsWith(".png");
    assertThat(Api.anonymous(hub.httpPort()).bytes(src)).isEqualTo(png);
    assertThat(editor.upload("/api/media", "again.png", "image/png", png).json().getString("src")).isEqualTo(src);
    Api.Answer svg = editor.upload("/api/media", "x.svg", "image/svg+xml", "<svg onload='alert(1)'/>".getBytes());
    assertThat(fields(svg)).containsExactly("file");
    assertThat(Api.as(hub.httpPort(), "viewer").upload("/api/media", "dot.png", "image/png", png).status()).isEqualTo(403);
  }

  @Test
  void aStaffNoticeMarkedDoneLeavesEveryConsole() throws Exception {
    Api viewer = Api.as(hub.httpPort(), "viewer");
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/live/events?access_token=" + viewer.token())).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      // GIVEN a shopper in the cafe asked for an assistant (the notice the speaker makes)
      String id = "n-test-" + System.nanoTime();
      hubVertx.eventBus().publish(org.vitrine.hub.events.Addresses.STAFF_NOTIFY, new org.vitrine.hub.events.StaffNotice(id,
          "cafe", null, "A shopper in the Cafe asks for an assistant", null, System.currentTimeMillis()));
      long deadline = System.currentTimeMillis() + 5000;
      while (!openNotices(viewer).contains(id) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(openNotices(viewer)).contains(id);
      // WHEN a viewer tries to mark it done, and the editor does
      assertThat(viewer.post("/api/notices/" + id + "/done", new JsonObject()).status()).isEqualTo(403);
      Api.Answer done = editor.post("/api/notices/" + id + "/done", new JsonObject());
      // THEN it is done, by the editor
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.json().getString("by")).isEqualTo("editor");
      // AND every console hears it on the live stream
      JsonObject event = null;
      while (event == null) {
        String line = lines.readLine();
        if (line != null && line.startsWith("data: ")) {
          JsonObject e = new JsonObject(line.substring(6));
          event = "notice-done".equals(e.getString("type")) && id.equals(e.getString("id")) ? e : null;
        }
      }
      assertThat(event.getString("by")).isEqualTo("editor");
      // AND it is gone from the open notices and the snapshot; the full list still says who dealt with it
      assertThat(openNotices(viewer)).doesNotContain(id);
      assertThat(viewer.get("/api/live/snapshot").json().getJsonArray("notices").stream()
          .map(n -> ((JsonObject) n).getString("id"))).doesNotContain(id);
      JsonObject listed = viewer.get("/api/notices?all=true").array().stream().map(n -> (JsonObject) n)
          .filter(n -> id.equals(n.getJsonObject("notice").getString("id"))).findFirst().orElseThrow();
      assertThat(listed.getJsonObject("done").getString("by")).isEqualTo("editor");
      // AND a bad id is refused
      assertThat(editor.post("/api/notices/no%20such/done", new JsonObject()).status()).isEqualTo(400);
    } finally {
      stream.body().close();
    }
  }

  private static List<String> openNotices(Api who) {
    return who.get("/api/notices").array().stream().map(n -> ((JsonObject) n).getString("id")).toList();
  }

  @Test
  void theLiveStreamTellsTheConsoleWhoCameInAndTheSnapshotShowsThem(Vertx vertx) throws Exception {
    Api viewer = Api.as(hub.httpPort(), "viewer");
    // GIVEN a console listening to the live stream
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/live/events?access_token=" + viewer.token())).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type")).hasValue("text/event-stream");
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-checkout")) {
      // WHEN Chloé is seen at the checkout
      cam.sees("chloe", "t-chloe-live", null);
      // THEN a presence event names her and where she went
      JsonObject event = null;
      long deadline = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < deadline) {
        String line = lines.readLine();
        if (line != null && line.startsWith("data: ")) {
          JsonObject e = new JsonObject(line.substring(6));
          if ("presence".equals(e.getString("type")) && "chloe".equals(e.getString("shopper"))) {
            event = e;
            break;
          }
        }
      }
      assertThat(event).as("presence event").isNotNull();
      assertThat(event.getString("to")).isEqualTo("checkout");
      assertThat(event.getString("name")).isEqualTo("Chloé");
    } finally {
      stream.body().close();
    }
    // AND the snapshot lists her in the checkout zone
    JsonObject snapshot = viewer.get("/api/live/snapshot").json();
    JsonObject checkout = snapshot.getJsonArray("zones").stream().map(z -> (JsonObject) z)
        .filter(z -> z.getString("id").equals("checkout")).findFirst().orElseThrow();
    assertThat(checkout.getJsonArray("shoppers").getJsonObject(0).getString("name")).isEqualTo("Chloé");
    assertThat(Api.anonymous(hub.httpPort()).get("/api/live/events?access_token=forged").status()).isEqualTo(401);
  }
}
