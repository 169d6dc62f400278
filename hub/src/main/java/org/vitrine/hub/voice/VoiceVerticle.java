package org.vitrine.hub.voice;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.AudioFrame;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.events.HermesPublish;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.VoiceIntent;
import org.vitrine.hub.events.VoiceOrder;
import org.vitrine.hub.events.VoiceShow;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.presence.PresenceView;
import org.vitrine.voice.dialogue.Shopper;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.voice.audio.AudioFormatException;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.dialogue.Order;
import org.vitrine.voice.dialogue.OrderLine;
import org.vitrine.voice.intent.Intent;
import org.vitrine.voice.pipeline.UtteranceResult;
import org.vitrine.voice.pipeline.VoiceConfig;
import org.vitrine.voice.pipeline.VoiceException;
import org.vitrine.voice.pipeline.VoicePipeline;

/**
 * The store speakers in the hub: Hermes audio frames (from the MQTT endpoint, over the event bus)
 * go into the {@link VoicePipeline} (recognition on its own worker threads); each understood
 * utterance becomes Hermes messages back to the satellite (text, intent, the answer as text and as
 * espeak-ng WAV), a {@link VoiceIntent} on the bus, and screen effects: products or directions on the
 * speaker's zone screens, orders on the order board. Without a usable Vosk model the hub runs on
 * and speakers get a clear error.
 */
