package org.vitrine.hub.voice;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.AudioFrame;
import org.vitrine.hub.events.HermesPublish;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.ops.Counters;
import org.vitrine.voice.audio.WavChunk;

/**
 * The browser speaker ({@code /ws/speaker}, page {@code /speaker/?site=<siteId>}): a laptop's microphone
 * as a store speaker of a configured site. After a JSON hello, binary frames of raw PCM (16 kHz 16-bit
 * little-endian mono) are wrapped as WAV chunks and go the way Hermes audio goes
 * ({@link Addresses#VOICE_AUDIO} → {@link VoiceVerticle} → the voice pipeline → screens), as device
 * {@code browser:<connection>}; the VoiceVerticle's Hermes answers for that device come back on
 * {@link Addresses#VOICE_BROWSER}{@code <connection>} and are turned into the page's messages:
 * {@code transcript}, {@code answer}, then the answer's espeak-ng WAV as one binary message.
 * Everything runs on the event loop without blocking: wrapping is a copy, recognition runs on the
 * pipeline's workers.
 */
public final class BrowserSpeakerSocket {

  private static final Logger LOG = LoggerFactory.getLogger(BrowserSpeakerSocket.class);
  public static final String PATH = "/ws/speaker";
  static final short HELLO_FIRST = 4400;
  static final short UNKNOWN_SITE = 4404;
  /** 1 s of audio; the page sends ~100 ms. */
  static final int MAX_PCM_BYTES = 32_000;
  private static final AtomicLong IDS = new AtomicLong();

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final BooleanSupplier voiceAvailable;
  private final String connection = Long.toString(System.currentTimeMillis(), 36) + "-" + IDS.incrementAndGet();
  private final String device = VoiceVerticle.BROWSER_DEVICE + connection;
  private String siteId;
  private MessageConsumer<HermesPublish> replies;
  /** The intent of the utterance being answered (intentParsed comes before tts/say). */
  private String lastIntent;
  private Map<String, Object> lastSlots = Map.of();
  private long lastPcmError;

