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
  static final short UNAUTHORIZED = 4401;
  static final short UNKNOWN_SITE = 4404;
  static final short HELLO_TIMEOUT = 4408;
  static final short TOO_MANY = 4429;
  /** 1 s of audio; the page sends ~100 ms. */
  static final int MAX_PCM_BYTES = 32_000;
  private static final AtomicLong IDS = new AtomicLong();

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final BooleanSupplier voiceAvailable;
  private final Pairs pairs;
  private final String from;
  private String speakerId;
  private long credentialIssuedAt;
  private boolean verifying;
  private String pairingCode;
  private long helloTimer;
  private long pairingTimer = -1;
  private MessageConsumer<org.vitrine.hub.events.Paired> pairingConsumer;
  private MessageConsumer<org.vitrine.hub.events.CredentialsChanged> credentialConsumer;

  /** The pairing a browser speaker shares with screens (the screen gateway's). */
  public record Pairs(org.vitrine.hub.pairing.Credentials credentials, org.vitrine.hub.pairing.Pairing pairing,
      org.vitrine.hub.ops.AddressCounter waiters, org.vitrine.hub.ops.RejectionLog rejections, int helloSeconds,
      java.util.function.Consumer<ServerWebSocket> keepAlive) {
  }
  private final String connection = Long.toString(System.currentTimeMillis(), 36) + "-" + IDS.incrementAndGet();
  private final String device = VoiceVerticle.BROWSER_DEVICE + connection;
  private String siteId;
  private MessageConsumer<HermesPublish> replies;
  /** The intent of the utterance being answered (intentParsed comes before tts/say). */
  private String lastIntent;
  private Map<String, Object> lastSlots = Map.of();
  private long lastPcmError;

  private BrowserSpeakerSocket(Vertx vertx, ServerWebSocket ws, CatalogHolder catalog, Counters counters,
      BooleanSupplier voiceAvailable, Pairs pairs) {
    this.vertx = vertx;
    this.ws = ws;
    this.catalog = catalog;
    this.counters = counters;
    this.voiceAvailable = voiceAvailable;
    this.pairs = pairs;
    this.from = ws.remoteAddress() == null ? "?" : ws.remoteAddress().hostAddress();
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onAudio);
    ws.exceptionHandler(e -> LOG.debug("browser speaker socket error: {}", e.toString()));
    ws.closeHandler(v -> close());
    helloTimer = vertx.setTimer(pairs.helloSeconds() * 1000L, id -> {
      if (siteId == null && pairingCode == null && !ws.isClosed()) {
        counters.increment("voice.browser.rejected.hello-timeout");
        pairs.rejections().warn(from, "speaker-hello-timeout", "no hello within " + pairs.helloSeconds() + " s: closing with 4408");
        ws.close(HELLO_TIMEOUT, "no hello within " + pairs.helloSeconds() + " s");
      }
    });
  }

  /** Mounts {@code /ws/speaker} (for {@code ScreenGateway.addRoutes}); the pairing is looked up per connection. */
  public static void mount(Router router, Vertx vertx, CatalogHolder catalog, Counters counters, BooleanSupplier voiceAvailable,
      java.util.function.Supplier<Pairs> pairs) {
    router.route(PATH).handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> {
          Pairs p = pairs.get();
          p.keepAlive().accept(ws);
          new BrowserSpeakerSocket(vertx, ws, catalog, counters, voiceAvailable, p);
        })
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
      if (verifying || pairingCode != null) {
        error("invalid-message", verifying ? "wait for welcome" : "this page waits to be paired: nothing else is accepted");
      } else if (type.equals("hello")) {
        hello(msg);
      } else if (type.equals("pair")) {
        pair();
      } else {
        ws.close(HELLO_FIRST, "the first frame must be hello (or pair)");
      }
      return;
    }
    if (type.equals("hello")) {
      error("invalid-message", "already speaking for site '" + siteId + "'");
    } else {
      error("unknown-type", "unknown message type '" + abbreviate(type) + "' (send binary PCM frames)");
    }
  }

  /** {@code {"type":"hello","speaker":<device id>,"token":…}}: a paired page, as the speaker device it was paired to. */
  private void hello(JsonNode msg) {
    String id = msg.path("speaker").asText("");
    String token = msg.path("token").isTextual() ? msg.get("token").asText() : null;
    Device speaker = catalog.get().device(id).filter(d -> Device.SPEAKER.equals(d.kind())).orElse(null);
    if (speaker == null) {
      counters.increment("voice.browser.rejected.unknown-speaker");
      pairs.rejections().warn(from, "speaker-unknown", "unknown speaker '" + id + "': closing with 4404");
      ws.close(UNKNOWN_SITE, "unknown speaker '" + abbreviate(id) + "'");
      return;
    }
    verifying = true;
    pairs.credentials().check(org.vitrine.hub.pairing.Credentials.SPEAKER, speaker.id(), token).onComplete(ar -> {
      verifying = false;
      if (ws.isClosed()) {
        return;
      }
      if (ar.failed() || ar.result() == null) {
        counters.increment("voice.browser.rejected.unauthorized");
        pairs.rejections().warn(from, "speaker-unauthorized", (token == null ? "no token" : "a wrong or revoked token")
            + " for speaker '" + speaker.id() + "': closing with 4401");
        ws.close(ar.failed() ? (short) 1011 : UNAUTHORIZED, ar.failed() ? "the hub cannot check credentials now"
            : token == null ? "not paired: show a pairing code and pair this page in the console" : "this page's token is not (or no longer) valid");
        return;
      }
      welcome(speaker, ar.result());
    });
  }

  private void welcome(Device speaker, long issuedAt) {
    vertx.cancelTimer(helloTimer);
    speakerId = speaker.id();
    credentialIssuedAt = issuedAt;
    siteId = speaker.siteId();
    pairs.credentials().seen(org.vitrine.hub.pairing.Credentials.SPEAKER, speakerId, from, true);
    credentialConsumer = vertx.eventBus().consumer(Addresses.CREDENTIALS_CHANGED, m -> {
      var c = m.body();
      if (org.vitrine.hub.pairing.Credentials.SPEAKER.equals(c.kind()) && c.id().equals(speakerId)) {
        pairs.credentials().issuedAt(c.kind(), c.id()).onSuccess(now -> {
          if (now == null || now != credentialIssuedAt) {
            LOG.info("browser speaker {}: its token was {}: closing with 4401", speakerId, now == null ? "revoked" : "replaced");
            ws.close(UNAUTHORIZED, now == null ? "this page's token was revoked" : "this speaker was paired again elsewhere");
          }
        });
      }
    });
    counters.increment("voice.browser.connected");
    replies = vertx.eventBus().consumer(Addresses.VOICE_BROWSER + connection, m -> fromHub(m.body()));
    Map<String, Object> welcome = new LinkedHashMap<>();
    welcome.put("type", "welcome");
    welcome.put("v", 1);
    welcome.put("speaker", speakerId);
    welcome.put("site", siteId);
    welcome.put("zone", speaker.zone());
    boolean voice = voiceAvailable.getAsBoolean();
    welcome.put("voice", voice);
    welcome.put("sampleRate", 16000);
    ws.writeTextMessage(Json.write(welcome));
    LOG.info("browser speaker {} ({}, site {}, zone {}) from {}", connection, speakerId, siteId, speaker.zone(), from);
    if (!voice) {
      error("voice-unavailable", "speech recognition is not running on this hub (no usable Vosk model, or voice is off)");
    }
  }

  /** A page without a credential shows a code until an admin pairs it to a speaker device. */
  private void pair() {
    if (!pairs.waiters().tryAcquire(from)) {
      counters.increment("voice.browser.rejected.pairing-limit");
      pairs.rejections().warn(from, "speaker-pairing-limit", "too many pages waiting to be paired from this address: closing with 4429");
      ws.close(TOO_MANY, "too many pages wait to be paired from this address");
      return;
    }
    vertx.cancelTimer(helloTimer);
    String waiter = "speaker-" + java.util.UUID.randomUUID();
    pairingCode = "";
    pairingConsumer = vertx.eventBus().consumer(Addresses.pairing(waiter), m -> {
      var p = m.body();
      ws.writeTextMessage(Json.write(Map.of("type", "paired", "speaker", p.id(), "token", p.token()))).onComplete(ar -> {
        if (ar.succeeded()) {
          m.reply("ok");
          LOG.info("a browser speaker page from {} was paired as {}", from, p.id());
          ws.close((short) 1000, "paired");
        } else {
          m.fail(1, "the page is gone");
        }
      });
    });
    pairingConsumer.completion().onSuccess(v -> newCode(waiter));
  }

  private void newCode(String waiter) {
    if (ws.isClosed()) {
      return;
    }
    pairs.pairing().open(org.vitrine.hub.pairing.Credentials.SPEAKER, waiter, from).onSuccess(code -> {
      pairingCode = code;
      if (ws.isClosed()) {
        pairs.pairing().close(code);
        return;
      }
      ws.writeTextMessage(Json.write(Map.of("type", "pairing", "code", code.substring(0, 3) + "-" + code.substring(3),
          "expiresAt", System.currentTimeMillis() + org.vitrine.hub.pairing.Pairing.CODE_MILLIS)));
      pairingTimer = vertx.setTimer(org.vitrine.hub.pairing.Pairing.CODE_MILLIS - 15_000, id -> newCode(waiter));
    }).onFailure(e -> ws.close((short) 1011, "no pairing code now: try again"));
  }

  private void onAudio(Buffer pcm) {
    if (siteId == null) {
      ws.close(HELLO_FIRST, "the first frame must be hello (or pair)");
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
    vertx.cancelTimer(helloTimer);
    if (pairingTimer >= 0) {
      vertx.cancelTimer(pairingTimer);
    }
    if (pairingConsumer != null) {
      pairingConsumer.unregister();
      pairs.waiters().release(from);
      if (pairingCode != null && !pairingCode.isEmpty()) {
        pairs.pairing().close(pairingCode);
      }
    }
    if (credentialConsumer != null) {
      credentialConsumer.unregister();
      pairs.credentials().seen(org.vitrine.hub.pairing.Credentials.SPEAKER, speakerId, from, false);
    }
    if (replies != null) {
      replies.unregister();
      replies = null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
