package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.Speaker;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;
import org.vitrine.voice.bench.Speech;

/**
 * What shoppers say reaches the operators: a voice intent triggers a rule published in the console,
 * and "call an assistant" becomes a staff notice on the console's live view. Real speech (espeak-ng),
 * a real Hermes satellite over MQTT, the real Vosk model.
 */
class VoiceRulesIT {

  private static final Speech.Voice VOICE = new Speech.Voice("en-us", 160, 0);
  private static final Duration ANSWER = Duration.ofSeconds(20);
  private static TestHub hub;
  private static Speech speech;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> Speech.requireTools()).speakers();

  @BeforeAll
  static void startHub() throws Exception {
    speech = new Speech(Files.createTempDirectory("vitrine-speech"));
  }

  @Test
  void aVoiceIntentTriggersARuleTheEditorPublished(Vertx vertx) throws Exception {
    // GIVEN an editor published: when someone asks the cafe speaker for the opening hours, show the cafe menu
    Api editor = Api.as(hub.httpPort(), "editor");
    JsonObject rule = new JsonObject().put("id", "hours-show-menu").put("description", "Asked for opening hours: show the menu")
        .put("when", new JsonObject().put("event", "voice").put("zones", new JsonArray().add("cafe")).put("intent", "opening-hours"))
        .put("then", new JsonObject().put("show", "oat-latte-card").put("priority", 30).put("seconds", 8));
    assertThat(editor.post("/api/rules/draft", rule).status()).isEqualTo(201);
    assertThat(editor.post("/api/rules/publish", new JsonObject().put("note", "voice trigger")).status()).isEqualTo(200);

    try (ScreenClient cafe = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1");
         Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "cafe")) {
      cafe.next("playlist", Duration.ofSeconds(5));
      // WHEN a shopper asks the cafe speaker
      speaker.stream(speech.say("what are your opening hours", VOICE, 0.3, 1.5));
      // THEN the cafe screen shows what the rule says, because of the rule
      JsonObject play = cafe.next("play", ANSWER);
      assertThat(play.getJsonObject("content").getString("id")).isEqualTo("oat-latte-card");
      assertThat(play.getJsonObject("reason").getString("rule")).isEqualTo("hours-show-menu");
      // AND the speaker still answered the question
      assertThat(speaker.next("hermes/tts/say", ANSWER).json().getString("text")).containsIgnoringCase("open");
    }
  }

  @Test
  void callAnAssistantNotifiesTheStaffInTheConsole(Vertx vertx) throws Exception {
    Api viewer = Api.as(hub.httpPort(), "viewer");
    try (Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "footwear")) {
      // WHEN a shopper in footwear asks for an assistant
      speaker.stream(speech.say("call an assistant", VOICE, 0.3, 1.5));
      speaker.next("hermes/tts/say", ANSWER);
      // THEN the console's notices (and its live snapshot) name the zone and the speaker
      JsonObject notice = null;
      long deadline = System.currentTimeMillis() + 5000;
      while (notice == null && System.currentTimeMillis() < deadline) {
        JsonArray notices = viewer.get("/api/notices").array();
        notice = notices.isEmpty() ? null : notices.getJsonObject(0);
        if (notice == null) {
          Thread.sleep(100);
        }
      }
      assertThat(notice).as("a staff notice").isNotNull();
      assertThat(notice.getString("zone")).isEqualTo("footwear");
      assertThat(notice.getString("text")).contains("asks for an assistant in Footwear").contains("footwear");
      assertThat(viewer.get("/api/live/snapshot").json().getJsonArray("notices")).isNotEmpty();
    }
  }
}
