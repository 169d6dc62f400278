package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void filtersMatchLikeMqtt() {
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/#", "vitrine/v1/devices/cam-1/errors")).isTrue();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/+", "vitrine/v1/devices/cam-1/commands")).isTrue();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/+", "vitrine/v1/devices/cam-1/a/b")).isFalse();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/errors", "vitrine/v1/devices/cam-1/errors")).isTrue();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/errors", "vitrine/v1/devices/cam-2/errors")).isFalse();
  }

  @Test
  void aDeviceSubscribesOnlyInsideItsOwnPrefix() {
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/cam-1/commands")).isTrue();
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/cam-1/#")).isTrue();
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/+/commands")).isFalse();
    assertThat(Topics.maySubscribe("cam-1", "#")).isFalse();
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/cam-10/commands")).isFalse();
  }

  @Test
  void aSpeakerPublishesAudioOnlyForItsOwnSiteAndSubscribesToItsHermesTopics() {
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/audioServer/cafe/audioFrame")).isEqualTo(Topics.Route.AUDIO);
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/audioServer/kitchen/audioFrame")).isEqualTo(Topics.Route.FOREIGN_SITE);
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/asr/stopListening")).isEqualTo(Topics.Route.HERMES_CONTROL);
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/audioServer/cafe/playFinished"))
        .isEqualTo(Topics.Route.HERMES_CONTROL); // ends the answer: sayFinished, toggleOn, sessionEnded
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/audioServer/footwear/playFinished"))
        .isEqualTo(Topics.Route.FOREIGN_SITE);
    // a satellite's wake word is a control message: from then on it is heard only when it asks
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/hotword/default/detected")).isEqualTo(Topics.Route.HERMES_CONTROL);
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "hermes/hotword/toggleOn")).isEqualTo(Topics.Route.IGNORE);
    assertThat(Topics.route("speaker-cafe", "speaker", "cafe", "vitrine/v1/devices/speaker-cafe/sightings")).isEqualTo(Topics.Route.REJECT);
    assertThat(Topics.route("cam-cafe", "camera", null, "hermes/audioServer/cafe/audioFrame")).isEqualTo(Topics.Route.REJECT);

    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/intent/#")).isTrue();
    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/intent/vitrine:OrderCoffee")).isTrue();
    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/tts/say")).isTrue();
    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/audioServer/cafe/playBytes/#")).isTrue();
    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/audioServer/apparel/playBytes/#")).isFalse();
    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/audioServer/+/playBytes/#")).isFalse();
    assertThat(Topics.maySubscribe("speaker-cafe", "speaker", "cafe", "hermes/#")).isFalse();
    assertThat(Topics.maySubscribe("cam-cafe", "camera", null, "hermes/tts/say")).isFalse();
  }
}
