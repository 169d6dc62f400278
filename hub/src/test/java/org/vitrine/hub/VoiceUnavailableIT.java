package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.Speaker;
import org.vitrine.hub.support.TestHub;
import org.vitrine.voice.audio.WavChunk;

/** A missing or broken Vosk model never stops the hub: it runs without voice and speakers are told why. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class VoiceUnavailableIT {

  @Test
  void aBrokenModelLeavesTheHubRunningAndSpeakersGetAClearError(Vertx vertx) throws Exception {
    // GIVEN a model folder that is no Vosk model (a half-copied one)
    Path broken = Files.createTempDirectory("vosk-broken");
    Files.createDirectories(broken.resolve("am"));
    Files.writeString(broken.resolve("am/final.mdl"), "not a model");

    // WHEN the hub starts with it
    try (TestHub hub = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30,
        c -> {
          c.voice.enabled = true;
          c.voice.model = broken.toString();
        })) {
      // THEN it runs: no voice, but screens and cameras work
      assertThat(hub.hub.voiceAvailable()).isFalse();
      try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
           Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-footwear");
           Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "footwear")) {
        camera.sees("anna", "t-anna-v", null);
        assertThat(screen.next("play", Duration.ofSeconds(5)).getJsonObject("content").getString("id"))
            .isEqualTo("trail-runner-card");

        // AND a speaker's audio gets a Hermes error saying why, and the connection stays
        speaker.publishFrame("footwear", WavChunk.wrap(new byte[2048], 0, 2048));
        JsonObject error = speaker.next("hermes/error/asr", Duration.ofSeconds(5)).json();
        assertThat(error.getString("context")).isEqualTo("voice-unavailable");
        assertThat(error.getString("error")).contains("speech recognition unavailable").contains(broken.toString());
        assertThat(error.getString("siteId")).isEqualTo("footwear");
        assertThat(speaker.connected()).isTrue();
      }

      // AND the browser speaker page's socket says so at once, and for its audio too, without closing
      io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
      try {
        java.util.concurrent.LinkedBlockingQueue<JsonObject> inbox = new java.util.concurrent.LinkedBlockingQueue<>();
        io.vertx.core.http.WebSocket ws = client.connect(new io.vertx.core.http.WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(hub.httpPort()).setURI("/ws/speaker")).await();
        ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
        String token = org.vitrine.hub.support.Api.as(hub.httpPort(), "admin").post("/api/devices/speaker-footwear/token", null)
            .json().getString("token");
        ws.writeTextMessage(new JsonObject().put("type", "hello").put("v", 1).put("speaker", "speaker-footwear").put("token", token)
            .encode()).await();
        JsonObject welcome = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(welcome.getString("type")).isEqualTo("welcome");
        assertThat(welcome.getBoolean("voice")).isFalse();
        JsonObject told = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(told.getString("type")).isEqualTo("error");
        assertThat(told.getString("error")).isEqualTo("voice-unavailable");
        ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[3200])).await();
        JsonObject audio = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(audio.getString("error")).isEqualTo("voice-unavailable");
        assertThat(audio.getString("message")).contains("speech recognition unavailable");
        assertThat(ws.isClosed()).isFalse();
        ws.close().await();
      } finally {
        client.close().await();
      }
    }
  }
}
