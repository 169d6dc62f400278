package org.vitrine.hub.voice;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.AudioFrame;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.events.HermesPublish;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.VoiceIntent;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.LogText;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.presence.PresenceView;
import org.vitrine.voice.audio.AudioFormatException;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.dialogue.Shopper;
import org.vitrine.voice.intent.Intent;
import org.vitrine.voice.pipeline.UtteranceResult;
import org.vitrine.voice.pipeline.VoiceConfig;
import org.vitrine.voice.pipeline.VoiceException;
import org.vitrine.voice.pipeline.VoicePipeline;

/**
 * The store speakers' Hermes I/O: audio frames and control messages (from the MQTT endpoint or a
 * browser speaker, over the event bus) go into the {@link VoicePipeline} (recognition on its own
 * worker threads); each result goes back as Rhasspy 2.5's dialogue manager would send it: session
 * started, text captured, intent parsed (or not recognised), wake word toggled off, the answer said
 * and played, sayFinished when the satellite has played it, wake word on again, session ended unless
 * the answer asked a question. The answer's effects are {@link AnswerScreens}' and {@link OrderBoard}'s,
 * its audio {@link SpeechSynthesis}'. Without a usable Vosk model the hub runs on and speakers get a
 * clear error.
 */
public final class VoiceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceVerticle.class);
  /** Device ids of browser speaker connections ({@link BrowserSpeakerSocket}): their replies go to that socket, not MQTT. */
  public static final String BROWSER_DEVICE = "browser:";
  /** After the answer's playing time, how long a satellite may take to say playFinished before we go on without it. */
  static final long PLAY_FINISHED_GRACE_MILLIS = 3_000;

  private final HubConfig config;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final OrderBoardStore boardStore;
  /** Who stands where: who stands at a speaker, read by recognition workers. */
  private final PresenceView presence;
  private final RateLimit errorLimit = new RateLimit(1000);
  private final HermesSessions sessions = new HermesSessions(() -> UUID.randomUUID().toString());
  /** Answers being played, by tts/say id: what is due when the satellite says playFinished. */
  private final Map<String, Playing> playing = new HashMap<>();
  private VoicePipeline pipeline;
  /** Who is heard when: a speaker that announces listening (wake word, startListening) only for voice.listenSeconds after it or an answer. */
  private final ListeningGate gate;
  private String unavailable;
  private SpeechSynthesis tts;
  private AnswerScreens screens;
  private OrderBoard board;

  public VoiceVerticle(HubConfig config, CatalogHolder catalog, Counters counters, OrderBoardStore boardStore,
      PresenceView presence) {
    this.config = config;
    this.catalog = catalog;
    this.counters = counters;
    this.boardStore = boardStore;
    this.presence = presence;
    this.gate = new ListeningGate(config.voice.listenSeconds * 1000L);
  }

  /** An answer on its way through the satellite's loudspeaker. */
  private record Playing(String device, String siteId, String sessionId, boolean endsSession, String endReason,
      long timer) {
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
    tts = new SpeechSynthesis(vertx, config.voice);
    screens = new AnswerScreens(vertx, catalog, counters);
    board = new OrderBoard(vertx, boardStore, screens, counters);
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
    return board.load().compose(v -> vertx.executeBlocking(() -> {
      tts.probe();
      return VoicePipeline.create(vc);
    }, false).transform(ar -> {
      if (ar.succeeded()) {
        pipeline = ar.result();
        LOG.info("store speakers ready: {} (model {}, utterances end after {} ms of silence, answers spoken with {})",
            sites, model.toAbsolutePath(), vc.endSilence().toMillis(), tts.available() ? tts.program() : "nothing: text only");
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
      reject(p.device(), site, "unknown-site", "speaker '" + p.device() + "' has siteId '" + site + "', not '" + siteId + "'");
      return;
    }
    if (Hermes.isPlayFinished(p.topic())) {
      // {id, sessionId}: the id is our tts/say id, which is also the playBytes requestId
      String id = body == null ? null : body.path("id").asText(null);
      if (id != null) {
        played(id);
      }
      return;
    }
    if (Hermes.STOP_LISTENING.equals(p.topic())) {
      gate.closed(siteId);
      if (pipeline != null) {
        endUtterance(p.device(), siteId);
      }
      return;
    }
    if (siteId == null) {
      return;
    }
    // startListening or a wake word: heard from now for a window; the endpointer still ends the utterance
    if (!gate.gated(siteId)) {
      LOG.info("speaker {} (site {}) announces when to listen: from now on it is heard only after its wake word "
          + "or startListening", LogText.safe(p.device()), siteId);
    }
    gate.opened(siteId, System.currentTimeMillis());
    String wakeword = Hermes.wakewordId(p.topic());
    if (wakeword != null) {
      // a wake word is a new interaction: a new session, the one it interrupts ends
      sessions.wake(siteId, wakeword).ifPresent(old ->
          publish(p.device(), Hermes.SESSION_ENDED, Hermes.bytes(Hermes.sessionEnded(old.id(), siteId, "abortedByUser"))));
      String sessionId = sessions.current(siteId).orElseThrow().id();
      publish(p.device(), Hermes.SESSION_STARTED, Hermes.bytes(Hermes.sessionStarted(sessionId, siteId)));
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
    LOG.warn("speaker {} (site {}): {}: {}", LogText.safe(device), LogText.safe(siteId), code, LogText.safe(message));
    publish(device, Hermes.ERROR_ASR, Hermes.bytes(Hermes.error(message, siteId, code, null)));
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

  private void understood(String device, UtteranceResult r) {
    long at = System.currentTimeMillis();
    gate.answered(r.siteId(), at);
    counters.increment("voice.utterances");
    counters.increment("voice.intent." + r.intent().id());
    LOG.info("speaker {} ({}): \"{}\" → {} {} at {} (ended by {}, endpoint→result {} ms, silence waited {} ms, {})",
        LogText.safe(device), r.zone(), LogText.safe(r.text()), r.intent().hermesName(), LogText.safe(r.slots()),
        String.format(java.util.Locale.ROOT, "%.2f", r.confidence()), r.endedBy(),
        Math.round(r.timings().endpointToResultMs()), Math.round(r.timings().trailingSilenceMs()), r.source());
    if (pipeline == null) {
      return; // the hub is stopping: a result still in flight is not acted on
    }
    HermesSessions.Opened opened = sessions.forUtterance(r.siteId());
    HermesSessions.Session session = opened.session();
    if (opened.started()) {
      publish(device, Hermes.SESSION_STARTED, Hermes.bytes(Hermes.sessionStarted(session.id(), r.siteId())));
    }
    // effects first: the screens are what the shopper looks at
    ScreenCommand.Reason why = new ScreenCommand.Reason("voice", null, r.shopper(), session.id(), null,
        r.intent().hermesName(), r.siteId());
    List<String> did = new ArrayList<>();
    for (Action a : r.actions()) {
      try {
        if (a instanceof Action.PlaceOrder place) {
          board.add(place.order(), why);
          did.add("place-order");
        } else {
          String done = screens.show(r, a, pipeline.catalog(), why);
          if (done != null) {
            did.add(done);
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("speaker {}: action {} failed: {}", LogText.safe(device), a, e.toString());
      }
    }
    publish(device, Hermes.TEXT_CAPTURED, Hermes.bytes(Hermes.textCaptured(r, session.id(), session.wakewordId())));
    boolean recognised = r.intent() != Intent.UNKNOWN && r.intent() != Intent.OUT_OF_SCOPE;
    if (recognised) {
      byte[] parsed = Hermes.bytes(Hermes.intentParsed(r, session.id(), session.wakewordId()));
      publish(device, Hermes.INTENT_PARSED, parsed);
      publish(device, Hermes.intentTopic(r.intent()), parsed);
    } else {
      // not understood, or nothing the store does: Rhasspy's rejection, and nothing was done
      publish(device, Hermes.INTENT_NOT_RECOGNIZED, Hermes.bytes(Hermes.intentNotRecognized(r, session.id())));
    }
    screens.announce(new VoiceIntent(r.siteId(), r.zone(), session.id(), r.text(), r.intent().id(), r.slots(), r.reply(),
        r.shopper(), did, at));
    String reason = recognised ? "nominal" : "intentNotRecognized";
    if (r.reply() != null && !r.reply().isBlank()) {
      speak(device, r.siteId(), session.id(), r.reply(), !r.awaitsAnswer(), reason);
    } else if (!r.awaitsAnswer()) {
      endSession(device, r.siteId(), session.id(), reason);
    }
  }

  private void endSession(String device, String siteId, String sessionId, String reason) {
    sessions.end(siteId, sessionId).ifPresent(s ->
        publish(device, Hermes.SESSION_ENDED, Hermes.bytes(Hermes.sessionEnded(s.id(), siteId, reason))));
  }

  private void sayInZone(org.vitrine.hub.events.SpeakRequest say) {
    int speakers = 0;
    for (Device d : catalog.get().devices()) {
      if (Device.SPEAKER.equals(d.kind()) && say.zone().equals(d.zone()) && d.siteId() != null) {
        speak(d.id(), d.siteId(), null, say.text(), false, null);
        speakers++;
      }
    }
    counters.increment(speakers == 0 ? "voice.say.no-speaker" : "voice.say");
    LOG.info("zone {}: saying \"{}\" on {} speaker(s) (rule {})", say.zone(), LogText.safe(say.text()), speakers,
        say.rule());
  }

  /**
   * The answer, as Rhasspy's TTS says it: wake word off (the speaker must not wake itself), tts/say,
   * the WAV as playBytes; when the satellite says playFinished (or the answer's playing time and a
   * grace have passed without it) tts/sayFinished, wake word on, and the session ends if this answer
   * ends it.
   */
  private void speak(String device, String siteId, String sessionId, String text, boolean endsSession,
      String endReason) {
    String id = UUID.randomUUID().toString();
    publish(device, Hermes.TOGGLE_OFF, Hermes.bytes(Hermes.toggle(siteId, Hermes.TTS_SAY_REASON)));
    publish(device, Hermes.TTS_SAY, Hermes.bytes(Hermes.say(text, siteId, sessionId, id)));
    if (!tts.available()) {
      finished(new Playing(device, siteId, sessionId, endsSession, endReason, -1), id);
      return;
    }
    // until the WAV exists a playFinished cannot come; the fallback covers a failed synthesis too
    long fallback = vertx.setTimer(15_000, t -> timedOut(id));
    playing.put(id, new Playing(device, siteId, sessionId, endsSession, endReason, fallback));
    tts.wav(text)
        .onSuccess(wav -> {
          counters.increment("voice.tts");
          Playing p = playing.get(id);
          if (p == null) {
            return;
          }
          vertx.cancelTimer(p.timer());
          long timer = vertx.setTimer(SpeechSynthesis.millis(wav) + PLAY_FINISHED_GRACE_MILLIS, t -> timedOut(id));
          playing.put(id, new Playing(p.device(), p.siteId(), p.sessionId(), p.endsSession(), p.endReason(), timer));
          publish(device, Hermes.playBytesTopic(siteId, id), wav);
        })
        .onFailure(e -> {
          counters.increment("voice.tts.failed");
          LOG.warn("speaker {}: TTS failed, answer sent as text only: {}", LogText.safe(device), e.getMessage());
          played(id);
        });
  }

  private void played(String id) {
    Playing p = playing.remove(id);
    if (p == null) {
      return; // not ours, or already finished by the fallback
    }
    vertx.cancelTimer(p.timer());
    finished(p, id);
  }

  /** The satellite did not say playFinished in time (a browser page never does): go on as if it had. */
  private void timedOut(String id) {
    Playing p = playing.remove(id);
    if (p != null) {
      counters.increment("voice.play-finished.missing");
      finished(p, id);
    }
  }

  private void finished(Playing p, String id) {
    publish(p.device(), Hermes.SAY_FINISHED, Hermes.bytes(Hermes.sayFinished(id, p.sessionId())));
    publish(p.device(), Hermes.TOGGLE_ON, Hermes.bytes(Hermes.toggle(p.siteId(), Hermes.TTS_SAY_REASON)));
    if (p.endsSession() && p.sessionId() != null) {
      endSession(p.device(), p.siteId(), p.sessionId(), p.endReason() == null ? "nominal" : p.endReason());
    }
  }

  private void publish(String device, String topic, byte[] payload) {
    if (device.startsWith(BROWSER_DEVICE)) {
      vertx.eventBus().send(Addresses.VOICE_BROWSER + device.substring(BROWSER_DEVICE.length()),
          new HermesPublish(device, topic, payload));
      return;
    }
    vertx.eventBus().send(Addresses.DEVICE_PUBLISH_TOPIC, new HermesPublish(device, topic, payload));
  }
}