  private BrowserSpeakerSocket(Vertx vertx, ServerWebSocket ws, CatalogHolder catalog, Counters counters,
      BooleanSupplier voiceAvailable) {
    this.vertx = vertx;
    this.ws = ws;
    this.catalog = catalog;
    this.counters = counters;
    this.voiceAvailable = voiceAvailable;
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onAudio);
    ws.exceptionHandler(e -> LOG.debug("browser speaker socket error: {}", e.toString()));
    ws.closeHandler(v -> close());
  }

  /** Mounts {@code /ws/speaker} (for {@code ScreenGateway.addRoutes}). */
  public static void mount(Router router, Vertx vertx, CatalogHolder catalog, Counters counters, BooleanSupplier voiceAvailable) {
    router.route(PATH).handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> new BrowserSpeakerSocket(vertx, ws, catalog, counters, voiceAvailable))
        .onFailure(e -> LOG.warn("browser speaker WebSocket upgrade failed: {}", e.toString())));
  }

  private void onText(String text) {
    JsonNode msg;
    try {
      msg = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      error("bad-json", "frame is not JSON");
      return;
    }
    if (msg == null || !msg.isObject() || !msg.path("type").isTextual()) {
      error("invalid-message", "frame must be a JSON object with a string field 'type'");
      return;
    }
    String type = msg.get("type").asText();
    if (siteId == null) {
      if (!type.equals("hello")) {
        ws.close(HELLO_FIRST, "the first frame must be hello");
        return;
      }
      hello(msg);
      return;
    }
    if (type.equals("hello")) {
      error("invalid-message", "already speaking for site '" + siteId + "'");
    } else {
      error("unknown-type", "unknown message type '" + abbreviate(type) + "' (send binary PCM frames)");
    }
  }

  private void hello(JsonNode msg) {
    String site = msg.path("site").asText("");
    Device speaker = catalog.get().devices().stream()
        .filter(d -> Device.SPEAKER.equals(d.kind()) && site.equals(d.siteId())).findFirst().orElse(null);
    if (speaker == null) {
      counters.increment("voice.browser.rejected.unknown-site");
      LOG.warn("browser speaker from {} for unknown site '{}': closing with 4404", ws.remoteAddress(), abbreviate(site));
      ws.close(UNKNOWN_SITE, "unknown site '" + abbreviate(site) + "'");
      return;
    }
    siteId = site;
    counters.increment("voice.browser.connected");
    replies = vertx.eventBus().consumer(Addresses.VOICE_BROWSER + connection, m -> fromHub(m.body()));
    Map<String, Object> welcome = new LinkedHashMap<>();
    welcome.put("type", "welcome");
    welcome.put("v", 1);
    welcome.put("site", siteId);
    welcome.put("zone", speaker.zone());
    boolean voice = voiceAvailable.getAsBoolean();
    welcome.put("voice", voice);
    welcome.put("sampleRate", 16000);
    ws.writeTextMessage(Json.write(welcome));
    LOG.info("browser speaker {} for site {} (zone {}) from {}", connection, siteId, speaker.zone(), ws.remoteAddress());
    if (!voice) {
      error("voice-unavailable", "speech recognition is not running on this hub (no usable Vosk model, or voice is off)");
    }
  }

  private void onAudio(Buffer pcm) {
    if (siteId == null) {
      ws.close(HELLO_FIRST, "the first frame must be hello");
      return;
    }
    if (pcm.length() == 0 || pcm.length() % 2 != 0 || pcm.length() > MAX_PCM_BYTES) {
      counters.increment("voice.browser.rejected.bad-pcm");
      long now = System.currentTimeMillis();
      if (now - lastPcmError >= 1000) { // at most once a second: a broken page sends ~10 frames a second
        lastPcmError = now;
        error("bad-pcm", "an audio frame must be 16-bit PCM: an even number of bytes, 2.." + MAX_PCM_BYTES + " (got "
            + pcm.length() + ")");
      }
      return;
    }
    byte[] bytes = pcm.getBytes();
    vertx.eventBus().send(Addresses.VOICE_AUDIO,
        new AudioFrame(device, siteId, WavChunk.wrap(bytes, 0, bytes.length), System.currentTimeMillis()));
  }

  /** The Hermes messages the VoiceVerticle addressed to this connection, as the page's messages. */
  private void fromHub(HermesPublish p) {
    if (ws.isClosed()) {
      return;
    }
    String topic = p.topic();
    if (topic.startsWith("hermes/audioServer/")) { // playBytes: the spoken answer
      ws.writeBinaryMessage(Buffer.buffer(p.payload()));
      return;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(p.payload());
    } catch (Exception e) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    switch (topic) {
      case Hermes.TEXT_CAPTURED -> {
        out.put("type", "transcript");
        out.put("text", body.path("text").asText(""));
        out.put("sessionId", body.path("sessionId").asText(null));
      }
      case Hermes.INTENT_PARSED -> {
        lastIntent = body.path("intent").path("intentName").asText(null);
        Map<String, Object> slots = new LinkedHashMap<>();
        body.path("slots").forEach(s -> slots.put(s.path("slotName").asText(), s.path("value").path("value").asText()));
        lastSlots = slots;
        return;
      }
      case Hermes.INTENT_NOT_RECOGNIZED -> {
        lastIntent = null;
        lastSlots = Map.of();
        return;
      }
      case Hermes.TTS_SAY -> {
        out.put("type", "answer");
        out.put("text", body.path("text").asText(""));
        out.put("intent", lastIntent);
        out.put("slots", lastSlots);
        out.put("sessionId", body.path("sessionId").asText(null));
      }
      case Hermes.ERROR_ASR -> {
        out.put("type", "error");
        out.put("error", body.path("context").asText("asr-failed"));
        out.put("message", body.path("error").asText(""));
      }
      default -> {
        return; // hermes/intent/<name>: already told by intentParsed
      }
    }
    ws.writeTextMessage(Json.write(out));
  }

  private void error(String code, String message) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(Json.write(Map.of("type", "error", "error", code, "message", message)));
    }
  }

  private void close() {
    if (replies != null) {
      replies.unregister();
      replies = null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
