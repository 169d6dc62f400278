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
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.VoiceShow;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/** A hub restarted on the same embedded Redis finds rules, profiles, presence and screen state again. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class RestartIT {

  @Test
  void storeStateSurvivesARestart(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    // the trail-runner play must outlast the restart however slow the machine: 5 minutes, not 12 s
    Path rules = conf.resolve("rules.yaml");
    String demoRules = Files.readString(rules);
    Files.writeString(rules, demoRules.replace("show: trail-runner-card, priority: 50, seconds: 12 }",
        "show: trail-runner-card, priority: 50, seconds: 300 }"));
    assertThat(Files.readString(rules)).isNotEqualTo(demoRules);
    Path data = Files.createTempDirectory("vitrine-restart").resolve("redis");
    String importedAt;

    // GIVEN a running hub where Anna is in footwear with her content on screen,
    TestHub first = TestHub.start(vertx, conf, data, 300);
    try (Camera cam = Camera.demo(vertx, first.mqttPort(), "cam-footwear");
         ScreenClient screen = ScreenClient.connect(vertx, first.httpPort(), "footwear-1")) {
      cam.sees("anna", "t-a", null);
      assertThat(screen.next("play", Duration.ofSeconds(5)).getJsonObject("content").getString("id"))
          .isEqualTo("trail-runner-card");
    }
    // AND an operator added a rule straight into the store state (as the console will)
    String addedRule = "{\"id\":\"added-live\",\"when\":{\"event\":\"enter\",\"zones\":[\"checkout\"]},"
        + "\"if\":{\"segments\":[\"senior\"]},\"then\":{\"show\":\"platinum-welcome\",\"priority\":20,\"seconds\":30}}";
    first.hub.redis().send(Request.cmd(Command.HSET).arg(Keys.RULES).arg("added-live").arg(addedRule)).await();
    importedAt = first.hub.redis().send(Request.cmd(Command.HGET).arg(Keys.META).arg("importedAt")).await().toString();
    long visitsBefore = Long.parseLong(first.hub.presenceStore().loadVisits().await().get("anna"));

    // WHEN the hub stops and starts again on the same data directory and unchanged conf
    first.close();
    TestHub second = TestHub.start(vertx, conf, data, 300);
    try {
      // THEN the conf was not re-imported over the live state
      assertThat(second.hub.redis().send(Request.cmd(Command.HGET).arg(Keys.META).arg("importedAt")).await()
          .toString()).isEqualTo(importedAt);
      // AND rules (including the one added live) and profiles are there
      assertThat(second.hub.catalog().get().rules()).extracting(r -> r.id()).contains("runners-footwear", "added-live");
      assertThat(second.hub.catalog().get().shopper("anna")).isPresent();
      // AND presence and visits survived
      assertThat(second.hub.presenceStore().stored().await().get("anna")).contains("\"zone\":\"footwear\"");
      assertThat(Long.parseLong(second.hub.presenceStore().loadVisits().await().get("anna"))).isEqualTo(visitsBefore);
      // AND a screen that reconnects gets the play that is still running
      try (ScreenClient screen = ScreenClient.connect(vertx, second.httpPort(), "footwear-1")) {
        JsonObject play = screen.next("play", Duration.ofSeconds(5));
        assertThat(play.getJsonObject("content").getString("id")).isEqualTo("trail-runner-card");
        assertThat(screen.shopperOf(play)).isEqualTo("anna");
      }
      // AND the rule added live fires after the restart
      try (Camera cam = Camera.demo(vertx, second.mqttPort(), "cam-checkout");
           ScreenClient checkout = ScreenClient.connect(vertx, second.httpPort(), "checkout-1")) {
        cam.sees("david", "t-d", null);
        JsonObject play = checkout.next("play", Duration.ofSeconds(5));
        assertThat(play.getJsonObject("reason").getString("rule")).isEqualTo("added-live");
      }
    } finally {
      second.close();
    }
  }

  @Test
  void aVoiceAnswerRunningAtARestartIsShownAgainToAScreenThatReconnects(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Path data = Files.createTempDirectory("vitrine-restart-voice").resolve("redis");
    // GIVEN a spoken request's 5-minute answer on the apparel mirror (as the voice verticle hands it over)
    TestHub first = TestHub.start(vertx, conf, data, 300);
    ContentItem dresses = first.hub.catalog().get().content("new-season").orElseThrow();
    long until = System.currentTimeMillis() + 300_000;
    ScreenCommand answer = ScreenCommand.play("v-restart-1", dresses, 300, until,
        new ScreenCommand.Reason("voice", null, null, "session-1", null, "vitrine:ShowProducts", "apparel"));
    try (ScreenClient mirror = ScreenClient.connect(vertx, first.httpPort(), "apparel-1")) {
      mirror.settled();
      vertx.eventBus().send(Addresses.DIRECTOR_VOICE_SHOW, new VoiceShow("apparel", List.of("apparel-1"), answer));
      assertThat(mirror.next("play", Duration.ofSeconds(5)).getString("playId")).isEqualTo("v-restart-1");
    }
    // WHEN the hub stops and starts again on the same data
    first.close();
    TestHub second = TestHub.start(vertx, conf, data, 300);
    try (ScreenClient mirror = ScreenClient.connect(vertx, second.httpPort(), "apparel-1")) {
      // THEN the reconnecting screen gets the answer back, with the time that is left
      JsonObject play = mirror.next("play", Duration.ofSeconds(5));
      assertThat(play.getString("playId")).isEqualTo("v-restart-1");
      assertThat(play.getJsonObject("reason").getString("kind")).isEqualTo("voice");
      assertThat(play.getJsonObject("content").getString("id")).isEqualTo("new-season");
      assertThat(play.getInteger("seconds")).isBetween(200, 300);
    } finally {
      second.close();
    }
  }
}
