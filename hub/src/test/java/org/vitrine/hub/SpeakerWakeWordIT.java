package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Speaker;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;
import org.vitrine.voice.bench.Speech;

/**
 * A Rhasspy satellite with a wake word streams its microphone all the time and announces when the
 * shopper speaks to it (hermes/hotword/&lt;id&gt;/detected, hermes/asr/startListening): from its
 * first announcement on, only what follows an announcement is recognised.
 */
class SpeakerWakeWordIT {

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
  void afterItsFirstWakeWordASatelliteIsHeardOnlyWhenItAnnouncesListening(Vertx vertx) throws Exception {
    byte[] question = speech.say("what are your opening hours", VOICE, 0.3, 1.5);
    try (Speaker cafe = Speaker.demo(vertx, hub.mqttPort(), "cafe")) {
      // GIVEN the cafe satellite's wake word was heard
      cafe.publish("hermes/hotword/default/detected", control("cafe").put("modelId", "default").toBuffer());
      Thread.sleep(200);
      // WHEN the shopper asks
      cafe.stream(question);
      // THEN the question is recognised and answered
      assertThat(cafe.next("hermes/asr/textCaptured", ANSWER).json().getString("text")).isEqualTo("what are your opening hours");
      cafe.next("hermes/tts/say", ANSWER);

      // WHEN the satellite says it stopped listening, and someone nearby says the same words
      cafe.publish("hermes/asr/stopListening", control("cafe").toBuffer());
      Thread.sleep(200);
      cafe.drain();
      cafe.stream(question);
      // THEN nothing is recognised
      assertThatThrownBy(() -> cafe.next("hermes/asr/textCaptured", Duration.ofSeconds(4))).isInstanceOf(AssertionError.class);

      // WHEN the dialogue manager asks the hub to listen again
      cafe.publish("hermes/asr/startListening", control("cafe").put("sessionId", "s-2").toBuffer());
      Thread.sleep(200);
      cafe.stream(question);
      // THEN it is heard again
      assertThat(cafe.next("hermes/asr/textCaptured", ANSWER).json().getString("text")).isEqualTo("what are your opening hours");
    }
  }

  @Test
  void aSatelliteThatNeverAnnouncesIsHeardAllTheTime(Vertx vertx) throws Exception {
    // the apparel satellite sends audio only (a plain microphone): its utterances end on silence
    try (Speaker apparel = Speaker.demo(vertx, hub.mqttPort(), "apparel")) {
      apparel.stream(speech.say("what are your opening hours", VOICE, 0.3, 1.5));
      assertThat(apparel.next("hermes/asr/textCaptured", ANSWER).json().getString("text")).isEqualTo("what are your opening hours");
    }
  }

  private static JsonObject control(String siteId) {
    return new JsonObject().put("siteId", siteId);
  }
}
