package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Browser;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;
import org.vitrine.voice.audio.WavChunk;
import org.vitrine.voice.bench.Speech;

/**
 * The browser speaker page (/speaker/, paired to speaker-apparel) in Debian's Chromium with a fake microphone that
 * plays espeak-ng speech: the page streams it over /ws/speaker, the hub's real Vosk pipeline
 * understands it, the apparel screen shows the products, and the page shows the transcript and the
 * answer (and gets the answer's WAV).
 */
class BrowserSpeakerIT {

  private static final Duration ANSWER = Duration.ofSeconds(40);
  private static TestHub hub;
  private static Path micWav;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> Speech.requireTools()).speakers();

  @BeforeAll
  static void startHub() throws Exception {
    Speech speech = new Speech(Files.createTempDirectory("vitrine-speech"));
    // 1 s before (the page opens the microphone first), 2 s of silence after: Vosk ends the utterance on it
    byte[] pcm = speech.say("show me red dresses", new Speech.Voice("en-us", 160, 0), 1.0, 2.0);
    micWav = Files.createTempDirectory("vitrine-mic").resolve("show-me-red-dresses.wav");
    Files.write(micWav, WavChunk.wrap(pcm, 0, pcm.length));
  }

  private static Browser browserWithMicrophone() throws Exception {
    return Browser.start(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--use-file-for-fake-audio-capture=" + micWav, "--autoplay-policy=no-user-gesture-required"));
  }

  @Test
  void showMeRedDressesSpokenIntoTheBrowserPageShowsTheTranscriptTheAnswerAndTheProductsOnTheApparelScreen(Vertx vertx)
      throws Exception {
    // GIVEN the apparel mirror screen, and the speaker page of site apparel in a browser whose microphone says the words
    try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1");
         Browser browser = browserWithMicrophone()) {
      Page page = browser.context.newPage();
      List<String> console = new ArrayList<>();
      page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));

      // WHEN the page is opened for the first time, it shows a pairing code; an admin pairs it to the apparel speaker
      page.navigate("http://127.0.0.1:" + hub.httpPort() + "/speaker/");
      page.waitForFunction("() => document.body.dataset.pairingCode", null, new Page.WaitForFunctionOptions().setTimeout(10_000));
      String code = page.getAttribute("body", "data-pairing-code");
      assertThat(org.vitrine.hub.support.Api.as(hub.httpPort(), "admin").post("/api/devices/speaker-apparel/pair",
          new JsonObject().put("code", code)).status()).isEqualTo(200);
      // (no button: once paired it listens at once)

      // THEN the apparel screen gets the product list of red dresses, asked by voice at site apparel
      JsonObject play = apparel.next("play", ANSWER);
      JsonObject content = play.getJsonObject("content");
      assertThat(content.getString("type")).isEqualTo("product-list");
      assertThat(content.getString("title")).containsIgnoringCase("red dresses");
      JsonArray products = content.getJsonArray("products");
      List<String> names = new ArrayList<>();
      products.forEach(p -> names.add(((JsonObject) p).getString("name")));
      assertThat(names).containsExactlyInAnyOrder("Summer Wrap Dress", "Evening Dress");
      assertThat(play.getJsonObject("reason").getMap()).containsEntry("kind", "voice")
          .containsEntry("intent", "vitrine:ShowProducts").containsEntry("siteId", "apparel");

      // AND the page shows what was heard and the answer, with its intent, and received the spoken answer
      page.waitForFunction("() => window.vitrineSpeaker.state().answer",
          null, new Page.WaitForFunctionOptions().setTimeout(ANSWER.toMillis()));
      assertThat(page.textContent("#transcript")).as("console: %s", console).isEqualTo("show me red dresses");
      assertThat(page.textContent("#answer")).isNotBlank().isNotEqualTo("…");
      assertThat(page.textContent("#intent")).isEqualTo("ShowProducts");
      page.waitForFunction("() => window.vitrineSpeaker.state().spoken !== null",
          null, new Page.WaitForFunctionOptions().setTimeout(10_000));
      JsonObject state = new JsonObject((String) page.evaluate("() => JSON.stringify(window.vitrineSpeaker.state())"));
      page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("browser-speaker-answer")));
      assertThat(state.getString("intent")).isEqualTo("vitrine:ShowProducts");
      assertThat(state.getString("zone")).isEqualTo("apparel");
      assertThat(state.getInteger("framesSent")).isPositive();
      assertThat(state.getBoolean("spoken")).as("the answer's WAV was decoded and played; state %s", state).isTrue();
      assertThat(page.getAttribute("body", "data-spoken")).isEqualTo("yes");
    }
  }

  @Test
  void aRevokedPageGoesBackToShowingAPairingCode() throws Exception {
    org.vitrine.hub.support.Api admin = org.vitrine.hub.support.Api.as(hub.httpPort(), "admin");
    String token = admin.post("/api/devices/speaker-footwear/token", null).json().getString("token");
    try (Browser browser = browserWithMicrophone()) {
      Page page = browser.context.newPage();
      page.navigate("http://127.0.0.1:" + hub.httpPort() + "/speaker/?speaker=speaker-footwear#token=" + token);
      page.waitForFunction("() => document.body.dataset.connection === 'open'", null, new Page.WaitForFunctionOptions().setTimeout(10_000));
      assertThat(page.url()).doesNotContain(token);
      // WHEN an admin revokes the page's token THEN it is closed at once and asks to be paired again
      assertThat(admin.delete("/api/devices/speaker-footwear/token").status()).isEqualTo(204);
      page.waitForFunction("() => document.body.dataset.pairingCode", null, new Page.WaitForFunctionOptions().setTimeout(10_000));
      assertThat(page.isVisible("#pairing-code")).isTrue();
      page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("browser-speaker-pairing")));
    }
  }

  /** The protocol without a browser: 4404 with a reason, bad frames answered with an error on a socket that stays. */
  @Test
  void theSocketClosesUnknownSitesAndAnswersBadFramesWithoutClosing(Vertx vertx) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
      WebSocket unknown = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.httpPort())
          .setURI("/ws/speaker")).await();
      unknown.closeHandler(v -> inbox.add("closed " + unknown.closeStatusCode() + " " + unknown.closeReason()));
      unknown.writeTextMessage(new JsonObject().put("type", "hello").put("v", 1).put("speaker", "speaker-kitchen").encode()).await();
      assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("closed 4404 unknown speaker 'speaker-kitchen'");

      // a real speaker without its token is refused
      WebSocket unpaired = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.httpPort())
          .setURI("/ws/speaker")).await();
      unpaired.closeHandler(v -> inbox.add("closed " + unpaired.closeStatusCode()));
      unpaired.writeTextMessage(new JsonObject().put("type", "hello").put("v", 1).put("speaker", "speaker-apparel").encode()).await();
      assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("closed 4401");
      String token = org.vitrine.hub.support.Api.as(hub.httpPort(), "admin").post("/api/devices/speaker-cafe/token", null).json()
          .getString("token");

      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.httpPort())
          .setURI("/ws/speaker")).await();
      ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
      ws.closeHandler(v -> inbox.add("closed"));
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("v", 1).put("speaker", "speaker-cafe").put("token", token)
          .encode()).await();
      JsonObject welcome = (JsonObject) inbox.poll(10, TimeUnit.SECONDS);
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(welcome.getString("zone")).isEqualTo("cafe");
      assertThat(welcome.getString("site")).isEqualTo("cafe");
      assertThat(welcome.getBoolean("voice")).isTrue();

      ws.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3})).await();
      JsonObject bad = (JsonObject) inbox.poll(10, TimeUnit.SECONDS);
      assertThat(bad.getString("type")).isEqualTo("error");
      assertThat(bad.getString("error")).isEqualTo("bad-pcm");

      ws.writeTextMessage("{not json").await();
      assertThat(((JsonObject) inbox.poll(10, TimeUnit.SECONDS)).getString("error")).isEqualTo("bad-json");
      ws.writeTextMessage("{\"type\":\"dance\"}").await();
      assertThat(((JsonObject) inbox.poll(10, TimeUnit.SECONDS)).getString("error")).isEqualTo("unknown-type");

      // still open: silence is accepted without a word back
      ws.writeBinaryMessage(Buffer.buffer(new byte[3200])).await();
      assertThat(inbox.poll(500, TimeUnit.MILLISECONDS)).isNull();
      assertThat(ws.isClosed()).isFalse();
      ws.close().await();
    } finally {
      client.close().await();
    }
  }
}
