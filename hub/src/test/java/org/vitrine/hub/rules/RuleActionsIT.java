package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.CatalogChanged;
import org.vitrine.hub.events.ContentRemoved;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.SpeakRequest;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.events.VoiceShow;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/**
 * Rules v2 end to end on a real hub (embedded Redis, MQTT, WebSocket screens): every trigger kind
 * that comes from outside, where content goes, queueing, caps over everyone and cool-downs, the
 * side effects (speech, device messages, staff notices) and live catalog changes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class RuleActionsIT {

  /** The demo store with map positions: apparel's screens at both ends, its camera near apparel-2, a shelf near apparel-1. */
  private static final String STORE = """
      store: { name: Rules test store, timezone: Europe/Paris }
      zones:
        - { id: entrance, name: Entrance }
        - { id: cafe, name: Cafe }
        - { id: apparel, name: Apparel }
        - { id: footwear, name: Footwear }
        - { id: checkout, name: Checkout }
      screens:
        - { id: entrance-1, zone: entrance, name: Welcome wall }
        - { id: cafe-1, zone: cafe, name: Cafe menu board }
        - { id: apparel-1, zone: apparel, name: Mirror, position: { x: 10, y: 50 } }
        - { id: apparel-2, zone: apparel, name: Aisle end, position: { x: 90, y: 50 } }
        - { id: footwear-1, zone: footwear, name: Footwear wall }
        - { id: footwear-2, zone: footwear, name: Footwear bench }
        - { id: checkout-1, zone: checkout, name: Checkout }
      devices:
        - { id: cam-entrance, kind: camera, zone: entrance, password: demo-cam-entrance }
        - { id: cam-cafe, kind: camera, zone: cafe, password: demo-cam-cafe }
        - { id: cam-apparel, kind: camera, zone: apparel, password: demo-cam-apparel, position: { x: 85, y: 50 } }
        - { id: cam-footwear, kind: camera, zone: footwear, password: demo-cam-footwear }
        - { id: cam-checkout, kind: camera, zone: checkout, password: demo-cam-checkout }
        - { id: shelf-apparel, kind: shelf, zone: apparel, password: demo-shelf-apparel, position: { x: 12, y: 50 } }
        - { id: cam-mirror, kind: camera, zone: apparel, password: demo-cam-mirror, position: { x: 14, y: 50 } }
      """;

  private static String presenceOf(TestHub hub, String shopper) {
    return hub.hub.presenceStore().stored().await().getOrDefault(shopper, "");
  }

  private static TestHub start(Vertx vertx, String rules) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Files.writeString(conf.resolve("store.yaml"), STORE);
    Files.writeString(conf.resolve("rules.yaml"), "rules:\n" + rules);
    return TestHub.start(vertx, conf, Files.createTempDirectory("vitrine-rules").resolve("redis"), 300);
  }

  private static String ruleOf(JsonObject play) {
    return play.getJsonObject("reason").getString("rule");
  }

  private static String contentOf(JsonObject play) {
    return play.getJsonObject("content").getString("id");
  }

  @Test
  void dwellFiresOnceAShopperHasStoodThereLongEnoughAndNotForSomeoneWhoLeftBefore(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: linger-footwear
            when: { event: dwell, zones: [footwear], seconds: 2 }
            then: { show: trail-runner-card, priority: 40, seconds: 30 }
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         Camera footwear = Camera.demo(vertx, hub.mqttPort(), "cam-footwear");
         Camera cafe = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Ben walks into footwear and out again after half a second
      footwear.sees("ben", "t-b", null);
      Thread.sleep(500);
      cafe.sees("ben", "t-b2", null);
      // THEN his dwell timer is cancelled: nothing shows
      screen.expectNo("play", Duration.ofMillis(2500));
      // WHEN Anna walks in and stays
      long entered = System.currentTimeMillis();
      footwear.sees("anna", "t-a", null);
      // THEN nothing shows at first, and the dwell rule fires after 2 s
      screen.expectNo("play", Duration.ofMillis(1500));
      JsonObject play = screen.next("play", Duration.ofSeconds(3));
      assertThat(System.currentTimeMillis() - entered).isGreaterThanOrEqualTo(1900);
      assertThat(ruleOf(play)).isEqualTo("linger-footwear");
      assertThat(screen.shopperOf(play)).isEqualTo("anna");
    }
  }

  @Test
  void aLeaveRuleShowsWhenTheShopperWalksOut(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: bye-checkout
            when: { event: leave, zones: [checkout] }
            then: { show: checkout-thanks, priority: 10, seconds: 5 }
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1");
         Camera checkout = Camera.demo(vertx, hub.mqttPort(), "cam-checkout");
         Camera entrance = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      // GIVEN Ben at the checkout: no enter rule, nothing shows
      checkout.sees("ben", "t-b", null);
      screen.expectNo("play", Duration.ofMillis(500));
      // WHEN he walks to the entrance
      entrance.sees("ben", "t-b2", null);
      // THEN the checkout screen plays the leave rule (it does not stop because he left: it is about leaving)
      JsonObject play = screen.next("play", Duration.ofSeconds(3));
      assertThat(ruleOf(play)).isEqualTo("bye-checkout");
      assertThat(screen.shopperOf(play)).isEqualTo("ben");
      screen.expectNo("resume", Duration.ofMillis(800));
    }
  }

  @Test
  void aTouchOnOneScreenShowsOnTheTargetScreen(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: touch-mirror
            when: { event: touch, zones: [apparel], screens: [apparel-1] }
            then: { show: sneaker-drop-card, target: screen, screen: apparel-2, priority: 30, seconds: 20 }
        """);
         ScreenClient mirror = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         ScreenClient aisle = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2")) {
      // WHEN someone touches the mirror screen (a real player's touch frame)
      mirror.send(new JsonObject().put("type", "touch").put("content", "new-season").put("x", 0.4).put("y", 0.6)
          .put("ts", System.currentTimeMillis()));
      // THEN the aisle-end screen shows the rule's content, for nobody in particular, and the mirror keeps its playlist
      JsonObject play = aisle.next("play", Duration.ofSeconds(3));
      assertThat(ruleOf(play)).isEqualTo("touch-mirror");
      assertThat(contentOf(play)).isEqualTo("sneaker-drop-card");
      assertThat(aisle.shopperOf(play)).isNull();
      mirror.expectNo("play", Duration.ofMillis(500));
    }
  }

  @Test
  void nearestTargetsTheScreenClosestToTheCameraOrTheShelf(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: runners-nearest
            when: { event: enter, zones: [apparel] }
            if: { interests: [running] }
            then: { show: trail-runner-card, target: nearest, priority: 30, seconds: 30 }
          - id: pickup-nearest
            when: { event: pickup, zones: [apparel], products: [trail-runner-x] }
            then: { show: kids-denim-card, target: nearest, priority: 30, seconds: 30 }
        """);
         ScreenClient mirror = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         ScreenClient aisle = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-apparel");
         Camera shelf = Camera.connect(vertx, hub.mqttPort(), "shelf-apparel", "demo-shelf-apparel")) {
      // WHEN the apparel camera (next to apparel-2) sees Anna, a runner
      cam.sees("anna", "t-a", null);
      // THEN only apparel-2 shows her content
      assertThat(ruleOf(aisle.next("play", Duration.ofSeconds(3)))).isEqualTo("runners-nearest");
      mirror.expectNo("play", Duration.ofMillis(400));
      // WHEN the shelf next to apparel-1 reports a pickup of the trail runner
      shelf.publish("vitrine/v1/devices/shelf-apparel/events",
          Buffer.buffer("{\"v\":1,\"type\":\"pickup\",\"product\":\"trail-runner-x\"}"));
      // THEN apparel-1 shows the pickup rule, and apparel-2 keeps Anna's
      JsonObject play = mirror.next("play", Duration.ofSeconds(3));
      assertThat(ruleOf(play)).isEqualTo("pickup-nearest");
      aisle.expectNo("play", Duration.ofMillis(400));
    }
  }

  @Test
  void enterAndDwellGoToTheScreenNearestTheCameraThatSawTheShopper(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: runners-nearest
            when: { event: enter, zones: [apparel] }
            if: { interests: [running] }
            then: { show: trail-runner-card, target: nearest, priority: 30, seconds: 30 }
          - id: linger-nearest
            when: { event: dwell, zones: [apparel], seconds: 1 }
            then: { show: kids-denim-card, target: nearest, priority: 40, seconds: 30 }
        """);
         ScreenClient mirror = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         ScreenClient aisle = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2");
         Camera mirrorCam = Camera.connect(vertx, hub.mqttPort(), "cam-mirror", "demo-cam-mirror")) {
      // GIVEN apparel has two cameras: cam-apparel by the aisle end, cam-mirror by the mirror
      // WHEN the mirror's camera sees Anna, a runner, come in
      mirrorCam.sees("anna", "t-m", null);
      // THEN the mirror shows her content, not the aisle end (the zone's other camera is nearer to it)
      assertThat(ruleOf(mirror.next("play", Duration.ofSeconds(3)))).isEqualTo("runners-nearest");
      // AND when she lingers, the dwell content comes on the same screen
      assertThat(ruleOf(mirror.next("play", Duration.ofSeconds(4)))).isEqualTo("linger-nearest");
      aisle.expectNo("play", Duration.ofMillis(300));
    }
  }

  @Test
  void aVoiceAnswerOutlivesTheRulePlayBeforeItAndGoesWhenItsShopperIsErased(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: coffee-short
            when: { event: enter, zones: [cafe] }
            if: { interests: [coffee] }
            then: { show: oat-latte-card, priority: 10, seconds: 2 }
        """);
         ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Anna's 2 s rule play on the cafe screen
      cam.sees("anna", "t-a", null);
      assertThat(ruleOf(cafe.next("play", Duration.ofSeconds(5)))).isEqualTo("coffee-short");
      // WHEN she asks the speaker something and its 60 s answer comes on the same screen
      ContentItem menu = hub.hub.catalog().get().content("cafe-menu").orElseThrow();
      ScreenCommand answer = ScreenCommand.play("v-anna-1", menu, 60, System.currentTimeMillis() + 60_000,
          new ScreenCommand.Reason("voice", null, "anna", "session-a", null, "vitrine:ShowProducts", "cafe"));
      vertx.eventBus().send(Addresses.DIRECTOR_VOICE_SHOW, new VoiceShow("cafe", List.of("cafe-1"), answer));
      assertThat(cafe.next("play", Duration.ofSeconds(5)).getString("playId")).isEqualTo("v-anna-1");
      // THEN the rule play's end does not cut the answer short
      cafe.expectNo("resume", Duration.ofMillis(3000));
      // WHEN Anna is erased THEN the answer to her goes at once
      assertThat(Api.as(hub.httpPort(), "admin").delete("/api/shoppers/anna").status()).isEqualTo(200);
      assertThat(cafe.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("shopper-erased");
    }
  }

  @Test
  void aLeaveGoesToTheScreenNearestTheCameraThatSawTheShopperLast(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: goodbye-nearest
            when: { event: leave, zones: [apparel] }
            if: { interests: [running] }
            then: { show: trail-runner-card, target: nearest, priority: 30, seconds: 30 }
        """);
         ScreenClient mirror = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         ScreenClient aisle = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2");
         Camera aisleCam = Camera.demo(vertx, hub.mqttPort(), "cam-apparel");
         Camera mirrorCam = Camera.connect(vertx, hub.mqttPort(), "cam-mirror", "demo-cam-mirror");
         Camera cafeCam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Anna, a runner, came into apparel by the aisle end and was last seen at the mirror
      aisleCam.sees("anna", "t-a", null);
      assertThat(Eventually.value(() -> presenceOf(hub, "anna"), p -> p.contains("\"enteredBy\":\"cam-apparel\"")))
          .contains("\"zone\":\"apparel\"");
      mirrorCam.sees("anna", "t-m", null); // another connection: only sent once the first is in
      assertThat(Eventually.value(() -> presenceOf(hub, "anna"), p -> p.contains("\"lastCamera\":\"cam-mirror\"")))
          .contains("\"lastCamera\":\"cam-mirror\"");
      aisle.expectNo("play", Duration.ofMillis(300));
      // WHEN the cafe camera sees her
      cafeCam.sees("anna", "t-c", null);
      // THEN the goodbye plays on the mirror (the screen nearest where she was), not on the aisle end
      assertThat(ruleOf(mirror.next("play", Duration.ofSeconds(5)))).isEqualTo("goodbye-nearest");
      aisle.expectNo("play", Duration.ofMillis(300));
    }
  }

  @Test
  void aQueuedRuleWaitsForThePlayWhileAHigherInterruptPreemptsAtOnce(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: coffee-first
            when: { event: enter, zones: [cafe] }
            if: { interests: [running] }
            then: { show: oat-latte-card, priority: 20, seconds: 2 }
          - id: sneakers-queue
            when: { event: enter, zones: [cafe] }
            if: { interests: [sneakers] }
            then: { show: sneaker-drop-card, mode: queue, priority: 10, seconds: 2 }
          - id: seniors-interrupt
            when: { event: enter, zones: [cafe] }
            if: { segments: [senior] }
            then: { show: platinum-welcome, priority: 50, seconds: 2 }
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Anna's coffee content playing (2 s)
      cam.sees("anna", "t-a", null);
      JsonObject first = screen.next("play", Duration.ofSeconds(3));
      long started = System.currentTimeMillis();
      assertThat(ruleOf(first)).isEqualTo("coffee-first");
      // WHEN Chloé (sneakers, a queue rule of lower priority) walks in
      cam.sees("chloe", "t-c", null);
      // THEN her content waits for Anna's to end, then plays
      JsonObject queued = screen.next("play", Duration.ofSeconds(4));
      assertThat(ruleOf(queued)).isEqualTo("sneakers-queue");
      assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(1500);
      // WHEN David (senior, an interrupt rule of higher priority) walks in
      long davidAt = System.currentTimeMillis();
      cam.sees("david", "t-d", null);
      // THEN he pre-empts Chloé's at once
      JsonObject preempt = screen.next("play", Duration.ofSeconds(5));
      assertThat(ruleOf(preempt)).isEqualTo("seniors-interrupt");
      assertThat(System.currentTimeMillis() - davidAt).isLessThan(1000);
      // AND when it ends everyone is capped: back to the playlist
      assertThat(screen.next("resume", Duration.ofSeconds(4)).getJsonObject("reason").getString("cause")).isEqualTo("ended");
    }
  }

  @Test
  void aRuleCapLimitsEveryoneTogetherAndACooldownSpacesOneShoppersPlays(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: welcome-all
            when: { event: enter, zones: [entrance] }
            then: { show: welcome, priority: 10, seconds: 1 }
            cap: { times: 5, perMinutes: 30, cooldownSeconds: 3 }
            ruleCap: { times: 2, perMinutes: 60 }
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "entrance-1");
         Camera entrance = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         Camera cafe = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Anna welcomed once
      entrance.sees("anna", "t-1", null);
      assertThat(ruleOf(screen.next("play", Duration.ofSeconds(3)))).isEqualTo("welcome-all");
      long first = System.currentTimeMillis(); // her cool-down began before this play reached the screen
      screen.next("resume", Duration.ofSeconds(3));
      // WHEN she steps out and back in within her 3 s cool-down
      cafe.sees("anna", "t-2", null);
      entrance.sees("anna", "t-3", null);
      // THEN she is not welcomed again
      screen.expectNo("play", Duration.ofMillis(500));
      // WHEN she comes back after the cool-down
      Thread.sleep(Math.max(0, first + 3500 - System.currentTimeMillis()));
      cafe.sees("anna", "t-4", null);
      entrance.sees("anna", "t-5", null);
      // THEN she is welcomed again: the rule has now shown twice, its cap over everyone
      assertThat(screen.shopperOf(screen.next("play", Duration.ofSeconds(3)))).isEqualTo("anna");
      screen.next("resume", Duration.ofSeconds(3));
      // WHEN Ben, never welcomed, walks in
      entrance.sees("ben", "t-6", null);
      // THEN the rule cap keeps the screen quiet
      screen.expectNo("play", Duration.ofMillis(800));
      assertThat(hub.hub.redis().send(Request.cmd(Command.GET).arg(Keys.ruleCap("welcome-all"))).await()
          .toString()).isEqualTo("2");
    }
  }

  @Test
  void sayMqttAndNotifyFireWithoutShowingAnything(Vertx vertx) throws Exception {
    LinkedBlockingQueue<SpeakRequest> said = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<StaffNotice> notices = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> shelfGot = new LinkedBlockingQueue<>();
    MessageConsumer<SpeakRequest> sayConsumer = vertx.eventBus().consumer(Addresses.VOICE_SAY, m -> said.add(m.body()));
    MessageConsumer<StaffNotice> noticeConsumer = vertx.eventBus().consumer(Addresses.STAFF_NOTIFY, m -> notices.add(m.body()));
    try (TestHub hub = start(vertx, """
          - id: cafe-hello
            when: { event: enter, zones: [cafe] }
            if: { interests: [coffee] }
            then:
              say: "Welcome back, {name}!"
              mqtt: { device: shelf-apparel, topic: "vitrine/v1/devices/shelf-apparel/commands", payload: "{\\"led\\":\\"on\\"}" }
              notify: "{name} is in the cafe"
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN the shelf connected as itself (a real MQTT client) and subscribed to its commands
      MqttClient shelf = MqttClient.create(vertx, new MqttClientOptions().setClientId("shelf-test")
          .setUsername("shelf-apparel").setPassword("demo-shelf-apparel"));
      shelf.publishHandler(m -> shelfGot.add(m.topicName() + " " + m.payload().toString()));
      shelf.connect(hub.mqttPort(), "127.0.0.1").await();
      shelf.subscribe("vitrine/v1/devices/shelf-apparel/commands", MqttQoS.AT_LEAST_ONCE.value()).await();
      try {
        // WHEN Anna (coffee) walks into the cafe
        cam.sees("anna", "t-a", null);
        // THEN the speakers are asked to greet her, the shelf gets its command, the staff a notice
        SpeakRequest say = said.poll(3, TimeUnit.SECONDS);
        assertThat(say).isEqualTo(new SpeakRequest("cafe", "Welcome back, Anna!", "cafe-hello"));
        assertThat(shelfGot.poll(3, TimeUnit.SECONDS)).isEqualTo("vitrine/v1/devices/shelf-apparel/commands {\"led\":\"on\"}");
        StaffNotice notice = notices.poll(3, TimeUnit.SECONDS);
        assertThat(notice).isNotNull();
        assertThat(notice.text()).isEqualTo("Anna is in the cafe");
        assertThat(notice.zone()).isEqualTo("cafe");
        assertThat(notice.shopper()).isEqualTo("anna");
        assertThat(notice.rule()).isEqualTo("cafe-hello");
        // AND the screen keeps its playlist
        screen.expectNo("play", Duration.ofMillis(300));
      } finally {
        shelf.disconnect().await();
      }
    } finally {
      sayConsumer.unregister().await();
      noticeConsumer.unregister().await();
    }
  }

  @Test
  void removedContentStopsAScreenAtOnce(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: thanks-checkout
            when: { event: enter, zones: [checkout] }
            then: { show: checkout-thanks, priority: 10, seconds: 60 }
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-checkout")) {
      // GIVEN David's checkout content playing for a minute
      cam.sees("david", "t-d", null);
      assertThat(contentOf(screen.next("play", Duration.ofSeconds(3)))).isEqualTo("checkout-thanks");
      // WHEN the content is deleted
      long removed = System.currentTimeMillis();
      vertx.eventBus().publish(Addresses.CONTENT_REMOVED, new ContentRemoved("checkout-thanks"));
      // THEN the screen goes back to its playlist at once
      JsonObject resume = screen.next("resume", Duration.ofSeconds(5));
      assertThat(resume.getJsonObject("reason").getString("cause")).isEqualTo("content-removed");
      assertThat(System.currentTimeMillis() - removed).isLessThan(1000);
      // AND a reconnecting screen is not given it back
      try (ScreenClient again = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1")) {
        again.expectNo("play", Duration.ofMillis(500));
      }
    }
  }

  @Test
  void aNewlyPublishedRuleShowsToAShopperAlreadyStandingThereWithinASecond(Vertx vertx) throws Exception {
    try (TestHub hub = start(vertx, """
          - id: unrelated
            when: { event: enter, zones: [cafe] }
            then: { show: oat-latte-card, priority: 10, seconds: 10 }
        """);
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
      // GIVEN Anna standing in footwear, where no rule applies
      cam.sees("anna", "t-a", null);
      screen.expectNo("play", Duration.ofMillis(700));
      // WHEN a rule for runners in footwear is published (written to Redis, catalog swapped, change announced)
      String rule = "{\"id\":\"runners-now\",\"when\":{\"event\":\"enter\",\"zones\":[\"footwear\"]},"
          + "\"if\":{\"interests\":[\"running\"]},\"then\":{\"show\":\"trail-runner-card\",\"priority\":30,\"seconds\":20}}";
      hub.hub.redis().send(Request.cmd(Command.HSET).arg(Keys.RULES).arg("runners-now").arg(rule)).await();
      hub.hub.catalog().set(hub.hub.catalogStore().load().await());
      long published = System.currentTimeMillis();
      vertx.eventBus().publish(Addresses.CATALOG_CHANGED, new CatalogChanged("rules", List.of("runners-now")));
      // THEN her screen shows it within a second
      JsonObject play = screen.next("play", Duration.ofSeconds(5));
      assertThat(ruleOf(play)).isEqualTo("runners-now");
      assertThat(System.currentTimeMillis() - published).isLessThan(1000);
      // WHEN the rule is switched off again
      String off = rule.replace("{\"id\":\"runners-now\",", "{\"id\":\"runners-now\",\"enabled\":false,");
      hub.hub.redis().send(Request.cmd(Command.HSET).arg(Keys.RULES).arg("runners-now").arg(off)).await();
      hub.hub.catalog().set(hub.hub.catalogStore().load().await());
      vertx.eventBus().publish(Addresses.CATALOG_CHANGED, new CatalogChanged("rules", List.of("runners-now")));
      // THEN the screen stops showing it
      assertThat(screen.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("rule-changed");
    }
  }

  @Test
  void minPeopleCountsAnonymousPeopleTheCamerasSeeAndEveryPlayIsAnnounced(Vertx vertx) throws Exception {
    LinkedBlockingQueue<ScreenNow> now = new LinkedBlockingQueue<>();
    MessageConsumer<ScreenNow> nowConsumer = vertx.eventBus().consumer(Addresses.SCREEN_NOW, m -> now.add(m.body()));
    try (TestHub hub = start(vertx, """
          - id: crowd-footwear
            when: { event: enter, zones: [footwear] }
            if: { minPeople: 2 }
            then: { show: trail-runner-card, priority: 10, seconds: 20 }
          - id: crowd-cafe
            when: { event: enter, zones: [cafe] }
            if: { minPeople: 2 }
            then: { show: oat-latte-card, priority: 10, seconds: 20 }
        """);
         ScreenClient footwearScreen = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         ScreenClient cafeScreen = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Camera footwear = Camera.demo(vertx, hub.mqttPort(), "cam-footwear");
         Camera cafe = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN Anna alone in footwear: one person, the rule needs two
      footwear.sees("anna", "t-a", null);
      footwearScreen.expectNo("play", Duration.ofMillis(600));
      // WHEN someone anonymous is seen in the cafe and Anna walks over
      cafe.sees(null, "t-stranger", null);
      Thread.sleep(300);
      cafe.sees("anna", "t-a2", null);
      // THEN the cafe counts two people (Anna and the anonymous one) and shows the rule
      JsonObject play = cafeScreen.next("play", Duration.ofSeconds(3));
      assertThat(ruleOf(play)).isEqualTo("crowd-cafe");
      // AND the console hears what the cafe screen shows now
      ScreenNow announced = now.poll(2, TimeUnit.SECONDS);
      assertThat(announced).isNotNull();
      assertThat(announced.screen()).isEqualTo("cafe-1");
      assertThat(announced.kind()).isEqualTo("rule");
      assertThat(announced.rule()).isEqualTo("crowd-cafe");
      assertThat(announced.shopper()).isEqualTo("anna");
      assertThat(announced.content()).isEqualTo("oat-latte-card");
    } finally {
      nowConsumer.unregister().await();
    }
  }
}
