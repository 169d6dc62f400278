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
import org.vitrine.voice.intent.Reading;
import org.vitrine.voice.model.VoskModel;
import org.vitrine.voice.recognition.Endpointer;
import org.vitrine.voice.recognition.Recognition;
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
          (g, f) -> finished(g, f),
          new Endpointer((int) config.endSilence().toMillis(), (int) config.incompleteSilence().toMillis()));
    }
    return recognizer;
  }

  /**
   * A short pause ends the utterance unless the words so far go on ("show me …"): the grammar's reading
   * being a complete request, or the free-form words not waiting for more, is enough.
   */
  private boolean finished(String grammarText, String freeFormText) {
    IntentParser parser = understanding.parser();
    if (IntentParser.complete(parser.parse(grammarText))) {
      return true;
    }
    ParsedIntent free = parser.parse(freeFormText);
    if (free.intent().inScope() && IntentParser.complete(free)) {
      return true; // free-form words that are a whole request: answer now
    }
    if (free.intent() == Intent.OUT_OF_SCOPE && !parser.awaitsMore(freeFormText)) {
      // "what's the weather like": finished words about something else; the grammar's forced reading
      // of them ("when do you open tomorrow in") would only make the shopper wait for the long pause
      return true;
    }
    boolean grammarHeard = !grammarText.replace("[unk]", " ").isBlank();
    boolean freeHeard = !freeFormText.isBlank();
    return (grammarHeard || freeHeard) && !(grammarHeard && parser.awaitsMore(grammarText))
        && !(freeHeard && parser.awaitsMore(freeFormText));
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
    if (r.grammar().text().replace("[unk]", " ").isBlank() && r.freeForm().isEmpty()) {
      return Optional.empty(); // silence or noise: nothing to answer
    }
    Reading reading = u.interpreter().read(r.grammar(), r.freeForm());
    long now = config.clock().millis();
    session.expireIfIdle(now, config.sessionTimeout().toMillis());
    Optional<Shopper> shopper = reading.intent() == Intent.RECOMMEND
        ? config.shopperLocator().shopperAt(siteId, zone) : Optional.empty();
    Reply reply = u.responder().respond(reading, session, new Responder.Context(siteId, zone, shopper, now));
    long t1 = System.nanoTime();
    double grammarMs = r.grammarNanos() / 1e6;
    double freeFormMs = r.freeFormNanos() / 1e6;
    Timings timings = new Timings(r.audioMillis(), grammarMs, freeFormMs, (t1 - t0) / 1e6,
        (t1 - r.endpointNanos()) / 1e6, r.trailingSilenceMillis(), queuedMs,
        r.audioMillis() == 0 ? 0 : (grammarMs + freeFormMs) / r.audioMillis());
    return Optional.of(new UtteranceResult(siteId, zone, reading.text(), reading.source(), r.grammarText(),
        r.freeFormText(), reading.intent(), reading.parsed().slots(), reply.slots(), reading.confidence(), reply.text(),
        reply.actions(), reply.awaitsAnswer(), shopper.map(Shopper::id).orElse(null), r.endedBy(), timings));
  }

  /** Nothing was said after the speaker's question: asked again once, then dropped. */
  Optional<UtteranceResult> noAnswer() {
    long now = config.clock().millis();
    Reply reply = understanding.responder().noAnswer(session, new Responder.Context(siteId, zone, Optional.empty(), now));
    if (reply.text().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new UtteranceResult(siteId, zone, "", "none", "", "", Intent.UNKNOWN, java.util.Map.of(),
        reply.slots(), 0, reply.text(), reply.actions(), reply.awaitsAnswer(), null, "no-answer", Timings.NONE));
  }

  /** For tests and benchmarks: set up the dialogue state (e.g. an order waiting for its yes). */
  void dialogue(java.util.function.Consumer<DialogueSession> setUp) {
    setUp.accept(session);
  }
}