public final class VoiceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceVerticle.class);
  static final int SHOW_SECONDS = 20;
  static final int ORDER_BOARD_SECONDS = 600;
  static final int ORDERS_ON_BOARD = 6;
  static final long SESSION_IDLE_MILLIS = 90_000;
  /** Device ids of browser speaker connections ({@link BrowserSpeakerSocket}): their replies go to that socket, not MQTT. */
  public static final String BROWSER_DEVICE = "browser:";

  private final HubConfig config;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final OrderBoardStore boardStore;
  /** Who stands where: who stands at a speaker, read by recognition workers. */
  private final PresenceView presence;
  private final RateLimit errorLimit = new RateLimit(1000);
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Deque<ContentItem.Order>> boards = new HashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private VoicePipeline pipeline;
  /** Who is heard when: a speaker that announces listening (wake word, startListening) only for voice.listenSeconds after it or an answer. */
  private final ListeningGate gate;
  private String unavailable;
  private boolean tts;

  public VoiceVerticle(HubConfig config, CatalogHolder catalog, Counters counters, OrderBoardStore boardStore,
      PresenceView presence) {
    this.config = config;
    this.catalog = catalog;
    this.counters = counters;
    this.boardStore = boardStore;
    this.presence = presence;
    this.gate = new ListeningGate(config.voice.listenSeconds * 1000L);
  }

  /** One Hermes session per speaker: a dialogue (e.g. a coffee order) shares its sessionId. */
  private static final class Session {
    String id = UUID.randomUUID().toString();
    long lastUsed = System.currentTimeMillis();
  }

  /** Speaker siteId → zone, from the store's conf. */
  static Map<String, String> sites(Catalog c) {
    Map<String, String> sites = new LinkedHashMap<>();
    for (Device d : c.devices()) {
      if (Device.SPEAKER.equals(d.kind()) && d.siteId() != null) {
        sites.put(d.siteId(), d.zone());
      }
    }
    return sites;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<AudioFrame>consumer(Addresses.VOICE_AUDIO, m -> onAudio(m.body()));
    vertx.eventBus().<HermesPublish>consumer(Addresses.VOICE_CONTROL, m -> onControl(m.body()));
    // a rule's "say": spoken by every speaker of the zone (TTS needs no speech model)
    vertx.eventBus().<org.vitrine.hub.events.SpeakRequest>consumer(Addresses.VOICE_SAY, m -> sayInZone(m.body()));
    if (!config.voice.enabled) {
      unavailable = "voice is switched off (voice.enabled: false in hub.yaml, or VITRINE_VOICE=off)";
      LOG.info("store speakers off: {}", unavailable);
      return Future.succeededFuture();
    }
    Map<String, String> sites = sites(catalog.get());
    Path model = Path.of(config.voice.model);
    VoiceConfig vc = VoiceConfig.of(config.confDir, sites).withModelDir(model).withShopperLocator(this::shopperAt)
        .withEndSilence(java.time.Duration.ofMillis(config.voice.endSilenceMillis));
    Future<Void> orderBoards = boardStore.load().map(stored -> {
      stored.forEach((zone, json) -> boards.put(zone,
          new ArrayDeque<>(List.of(Json.read(json, ContentItem.Order[].class)))));
      return (Void) null;
    }).recover(e -> {
      LOG.warn("speakers: order boards not loaded ({}): they start empty", e.toString());
      return Future.succeededFuture();
    });
    return orderBoards.compose(v -> vertx.executeBlocking(() -> {
      tts = ttsAvailable();
      return VoicePipeline.create(vc);
    }, false).transform(ar -> {
      if (ar.succeeded()) {
        pipeline = ar.result();
        LOG.info("store speakers ready: {} (model {}, utterances end after {} ms of silence, answers spoken with {})",
            sites, model.toAbsolutePath(), vc.endSilence().toMillis(), tts ? config.voice.ttsCommand : "nothing: text only");
      } else {
        // Never fail the hub because of voice: screens, cameras and check-in work on.
        unavailable = "speech recognition unavailable: " + ar.cause().getMessage();
        LOG.warn("store speakers OFF, the hub runs without voice: {} (set VITRINE_VOSK_MODEL to a Vosk model folder; "
            + "`mvn -pl voice package` unpacks the default into voice/target/vosk-model)", ar.cause().getMessage());
      }
      return Future.succeededFuture();
    }));
  }

  /** The recognised shopper who came into the speaker's zone last (from memory: recognition workers call this). */
  private Optional<Shopper> shopperAt(String siteId, String zone) {
    return presence.lastIn(zone)
        .flatMap(id -> catalog.get().shopper(id))
        .map(p -> new Shopper(p.id(), p.name(), p.interestsOrEmpty()));
  }

  @Override
  public Future<?> stop() {
    VoicePipeline p = pipeline;
    pipeline = null;
    return p == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      p.close();
      return null;
    }, false);
  }

  /** True when the pipeline runs (the model loaded). */
  public boolean available() {
    return pipeline != null;
  }

  private boolean ttsAvailable() {
    String cmd = config.voice.ttsCommand;
    if (cmd == null || cmd.isBlank()) {
      return false;
    }
    if (cmd.contains("/")) {
      return Files.isExecutable(Path.of(cmd));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, cmd))) {
        return true;
      }
    }
    LOG.warn("TTS program '{}' not found on PATH: answers are published as text only (hermes/tts/say); "
        + "install it with `apt-get install espeak-ng`", cmd);
    return false;
  }

  // ------------------------------------------------------------------ audio in

  private void onAudio(AudioFrame f) {
    if (pipeline == null) {
      reject(f.device(), f.siteId(), "voice-unavailable", unavailable);
      return;
    }
    if (!gate.hears(f.siteId(), System.currentTimeMillis())) {
      // a satellite that announces listening, between two announcements: not meant for us, not recognised
      counters.increment("voice.frames.not-listening");
      if (gate.justClosed(f.siteId())) {
        endUtterance(f.device(), f.siteId());
      }
      return;
    }
    pipeline.feedWav(f.siteId(), f.wav())
        .onSuccess(results -> results.forEach(r -> understood(f.device(), r)))
        .onFailure(e -> rejected(f.device(), f.siteId(), e));
  }

  private void onControl(HermesPublish p) {
    String siteId = catalog.get().device(p.device()).map(Device::siteId).orElse(null);
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(p.payload());
    } catch (IOException | RuntimeException e) {
      reject(p.device(), siteId, "malformed-json", p.topic() + ": payload is not JSON");
      return;
    }
    String site = body == null ? null : body.path("siteId").asText(null);
    if (site != null && !site.equals(siteId)) {
      reject(p.device(), site, "unknown-site", "speaker '" + p.device() + "' has siteId '" + siteId + "', not '" + site + "'");
      return;
    }
    if (Hermes.STOP_LISTENING.equals(p.topic())) {
      gate.closed(siteId);
      if (pipeline != null) {
        endUtterance(p.device(), siteId);
      }
    } else if (siteId != null) {
      // startListening or a wake word: heard from now for a window; the endpointer still ends the utterance
      if (!gate.gated(siteId)) {
        LOG.info("speaker {} (site {}) announces when to listen: from now on it is heard only after its wake word "
            + "or startListening", p.device(), siteId);
      }
      gate.opened(siteId, System.currentTimeMillis());
    }
  }

  /** The utterance in progress ends now (stopListening, the listening window closed): acted on if it says something. */
  private void endUtterance(String device, String siteId) {
    pipeline.endOfStream(siteId)
        .onSuccess(r -> r.ifPresent(x -> understood(device, x)))
        .onFailure(e -> rejected(device, siteId, e));
  }

  private void rejected(String device, String siteId, Throwable e) {
    String code = e instanceof AudioFormatException a ? a.code() : e instanceof VoiceException v ? v.code() : "asr-failed";
    reject(device, siteId, code, e.getMessage());
  }

  /** A clear error, at most once a second per speaker and problem: log, Hermes error, device notice; always counted. */
  private void reject(String device, String siteId, String code, String message) {
    counters.increment("voice.rejected." + code);
    if (!errorLimit.allow(device + "/" + code)) {
      return;
    }
    LOG.warn("speaker {} (site {}): {}: {}", device, siteId, code, message);
    publish(device, Hermes.ERROR_ASR, Json.bytes(Hermes.error(message, siteId, code, null)));
    if (device.startsWith(BROWSER_DEVICE)) {
      return; // a browser page has no MQTT errors topic
    }
    Map<String, Object> notice = new LinkedHashMap<>();
    notice.put("v", 1);
    notice.put("error", code);
    notice.put("message", message);
    notice.put("topic", siteId == null ? null : "hermes/audioServer/" + siteId + "/audioFrame");
    vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage(device, "errors", Json.write(notice), 1));
  }

  // ------------------------------------------------------------------ understood

  private String sessionOf(String siteId) {
    long now = System.currentTimeMillis();
    Session s = sessions.get(siteId);
    if (s == null || now - s.lastUsed > SESSION_IDLE_MILLIS) {
      s = new Session();
      sessions.put(siteId, s);
    }
    s.lastUsed = now;
    return s.id;
  }

  private void understood(String device, UtteranceResult r) {
    long at = System.currentTimeMillis();
    gate.answered(r.siteId(), at);
    String sessionId = sessionOf(r.siteId());
    counters.increment("voice.utterances");
    counters.increment("voice.intent." + r.intent().id());
    LOG.info("speaker {} ({}): \"{}\" → {} {} (ended by {}, endpoint→result {} ms, silence waited {} ms, {})", device,
        r.zone(), r.text(), r.intent().hermesName(), r.slots(), r.endedBy(), Math.round(r.timings().endpointToResultMs()),
        Math.round(r.timings().trailingSilenceMs()), r.source());
    if (pipeline == null) {
      return; // the hub is stopping: a result still in flight is not acted on
    }
    // effects first: the screens are what the shopper looks at
    List<String> did = new ArrayList<>();
    for (Action a : r.actions()) {
      try {
        did.add(act(r, a, sessionId));
      } catch (RuntimeException e) {
        LOG.warn("speaker {}: action {} failed: {}", device, a, e.toString());
      }
    }
    publish(device, Hermes.TEXT_CAPTURED, Json.bytes(Hermes.textCaptured(r, sessionId)));
    if (r.intent() == Intent.UNKNOWN) {
      publish(device, Hermes.INTENT_NOT_RECOGNIZED, Json.bytes(Hermes.intentNotRecognized(r, sessionId)));
    } else {
      byte[] parsed = Json.bytes(Hermes.intentParsed(r, sessionId));
      publish(device, Hermes.INTENT_PARSED, parsed);
      publish(device, Hermes.intentTopic(r.intent()), parsed);
    }
    vertx.eventBus().publish(Addresses.VOICE_INTENT, new VoiceIntent(r.siteId(), r.zone(), sessionId, r.text(),
        r.intent().id(), r.slots(), r.reply(), r.shopper(), did, at));
    if (r.reply() != null && !r.reply().isBlank()) {
      speak(device, r.siteId(), sessionId, r.reply());
    }
    if (r.intent() == Intent.ORDER_DONE || r.intent() == Intent.ORDER_CANCEL) {
      sessions.remove(r.siteId()); // the dialogue is over: the next question is a new session
    }
  }

  private void sayInZone(org.vitrine.hub.events.SpeakRequest say) {
    int speakers = 0;
    for (Device d : catalog.get().devices()) {
      if (Device.SPEAKER.equals(d.kind()) && say.zone().equals(d.zone()) && d.siteId() != null) {
        speak(d.id(), d.siteId(), null, say.text());
        speakers++;
      }
    }
    counters.increment(speakers == 0 ? "voice.say.no-speaker" : "voice.say");
    LOG.info("zone {}: saying \"{}\" on {} speaker(s) (rule {})", say.zone(), say.text(), speakers, say.rule());
  }

  private void speak(String device, String siteId, String sessionId, String text) {
    String id = UUID.randomUUID().toString();
    publish(device, Hermes.TTS_SAY, Json.bytes(Hermes.say(text, siteId, sessionId, id)));
    if (!tts) {
      return;
    }
    vertx.executeBlocking(() -> synthesise(text), false)
        .onSuccess(wav -> {
          counters.increment("voice.tts");
          publish(device, Hermes.playBytesTopic(siteId, id), wav);
        })
        .onFailure(e -> {
          counters.increment("voice.tts.failed");
          LOG.warn("speaker {}: TTS failed, answer sent as text only: {}", device, e.getMessage());
        });
  }

  /** espeak-ng → WAV bytes (22.05 kHz mono), on a worker thread. */
  private byte[] synthesise(String text) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(config.voice.ttsCommand, "-v", config.voice.ttsVoice, "--stdout", text)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] wav;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      in.transferTo(out);
      wav = out.toByteArray();
    }
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(config.voice.ttsCommand + " timed out");
    }
    if (p.exitValue() != 0 || wav.length < 44) {
      throw new IOException(config.voice.ttsCommand + " exited " + p.exitValue() + " with " + wav.length + " bytes");
    }
    return wav;
  }

  private void publish(String device, String topic, byte[] payload) {
    if (device.startsWith(BROWSER_DEVICE)) {
      vertx.eventBus().send(Addresses.VOICE_BROWSER + device.substring(BROWSER_DEVICE.length()),
          new HermesPublish(device, topic, payload));
      return;
    }
    vertx.eventBus().send(Addresses.DEVICE_PUBLISH_TOPIC, new HermesPublish(device, topic, payload));
  }

  // ------------------------------------------------------------------ effects

  private String act(UtteranceResult r, Action a, String sessionId) {
    ProductCatalog products = pipeline.catalog();
    ScreenCommand.Reason why = new ScreenCommand.Reason("voice", null, r.shopper(), sessionId, null,
        r.intent().hermesName(), r.siteId());
    if (a instanceof Action.ShowProducts show) {
      ContentItem item = new ContentItem(contentId("products"), ContentItem.PRODUCT_LIST, show.title(), null, null, null,
          r.reply(), cards(products, show.products()), null, null);
      play(show.zone(), false, item, SHOW_SECONDS, why);
      return "show-products";
    }
    if (a instanceof Action.ShowDirections way) {
      Catalog c = catalog.get();
      String toName = c.zone(way.toZone()).map(z -> z.name()).orElse(way.toZone());
      String fromName = c.zone(way.fromZone()).map(z -> z.name()).orElse(way.fromZone());
      ContentItem.Route route = new ContentItem.Route(way.fromZone(), fromName, way.toZone(), toName,
          products.directions(way.toZone()).orElse(null));
      String title = r.slots().getOrDefault("product", r.slots().getOrDefault("category", toName));
      ContentItem item = new ContentItem(contentId("directions"), ContentItem.DIRECTIONS, capitalise(title), null, null, null,
          r.reply(), cards(products, way.products()), route, null);
      play(way.fromZone(), false, item, SHOW_SECONDS, why);
      return "show-directions";
    }
    if (a instanceof Action.PlaceOrder place) {
      order(place.order(), why);
      return "place-order";
    }
    if (a instanceof Action.CallAssistant call) {
      counters.increment("voice.staff-called");
      LOG.warn("STAFF WANTED in zone {}: a shopper asked at speaker {} (the console will show this)", call.zone(), call.siteId());
      return "call-assistant";
    }
    return a.getClass().getSimpleName();
  }

  private void order(Order o, ScreenCommand.Reason why) {
    List<String> lines = new ArrayList<>();
    List<VoiceOrder.Line> eventLines = new ArrayList<>();
    for (OrderLine l : o.lines()) {
      lines.add(l.quantity() + " × " + (l.size() == null ? "" : l.size() + " ") + l.name());
      eventLines.add(new VoiceOrder.Line(l.product(), l.name(), l.size(), l.quantity(), money(l.total())));
    }
    String total = money(o.total());
    Deque<ContentItem.Order> board = boards.computeIfAbsent(o.zone(), z -> new ArrayDeque<>());
    board.addFirst(new ContentItem.Order(o.id(), lines, total, o.currency(), o.confirmedAt()));
    while (board.size() > ORDERS_ON_BOARD) {
      board.removeLast();
    }
    ContentItem item = new ContentItem(contentId("orders"), ContentItem.ORDERS, "Orders", null, null, null,
        "Order " + o.id() + " is being prepared", null, null, List.copyOf(board));
    // the board survives a restart (orders of the day, no shopper in them)
    boardStore.save(o.zone(), Json.write(board)).onFailure(e -> LOG.warn("order board not saved: {}", e.toString()));
    play(o.zone(), true, item, ORDER_BOARD_SECONDS, why);
    vertx.eventBus().publish(Addresses.VOICE_ORDER, new VoiceOrder(o.id(), o.siteId(), o.zone(), eventLines, total,
        o.currency(), o.confirmedAt()));
    counters.increment("voice.orders");
  }

  /**
   * To the zone's screens: order updates to its order-board screens (all its screens if it has none),
   * anything else to the screens that are not an order board.
   */
  private void play(String zone, boolean orderBoard, ContentItem item, int seconds, ScreenCommand.Reason why) {
    List<Screen> screens = catalog.get().screensIn(zone);
    List<Screen> targets = screens.stream().filter(s -> s.isOrderBoard() == orderBoard).toList();
    if (targets.isEmpty() && orderBoard) {
      targets = screens;
    }
    long now = System.currentTimeMillis();
    ScreenCommand cmd = ScreenCommand.play("v-" + Long.toString(now, 36) + "-" + seq.incrementAndGet(), item, seconds,
        now + seconds * 1000L, why);
    // through the director, which sends it on and remembers it for screens that reconnect
    vertx.eventBus().send(Addresses.DIRECTOR_VOICE_SHOW, new VoiceShow(zone, targets.stream().map(Screen::id).toList(), cmd));
    counters.increment("plays.voice");
    LOG.info("zone {}: voice shows {} '{}' on {}", zone, item.type(), item.title(), targets.stream().map(Screen::id).toList());
  }

  private String contentId(String what) {
    return "voice-" + what + "-" + seq.incrementAndGet();
  }

  private List<ContentItem.Product> cards(ProductCatalog products, List<String> ids) {
    Catalog c = catalog.get();
    List<ContentItem.Product> out = new ArrayList<>();
    for (String id : ids) {
      Optional<Product> p = products.product(id);
      if (p.isEmpty()) {
        continue;
      }
      Product v = p.get();
      ContentItem.Product card = v.content() == null ? null : c.content(v.content()).map(ContentItem::product).orElse(null);
      String image = card == null ? null : card.image();
      String tagline = card != null && card.tagline() != null ? card.tagline()
          : v.colours().isEmpty() ? null : String.join(" · ", v.colours());
      String badge = c.zone(v.zone()).map(z -> z.name()).orElse(v.zone());
      out.add(new ContentItem.Product(v.name(), v.price() == null ? null : v.price().doubleValue(), products.currency(),
          image, tagline, badge));
    }
    return out;
  }

  private static String money(BigDecimal amount) {
    return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String capitalise(String s) {
    return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
