package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.VoiceIntent;
import org.vitrine.hub.events.VoiceOrder;
import com.microsoft.playwright.Page;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Proc;
import org.vitrine.voice.audio.WavChunk;
import java.nio.file.Path;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.Speaker;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;
import org.vitrine.voice.bench.Speech;
import org.vitrine.voice.dialogue.Responder;

/**
 * The store speaker end to end on the demo store: speech synthesised with espeak-ng, streamed by a
 * Hermes satellite (Vert.x MqttClient) as WAV audio frames over MQTT, recognised by the real Vosk
 * model in the hub, answered on the Hermes topics and acted upon on the WebSocket screens.
 */
class VoiceIT {

  private static final Speech.Voice VOICE = new Speech.Voice("en-us", 160, 0);
  private static final Duration ANSWER = Duration.ofSeconds(20);
  private static TestHub hub;
  private static Speech speech;
  private static final List<VoiceIntent> intents = new CopyOnWriteArrayList<>();
  private static final List<VoiceOrder> orders = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> Speech.requireTools()).speakers();

  @BeforeAll
  static void startHub(Vertx vertx) throws Exception {
    speech = new Speech(Files.createTempDirectory("vitrine-speech"));
    vertx.eventBus().<VoiceIntent>consumer(Addresses.VOICE_INTENT, m -> intents.add(m.body()));
    vertx.eventBus().<VoiceOrder>consumer(Addresses.VOICE_ORDER, m -> orders.add(m.body()));
  }

  private static byte[] say(String text) {
    return speech.say(text, VOICE, 0.3, 1.5);
  }

  /** The byte just after the last loud sample: where the speech ends and the trailing silence starts. */
  private static int speechEnd(byte[] pcm) {
    for (int i = pcm.length - 2; i >= 0; i -= 2) {
      int sample = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      if (Math.abs(sample) > 300) {
        return i + 2;
      }
    }
    return pcm.length;
  }

  @Test
  void showMeRedDressesAtTheApparelSpeakerShowsRedDressesOnTheApparelScreens(Vertx vertx) throws Exception {
    // GIVEN a screen in apparel, one in footwear, and the apparel speaker (a Hermes satellite)
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1").settled();
         ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1").settled();
         Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "apparel")) {
      byte[] pcm = say("show me red dresses");

      // WHEN a shopper says "show me red dresses" into it (audio streamed in real time, like a microphone)
      // (on another thread: the microphone goes on sending silence while the screen already reacts)
      var streaming = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          long end = speaker.streamRealTime(pcm, speechEnd(pcm));
          return new long[] {end, System.currentTimeMillis() - (System.nanoTime() - end) / 1_000_000};
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });

      // THEN the apparel screen plays a list of the red dresses, saying it was asked by voice
      JsonObject play = apparel.next("play", ANSWER);
      long atScreen = System.nanoTime();
      long endOfSpeech = streaming.get(10, TimeUnit.SECONDS)[0];
      long endOfSpeechWall = streaming.get()[1];
      JsonObject content = play.getJsonObject("content");
      assertThat(content.getString("type")).isEqualTo("product-list");
      assertThat(content.getString("title")).containsIgnoringCase("red dresses");
      JsonArray products = content.getJsonArray("products");
      List<String> names = new ArrayList<>();
      products.forEach(p -> names.add(((JsonObject) p).getString("name")));
      assertThat(names).containsExactlyInAnyOrder("Summer Wrap Dress", "Evening Dress");
      assertThat(products.getJsonObject(0).getString("currency")).isEqualTo("EUR");
      assertThat(products.getJsonObject(0).getDouble("price")).isPositive();
      assertThat(play.getJsonObject("reason").getMap()).containsEntry("kind", "voice")
          .containsEntry("intent", "vitrine:ShowProducts").containsEntry("siteId", "apparel");

      // AND the satellite gets the transcript, the intent with its slots and the answer, as text and as audio
      JsonObject text = speaker.next("hermes/asr/textCaptured", ANSWER).json();
      assertThat(text.getString("text")).isEqualTo("show me red dresses");
      assertThat(text.getString("siteId")).isEqualTo("apparel");
      String sessionId = text.getString("sessionId");
      assertThat(sessionId).isNotBlank();
      JsonObject parsed = speaker.next("hermes/nlu/intentParsed", ANSWER).json();
      assertThat(parsed.getString("input")).isEqualTo("show me red dresses");
      assertThat(parsed.getJsonObject("intent").getString("intentName")).isEqualTo("vitrine:ShowProducts");
      assertThat(parsed.getJsonObject("intent").getDouble("confidenceScore")).isBetween(Responder.ACT, 1.0);
      assertThat(parsed.getString("sessionId")).isEqualTo(sessionId);
      assertThat(slot(parsed, "colour")).isEqualTo("red");
      assertThat(slot(parsed, "category")).isEqualTo("dresses");
      JsonObject intent = speaker.next("hermes/intent/vitrine:ShowProducts", ANSWER).json();
      assertThat(intent.getJsonObject("intent").getString("intentName")).isEqualTo("vitrine:ShowProducts");
      JsonObject tts = speaker.next("hermes/tts/say", ANSWER).json();
      assertThat(tts.getString("text")).isNotBlank();
      assertThat(tts.getString("siteId")).isEqualTo("apparel");
      Speaker.Received wav = speaker.next(t -> t.startsWith("hermes/audioServer/apparel/playBytes/"), ANSWER);
      assertThat(wav.topic()).endsWith("/" + tts.getString("id"));
      assertThat(wav.payload().getString(0, 4)).isEqualTo("RIFF");
      assertThat(wav.payload().length()).isGreaterThan(10_000);

      // AND the intent went on the event bus for rules, and the footwear screen was left alone
      assertThat(intents).anySatisfy(i -> {
        assertThat(i.intent()).isEqualTo("show-products");
        assertThat(i.zone()).isEqualTo("apparel");
        assertThat(i.actions()).contains("show-products");
      });
      footwear.expectNo("play", Duration.ofMillis(300));
      VoiceIntent heard = intents.stream().filter(i -> i.intent().equals("show-products") && i.zone().equals("apparel")
          && i.at() >= endOfSpeechWall - 3000).reduce((a, b) -> b).orElseThrow();
      long screenMs = (atScreen - endOfSpeech) / 1_000_000;
      System.out.printf(Locale.ROOT, "VOICE LATENCY end of speech → play at the screen: %d ms = end of speech → intent "
          + "%d ms (our endpointer: 150 ms of silence after the last voiced 10 ms frame, then the recognizer's final result) "
          + "+ intent → screen %d ms%n", screenMs,
          heard.at() - endOfSpeechWall, screenMs - (heard.at() - endOfSpeechWall));
      assertThat(screenMs).as("end of speech → screen").isLessThan(5000);
    }
  }

  @Test
  void whereCanIFindRunningShoesShowsTheWayOnTheSpeakersZoneScreens(Vertx vertx) {
    // GIVEN a screen and a speaker in apparel
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2").settled();
         Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "apparel")) {
      // WHEN a shopper asks where the running shoes are
      speaker.stream(say("where can I find running shoes"));

      // THEN the apparel screen shows the way to footwear, with the running shoes
      JsonObject content = apparel.next("play", ANSWER).getJsonObject("content");
      assertThat(content.getString("type")).isEqualTo("directions");
      JsonObject route = content.getJsonObject("route");
      assertThat(route.getString("from")).isEqualTo("apparel");
      assertThat(route.getString("to")).isEqualTo("footwear");
      assertThat(route.getString("toName")).isEqualTo("Footwear");
      assertThat(route.getString("directions")).contains("back of the store");
      assertThat(content.getJsonArray("products")).isNotEmpty();
      // AND the answer is said
      assertThat(speaker.next("hermes/tts/say", ANSWER).json().getString("text")).containsIgnoringCase("footwear");
    }
  }

  @Test
  void aScreenThatReconnectsWhileAVoiceAnswerRunsGetsTheAnswerBack(Vertx vertx) throws Exception {
    try (Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "apparel")) {
      // GIVEN the apparel screen shows the answer to a spoken question
      JsonObject shown;
      try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2").settled()) {
        speaker.stream(say("where can I find running shoes"));
        shown = apparel.next("play", ANSWER);
      }
      // WHEN its connection drops and it comes back while the answer still runs
      try (ScreenClient again = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2")) {
        // THEN it gets the same answer back, with the seconds that are left
        JsonObject resumed = again.next("play", Duration.ofSeconds(5));
        assertThat(resumed.getString("playId")).isEqualTo(shown.getString("playId"));
        assertThat(resumed.getJsonObject("content").getString("type")).isEqualTo("directions");
        assertThat(resumed.getJsonObject("reason").getString("kind")).isEqualTo("voice");
        assertThat(resumed.getInteger("seconds")).isBetween(1, shown.getInteger("seconds"));
      }
    }
  }

  @Test
  void aCoffeeOrderDialogueEndsOnTheCafeOrderBoard(Vertx vertx) throws Exception {
    // GIVEN the cafe's menu board, its order board and the cafe speaker
    try (ScreenClient board = ScreenClient.connect(vertx, hub.httpPort(), "cafe-orders").settled();
         ScreenClient menu = ScreenClient.connect(vertx, hub.httpPort(), "cafe-1").settled();
         Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "cafe")) {
      // WHEN a shopper orders a large latte
      speaker.stream(say("a large latte please"));
      JsonObject first = speaker.next("hermes/tts/say", ANSWER).json();
      // THEN the speaker reads the order back and asks, and nothing is on the board yet
      assertThat(first.getString("text")).isEqualTo("One large latte, is that right?");
      board.expectNo("play", Duration.ofMillis(200));

      // WHEN the shopper says yes
      speaker.stream(say("yes please"));

      // THEN the order board shows the order, in the same Hermes session
      JsonObject play = board.next("play", ANSWER);
      JsonObject content = play.getJsonObject("content");
      assertThat(content.getString("type")).isEqualTo("orders");
      JsonObject order = content.getJsonArray("orders").getJsonObject(0);
      assertThat(order.getJsonArray("lines").getString(0)).isEqualTo("1 × large Latte");
      assertThat(order.getString("total")).isEqualTo("4.40");
      JsonObject done = speaker.next("hermes/tts/say", ANSWER).json();
      assertThat(done.getString("sessionId")).isEqualTo(first.getString("sessionId"));
      assertThat(orders).anySatisfy(o -> assertThat(o.id()).isEqualTo(order.getString("id")));
      // AND the menu board keeps its menu
      menu.expectNo("play", Duration.ofMillis(300));
      // AND the board is kept in Redis, so a restarted hub still knows the orders being prepared
      String stored = new org.vitrine.hub.voice.OrderBoardStore(hub.hub.redis()).load().await(5, TimeUnit.SECONDS).get("cafe");
      assertThat(stored).contains(order.getString("id")).contains("large Latte");
    }
  }

  @Test
  void badAudioGetsAClearErrorAndTheSpeakerWorksOnAfter(Vertx vertx) throws Exception {
    try (Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "entrance")) {
      // WHEN the satellite sends audio at 22.05 kHz
      byte[] wrongRate = speech.wavAt("hello", 22050);
      speaker.publishFrame("entrance", java.util.Arrays.copyOf(wrongRate, 4096 + 44));
      // THEN it gets a Hermes error naming the problem
      JsonObject e1 = speaker.next("hermes/error/asr", ANSWER).json();
      assertThat(e1.getString("context")).isEqualTo("wrong-sample-rate");
      assertThat(e1.getString("error")).contains("22050");
      assertThat(e1.getString("siteId")).isEqualTo("entrance");

      // WHEN it sends garbage bytes
      speaker.publishFrame("entrance", "this is not audio at all, just text".getBytes());
      JsonObject e2 = speaker.next("hermes/error/asr", ANSWER).json();
      assertThat(e2.getString("context")).isEqualTo("not-wav");

      // WHEN it publishes audio for a siteId that is not its own
      speaker.publishFrame("kitchen", Buffer.buffer(new byte[100]).getBytes());
      JsonObject e3 = speaker.next("hermes/error/asr", ANSWER).json();
      assertThat(e3.getString("context")).isEqualTo("unknown-site");
      assertThat(e3.getString("siteId")).isEqualTo("kitchen");
      assertThat(e3.getString("error")).contains("hermes/audioServer/entrance/audioFrame");

      // THEN the connection stays, everything was counted, and a real question is still answered
      assertThat(speaker.connected()).isTrue();
      speaker.stream(say("what are your opening hours"));
      JsonObject parsed = speaker.next("hermes/nlu/intentParsed", ANSWER).json();
      assertThat(parsed.getJsonObject("intent").getString("intentName")).isEqualTo("vitrine:OpeningHours");
      var counters = hub.hub.counters().snapshot();
      assertThat(counters).containsKeys("voice.rejected.wrong-sample-rate", "voice.rejected.not-wav",
          "mqtt.rejected.unknown-site");
    }
  }

  @Test
  void whatDoYouRecommendIsAnsweredForTheRecognisedShopperStandingAtTheSpeaker(Vertx vertx) throws Exception {
    // GIVEN the checkout camera recognises Anna (interests: running), and the checkout screen and speaker
    try (ScreenClient checkout = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1").settled();
         Camera camera = Camera.demo(vertx, hub.mqttPort(), "cam-checkout");
         Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "checkout")) {
      camera.sees("anna", "t-anna-voice", null);
      for (int i = 0; i < 50 && !hub.hub.presenceStore().stored().await().containsKey("anna"); i++) {
        Thread.sleep(50);
      }
      // WHEN she asks the speaker what it recommends
      speaker.stream(say("what do you recommend for me"));
      // THEN the answer is for her, and her recommendations show on the checkout screen
      JsonObject tts = speaker.next("hermes/tts/say", ANSWER).json();
      assertThat(tts.getString("text")).startsWith("Anna, as you like running");
      JsonObject play = checkout.next(m -> "play".equals(m.getString("type"))
          && "product-list".equals(m.getJsonObject("content").getString("type")), ANSWER);
      assertThat(play.getJsonObject("content").getString("title")).isEqualTo("Recommended for you");
      assertThat(checkout.shopperOf(play)).isEqualTo("anna");
    }
  }

  @Test
  void aSatelliteThatEndsTheUtteranceWithStopListeningIsAnsweredAtOnce(Vertx vertx) throws Exception {
    // GIVEN the footwear screen and speaker
    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1").settled();
         Speaker speaker = Speaker.demo(vertx, hub.mqttPort(), "footwear")) {
      // WHEN the satellite streams "show me sneakers" in real time with hardly any silence after it, then
      // says the utterance is over (hermes/asr/stopListening, as a satellite with its own silence detection does)
      // (100 ms of silence after the speech: less than the hub's own endpointer waits, which must not come first)
      byte[] pcm = speech.say("show me sneakers", VOICE, 0.3, 0.1);
      speaker.streamRealTime(pcm, speechEnd(pcm));
      long stop = System.nanoTime();
      speaker.publish("hermes/asr/stopListening", Buffer.buffer(new JsonObject().put("siteId", "footwear")
          .put("sessionId", "s-1").encode()));
      // THEN the screen shows the sneakers without waiting for a silence hangover
      JsonObject play = footwear.next(m -> "play".equals(m.getString("type"))
          && "product-list".equals(m.getJsonObject("content").getString("type")), ANSWER);
      long ms = (System.nanoTime() - stop) / 1_000_000;
      assertThat(play.getJsonObject("content").getString("title")).containsIgnoringCase("sneakers");
      System.out.printf(Locale.ROOT, "VOICE LATENCY stopListening (at the end of speech) → play at the screen: %d ms%n", ms);
      assertThat(ms).isLessThan(2000);
    }
  }

  @Test
  void debiansMosquittoClientsCanBeTheSatellite() throws Exception {
    // GIVEN mosquitto_sub, logged in as the footwear speaker, waits for an intent
    String port = String.valueOf(hub.mqttPort());
    Proc sub = Proc.subscribed("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-u", "speaker-footwear",
        "-P", "demo-speaker-footwear", "-t", "hermes/intent/#", "-C", "1", "-W", "30", "-v");
    // WHEN mosquitto_pub sends a question as Hermes audio frames (256 ms WAV chunks, one file each)
    byte[] pcm = say("how much is the trail runner");
    Path dir = Files.createTempDirectory("frames");
    for (int at = 0, i = 0; at < pcm.length; at += 8192, i++) {
      Path frame = dir.resolve("frame-" + i + ".wav");
      Files.write(frame, WavChunk.wrap(pcm, at, Math.min(8192, pcm.length - at)));
      Proc pub = Proc.run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-u", "speaker-footwear",
          "-P", "demo-speaker-footwear", "-t", "hermes/audioServer/footwear/audioFrame", "-f", frame.toString());
      assertThat(pub.exitCode()).as(pub.output()).isZero();
    }
    // THEN the subscriber gets the Hermes intent with its slot
    assertThat(sub.await(30)).as(sub.output()).isZero();
    String line = sub.messages().trim();
    assertThat(line).startsWith("hermes/intent/vitrine:Price ");
    JsonObject intent = new JsonObject(line.substring(line.indexOf(' ') + 1));
    assertThat(intent.getString("siteId")).isEqualTo("footwear");
    assertThat(slot(intent, "product")).isEqualTo("trail-runner-x");
  }

  @Test
  void thePlayerPageRendersTheSpokenAnswersInABrowser(Vertx vertx) throws Exception {
    try (Browser browser = Browser.start();
         Speaker apparelSpeaker = Speaker.demo(vertx, hub.mqttPort(), "apparel");
         Speaker cafeSpeaker = Speaker.demo(vertx, hub.mqttPort(), "cafe")) {
      // GIVEN the apparel screen and the cafe order board open in Chromium
      Page apparel = browser.context.newPage();
      apparel.navigate(hub.screenUrl("apparel-1"));
      apparel.waitForSelector("body[data-connection='open'][data-mode='playlist']");
      Page board = browser.context.newPage();
      board.navigate(hub.screenUrl("cafe-orders"));
      board.waitForSelector("body[data-connection='open']");

      // WHEN a shopper asks the apparel speaker for red dresses
      apparelSpeaker.stream(say("show me red dresses"));
      // THEN the page shows them as product tiles with names and prices
      apparel.waitForSelector(".current .voice-product-list", new Page.WaitForSelectorOptions().setTimeout(20_000));
      assertThat(apparel.locator(".current .tile").count()).isEqualTo(2);
      assertThat(apparel.locator(".current").innerText()).contains("Evening Dress").contains("Summer Wrap Dress").contains("€");
      apparel.waitForTimeout(800);
      apparel.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("voice-red-dresses")));

      // WHEN a cappuccino is ordered at the cafe speaker
      cafeSpeaker.stream(say("a small cappuccino please"));
      cafeSpeaker.next("hermes/tts/say", ANSWER);
      cafeSpeaker.stream(say("no that's all"));
      // THEN the order board shows it, newest first
      board.waitForSelector(".current .voice-orders .order.newest", new Page.WaitForSelectorOptions().setTimeout(20_000));
      assertThat(board.locator(".current .order.newest").innerText()).containsIgnoringCase("cappuccino");
      board.waitForTimeout(800);
      board.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("voice-order-board")));
    }
  }

  private static String slot(JsonObject parsed, String name) {
    for (Object o : parsed.getJsonArray("slots")) {
      JsonObject s = (JsonObject) o;
      if (name.equals(s.getString("slotName"))) {
        assertThat(s.getString("entity")).isIn("vitrine/" + name, "rhasspy/number");
        assertThat(String.valueOf(s.getJsonObject("value").getValue("value"))).isEqualTo(s.getString("rawValue"));
        return s.getString("rawValue");
      }
    }
    return null;
  }
}
