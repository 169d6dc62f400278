package org.vitrine.voice.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.vitrine.voice.dialogue.DialogueSession;
import org.vitrine.voice.dialogue.Reply;
import org.vitrine.voice.dialogue.Responder;
import org.vitrine.voice.dialogue.Shopper;
import org.vitrine.voice.intent.Intent;
import org.vitrine.voice.intent.IntentParser;
import org.vitrine.voice.intent.ParsedIntent;
import org.vitrine.voice.model.VoskModel;
import org.vitrine.voice.recognition.Endpointer;
import org.vitrine.voice.recognition.Recognition;
import org.vitrine.voice.recognition.RecognitionMode;
import org.vitrine.voice.recognition.StreamRecognizer;

/**
 * One speaker (Hermes siteId): its warm recognizer, its dialogue session and its own serial queue.
 * Every method except the constructor runs on that queue, so nothing here needs locking.
 */
final class SpeakerStream {

  final String siteId;
  final String zone;
  final Executor queue;
  /** Bytes of audio submitted but not yet recognised: the back-pressure gauge. */
  final AtomicLong backlogBytes = new AtomicLong();
  private final VoskModel model;
  private final DialogueSession session = new DialogueSession();
  private final VoiceConfig config;
  private Understanding understanding;
  /** Created on the stream's worker at its first audio, never on the caller (an event loop). */
  private StreamRecognizer recognizer;

  SpeakerStream(String siteId, String zone, Executor queue, VoskModel model, Understanding understanding,
      VoiceConfig config) {
    this.siteId = siteId;
    this.zone = zone;
    this.queue = queue;
    this.config = config;
    this.understanding = understanding;
    this.model = model;
  }

  private StreamRecognizer recognizer() {
    if (recognizer == null) {
      recognizer = new StreamRecognizer(model, understanding.grammar(), config.mode(),
          text -> IntentParser.complete(understanding.parser().parse(text)),
          new Endpointer((int) config.endSilence().toMillis(), (int) config.incompleteSilence().toMillis()));
    }
    return recognizer;
  }

  void use(Understanding next) {
    understanding = next;
    if (recognizer != null) {
      recognizer.useGrammar(next.grammar());
    }
  }

  List<UtteranceResult> accept(byte[] pcm, long enqueuedNanos) {
    double queuedMs = (System.nanoTime() - enqueuedNanos) / 1e6;
    List<UtteranceResult> out = new ArrayList<>();
    for (Recognition r : recognizer().accept(pcm, 0, pcm.length)) {
      understand(r, queuedMs).ifPresent(out::add);
    }
    return out;
  }

  Optional<UtteranceResult> finish() {
    return recognizer().finish().flatMap(r -> understand(r, 0));
  }

  void reset() {
    if (recognizer != null) {
      recognizer.reset();
    }
  }

  void close() {
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
    }
  }

  private Optional<UtteranceResult> understand(Recognition r, double queuedMs) {
    long t0 = System.nanoTime();
    Understanding u = understanding;
    String grammarText = r.grammarText().replace("[unk]", " ").replaceAll("\\s+", " ").trim();
    String text = grammarText;
    String source = "grammar";
    ParsedIntent parsed = u.parser().parse(grammarText);
    if (r.freeFormText() != null && !r.freeFormText().isBlank()) {
      // The second pass wins whenever the grammar's text made no sense: even if the free-form text
      // makes none either, it is what was said, not speech forced onto store words.
      ParsedIntent free = u.parser().parse(r.freeFormText());
      boolean grammarOk = !grammarText.isEmpty() && IntentParser.complete(parsed);
      if (config.mode() == RecognitionMode.FREE_FORM || !grammarOk) {
        text = r.freeFormText();
        source = "free-form";
        parsed = free;
      }
    }
    if (text.isBlank()) {
      return Optional.empty(); // silence or noise: nothing to answer
    }
    long now = config.clock().millis();
    session.expireIfIdle(now, config.sessionTimeout().toMillis());
    Optional<Shopper> shopper = parsed.intent() == Intent.RECOMMEND
        ? config.shopperLocator().shopperAt(siteId, zone) : Optional.empty();
    Reply reply = u.responder().respond(parsed, session, new Responder.Context(siteId, zone, shopper, now));
    long t1 = System.nanoTime();
    double recognitionMs = r.recognitionNanos() / 1e6;
    double fallbackMs = r.fallbackNanos() / 1e6;
    Timings timings = new Timings(r.audioMillis(), recognitionMs, fallbackMs, (t1 - t0) / 1e6,
        (t1 - r.endpointNanos()) / 1e6, r.trailingSilenceMillis(), queuedMs,
        r.audioMillis() == 0 ? 0 : (recognitionMs + fallbackMs) / r.audioMillis());
    return Optional.of(new UtteranceResult(siteId, zone, text, source, r.grammarText(), parsed.intent(),
        reply.slots(), reply.text(), reply.actions(), shopper.map(Shopper::id).orElse(null),
        r.endedBy(), timings));
  }
}
