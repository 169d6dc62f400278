package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;
import org.vitrine.voice.audio.WavChunk;
import org.vitrine.voice.bench.Speech;

/**
 * A Rhasspy 2.5 satellite's side of the Hermes conversation, on the Eclipse Paho MQTT 5 client
 * against the real hub (real Vosk model, real espeak-ng): wake word, audio, and every message the
 * hub sends back, in order, with the fields Rhasspy documents; the satellite plays the answer and
 * says playFinished, and only then is the wake word on again and the session over.
 */
class HermesSatelliteIT {

  private static final Speech.Voice VOICE = new Speech.Voice("en-us", 160, 0);
  private static TestHub hub;
  private static Speech speech;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> Speech.requireTools()).speakers();

  private record Msg(String topic, byte[] payload) {
    JsonObject json() {
      return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    }
  }

  private final LinkedBlockingQueue<Msg> inbox = new LinkedBlockingQueue<>();
  private MqttClient paho;

  @BeforeAll
  static void voice() throws Exception {
    speech = new Speech(Files.createTempDirectory("vitrine-hermes"));
  }

  @AfterEach
  void disconnect() throws MqttException {
    if (paho != null && paho.isConnected()) {
      paho.disconnect();
      paho.close();
    }
  }

  private void connect(String zone) throws MqttException {
    paho = new MqttClient("tcp://127.0.0.1:" + hub.mqttPort(), "satellite-" + zone + "-" + System.nanoTime(),
        new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("speaker-" + zone);
    o.setPassword(("demo-speaker-" + zone).getBytes(StandardCharsets.UTF_8));
    paho.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        inbox.add(new Msg(topic, message.getPayload()));
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {
      }

      @Override
      public void mqttErrorOccurred(MqttException e) {
      }

      @Override
      public void deliveryComplete(IMqttToken token) {
      }

      @Override
      public void connectComplete(boolean reconnect, String uri) {
      }

      @Override
      public void authPacketArrived(int reason, MqttProperties properties) {
      }
    });
    paho.connect(o);
    // what a Rhasspy satellite subscribes to (its audioServer topics only for its own site)
    for (String t : List.of("hermes/dialogueManager/#", "hermes/asr/textCaptured", "hermes/nlu/#", "hermes/intent/#",
        "hermes/tts/#", "hermes/hotword/toggleOff", "hermes/hotword/toggleOn", "hermes/audioServer/" + zone + "/playBytes/#")) {
      paho.subscribe(t, 0);
    }
  }

  private void publish(String topic, JsonObject body) throws MqttException {
    paho.publish(topic, body.encode().getBytes(StandardCharsets.UTF_8), 0, false);
  }

  private void speak(String zone, String text) throws MqttException {
    byte[] pcm = speech.say(text, VOICE, 0.3, 1.5);
    for (int at = 0; at < pcm.length; at += 2048) {
      paho.publish("hermes/audioServer/" + zone + "/audioFrame", WavChunk.wrap(pcm, at, Math.min(2048, pcm.length - at)),
          0, false);
    }
  }

  /** Messages until (and with) the first on {@code last}, in arrival order. */
  private List<Msg> until(String last) throws InterruptedException {
    List<Msg> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Msg m = inbox.poll(200, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      got.add(m);
      if (m.topic().equals(last) || last.endsWith("/") && m.topic().startsWith(last)) {
        return got;
      }
    }
    throw new AssertionError("no " + last + " within 30 s; got " + got.stream().map(Msg::topic).toList());
  }

  private static List<String> topics(List<Msg> ms) {
    return ms.stream().map(m -> m.topic().startsWith("hermes/audioServer/") ? "playBytes" : m.topic()).toList();
  }

  private static Msg on(List<Msg> ms, String topic) {
    return ms.stream().filter(m -> m.topic().equals(topic)).findFirst().orElseThrow(() -> new AssertionError("no " + topic));
  }

  @Test
  void wakeWordQuestionAnswerToggleAndANewSessionForTheNextWakeWord() throws Exception {
    connect("footwear");
    // WHEN the satellite hears its wake word
    publish("hermes/hotword/porcupine/detected", new JsonObject().put("modelId", "porcupine").put("siteId", "footwear")
        .put("sessionId", (String) null).put("sendAudioCaptured", (Object) null).put("lang", (String) null));
    JsonObject started = until("hermes/dialogueManager/sessionStarted").get(0).json();
    String session = started.getString("sessionId");
    assertThat(session).isNotBlank();
    assertThat(started.getString("siteId")).isEqualTo("footwear");
    assertThat(started.fieldNames()).contains("customData", "lang");

    // AND streams a question that names a shoe size
    speak("footwear", "do you have the trail runner in size ten");
    List<Msg> answer = until("hermes/audioServer/footwear/playBytes/");
    // THEN the hub's messages come in Rhasspy's order: text, intent, wake word off, say, audio
    assertThat(topics(answer)).containsExactly("hermes/asr/textCaptured", "hermes/nlu/intentParsed",
        "hermes/intent/vitrine:CheckStock", "hermes/hotword/toggleOff", "hermes/tts/say", "playBytes");
    JsonObject text = on(answer, "hermes/asr/textCaptured").json();
    assertThat(text.getString("sessionId")).isEqualTo(session);
    assertThat(text.getString("wakewordId")).isEqualTo("porcupine");
    assertThat(text.getDouble("likelihood")).isBetween(0.5, 1.0);
    JsonObject parsed = on(answer, "hermes/nlu/intentParsed").json();
    assertThat(parsed.fieldNames()).contains("customData", "id", "asrTokens", "wakewordId", "lang");
    assertThat(parsed.getValue("customData")).isNull();
    JsonObject size = parsed.getJsonArray("slots").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("slotName").equals("size")).findFirst().orElseThrow();
    // numbers as numbers, of Rhasspy's Number kind; names with their entity
    assertThat(size.getJsonObject("value").getValue("value")).isInstanceOf(Number.class);
    assertThat(size.getJsonObject("value").getInteger("value")).isEqualTo(10);
    assertThat(size.getJsonObject("value").getString("kind")).isEqualTo("Number");
    assertThat(size.getString("entity")).isEqualTo("rhasspy/number");
    JsonObject product = parsed.getJsonArray("slots").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("slotName").equals("product")).findFirst().orElseThrow();
    assertThat(product.getJsonObject("value").getValue("value")).isEqualTo("trail-runner-x");
    assertThat(product.getString("entity")).isEqualTo("vitrine/product");
    assertThat(on(answer, "hermes/hotword/toggleOff").json().getString("siteId")).isEqualTo("footwear");
    JsonObject say = on(answer, "hermes/tts/say").json();
    assertThat(say.getString("sessionId")).isEqualTo(session);
    assertThat(say.fieldNames()).contains("lang", "volume");
    Msg wav = answer.get(answer.size() - 1);
    assertThat(wav.topic()).isEqualTo("hermes/audioServer/footwear/playBytes/" + say.getString("id"));
    ByteBuffer h = ByteBuffer.wrap(wav.payload()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(h.getInt(4)).isEqualTo(wav.payload().length - 8); // no 0x7ffff000 streaming placeholder
    assertThat(h.getInt(40)).isEqualTo(wav.payload().length - 44);
    // the wake word stays off while the answer plays
    assertThat(inbox.poll(300, TimeUnit.MILLISECONDS)).isNull();

    // WHEN the satellite has played it
    publish("hermes/audioServer/footwear/playFinished", new JsonObject().put("id", say.getString("id"))
        .put("sessionId", session));
    List<Msg> after = until("hermes/dialogueManager/sessionEnded");
    // THEN the answer is finished, the wake word is on again, and the session ends
    assertThat(topics(after)).containsExactly("hermes/tts/sayFinished", "hermes/hotword/toggleOn",
        "hermes/dialogueManager/sessionEnded");
    assertThat(after.get(0).json().getString("id")).isEqualTo(say.getString("id"));
    assertThat(after.get(0).json().getString("sessionId")).isEqualTo(session);
    JsonObject ended = after.get(2).json();
    assertThat(ended.getString("sessionId")).isEqualTo(session);
    assertThat(ended.getJsonObject("termination").getString("reason")).isEqualTo("nominal");
    assertThat(ended.fieldNames()).contains("customData");

    // AND the next wake word is a new session
    publish("hermes/hotword/porcupine/detected", new JsonObject().put("modelId", "porcupine").put("siteId", "footwear"));
    String next = until("hermes/dialogueManager/sessionStarted").get(0).json().getString("sessionId");
    assertThat(next).isNotEqualTo(session);
  }

  @Test
  void outOfScopeIsNotRecognisedAndEndsTheSessionWithoutAnIntent() throws Exception {
    connect("entrance");
    publish("hermes/hotword/porcupine/detected", new JsonObject().put("modelId", "porcupine").put("siteId", "entrance"));
    String session = until("hermes/dialogueManager/sessionStarted").get(0).json().getString("sessionId");
    speak("entrance", "what is the weather like tomorrow");
    List<Msg> answer = until("hermes/audioServer/entrance/playBytes/");
    assertThat(topics(answer)).containsExactly("hermes/asr/textCaptured", "hermes/nlu/intentNotRecognized",
        "hermes/hotword/toggleOff", "hermes/tts/say", "playBytes");
    JsonObject rejected = on(answer, "hermes/nlu/intentNotRecognized").json();
    assertThat(rejected.getString("sessionId")).isEqualTo(session);
    assertThat(rejected.fieldNames()).contains("customData", "id", "input");
    assertThat(on(answer, "hermes/tts/say").json().getString("text")).startsWith("Sorry, I can't help with that.");
    publish("hermes/audioServer/entrance/playFinished", new JsonObject()
        .put("id", on(answer, "hermes/tts/say").json().getString("id")).put("sessionId", session));
    List<Msg> after = until("hermes/dialogueManager/sessionEnded");
    assertThat(topics(after)).containsExactly("hermes/tts/sayFinished", "hermes/hotword/toggleOn",
        "hermes/dialogueManager/sessionEnded");
    assertThat(after.get(2).json().getJsonObject("termination").getString("reason")).isEqualTo("intentNotRecognized");
  }
}
