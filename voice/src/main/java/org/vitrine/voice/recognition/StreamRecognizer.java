package org.vitrine.voice.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.vitrine.voice.audio.Pcm;
import org.vitrine.voice.grammar.Grammar;
import org.vitrine.voice.model.VoskModel;
import org.vosk.Recognizer;

/**
 * Recognition for one speaker stream: a warm grammar recognizer and a warm free-form recognizer fed
 * the same audio side by side (in {@link RecognitionMode#PARALLEL}), so at the end of speech both
 * readings are ready at once: nothing is recognised again after a wait. Utterances are ended on
 * silence by our own {@link Endpointer} (at its candidate end the request must already be finished,
 * else it waits for the longer incomplete hangover), with Vosk's own endpointing (~0.8 s) as a
 * backstop. Both recognizers are reset after each utterance and stay warm (a new free-form
 * recognizer per utterance costs ~8x more CPU). Not thread-safe: one stream, one thread at a time
 * (VoicePipeline serialises).
 */
public final class StreamRecognizer implements AutoCloseable {

  /** Vosk checks for its endpoint once per accept call, so audio is fed in pieces at most this long. */
  static final int PIECE_BYTES = Pcm.bytesFor(100);
  /** At a pause inside a request, at most this much of its audio is recognised again (a request is shorter). */
  static final int REFEED_BYTES = Pcm.bytesFor(10_000);
  /** Cap on the audio kept of one utterance; Vosk ends utterances after 20 s anyway. */
  static final int MAX_UTTERANCE_BYTES = Pcm.bytesFor(30_000);
  /**
   * An utterance is speech only if some 20 ms of it was this loud (RMS of 16-bit samples) and 4x
   * louder than its quietest 20 ms; otherwise it was silence or steady noise and is not answered.
   */
  static final double SPEECH_RMS = 300;
  static final double SPEECH_OVER_FLOOR = 4;
  private static final int RMS_WINDOW = Pcm.bytesFor(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Default hangover: silence after a complete request that ends it. */
  public static final int DEFAULT_END_SILENCE_MILLIS = 150;
  /** Default silence that ends a request whose words are not complete yet. */
  public static final int DEFAULT_INCOMPLETE_SILENCE_MILLIS = 700;

  private final RecognitionMode mode;
  private final BiPredicate<String, String> finished;
  /** Null in free-form mode. */
  private final Recognizer grammar;
  /** Null in grammar-only mode. */
  private final Recognizer freeForm;
  private final Endpointer endpointer;
  private Grammar pendingGrammar;

  private byte[] utterance = new byte[Pcm.bytesFor(4_000)];
  private int utteranceLength;
  private long grammarNanos;
  private long freeFormNanos;
  private double peakRms;
  private double floorRms = Double.MAX_VALUE;
  private long streamBytes;

  /**
   * @param finished whether the words so far (grammar text, free-form text; [unk] left in) are a
   *     finished request: if not, a short pause does not end the utterance
   */
  public StreamRecognizer(VoskModel model, Grammar grammar, RecognitionMode mode, BiPredicate<String, String> finished) {
    this(model, grammar, mode, finished, new Endpointer(DEFAULT_END_SILENCE_MILLIS, DEFAULT_INCOMPLETE_SILENCE_MILLIS));
  }

  /** @param endpointer this stream's own end-of-utterance detector (not shared) */
  public StreamRecognizer(VoskModel model, Grammar grammar, RecognitionMode mode, BiPredicate<String, String> finished,
      Endpointer endpointer) {
    this.endpointer = endpointer;
    this.finished = finished;
    this.mode = model.supportsRuntimeGrammar() ? mode : RecognitionMode.FREE_FORM;
    this.grammar = this.mode == RecognitionMode.FREE_FORM ? null : model.newGrammarRecognizer(grammar.json());
    this.freeForm = this.mode == RecognitionMode.GRAMMAR_ONLY ? null : model.newFreeFormRecognizer();
    for (Recognizer r : recognizers()) {
      r.setWords(true); // word times (endpointing delay) and confidences
    }
  }

  public RecognitionMode mode() {
    return mode;
  }

  private List<Recognizer> recognizers() {
    List<Recognizer> all = new ArrayList<>(2);
    if (grammar != null) {
      all.add(grammar);
    }
    if (freeForm != null) {
      all.add(freeForm);
    }
    return all;
  }

  /** The recognizer whose own endpointing is the backstop. */
  private Recognizer lead() {
    return grammar != null ? grammar : freeForm;
  }

  /** A new grammar (catalogue changed) takes effect at the next utterance boundary. */
  public void useGrammar(Grammar next) {
    this.pendingGrammar = next;
  }

  /**
   * Feeds 16 kHz 16-bit mono PCM; returns the utterances that ended in it (usually none or one). An
   * utterance ends at the 10 ms frame where the endpointer decided; the rest of the chunk starts the
   * next one.
   */
  public List<Recognition> accept(byte[] pcm, int off, int len) {
    Pcm.requireWholeSamples(len);
    List<Recognition> done = new ArrayList<>();
    int at = off;
    while (at < off + len) {
      int n = endpointer.scan(pcm, at, Math.min(PIECE_BYTES, off + len - at));
      if (utteranceLength == 0) {
        applyPendingGrammar();
      }
      keep(pcm, at, n);
      byte[] piece = Arrays.copyOfRange(pcm, at, at + n);
      boolean voskEndpoint = feed(piece, n);
      streamBytes += n;
      at += n;
      if (voskEndpoint) {
        // Vosk's own endpointing (≈0.8 s of silence, or its 20 s limit) came first: take its result.
        long t = System.nanoTime();
        done.add(complete(parse(lead().getResult()), other(), t, Ending.VOSK));
        endUtterance();
        continue;
      }
      Endpointer.Signal signal = endpointer.signal();
      if (signal == Endpointer.Signal.NONE) {
        continue;
      }
      long detected = System.nanoTime();
      Hypothesis g = grammar == null ? Hypothesis.EMPTY : parse(grammar.getFinalResult());
      Hypothesis f = freeForm == null ? Hypothesis.EMPTY : parse(freeForm.getFinalResult());
      if (signal == Endpointer.Signal.END || finished.test(g.text(), f.text())) {
        done.add(complete(g, f, detected, signal == Endpointer.Signal.END ? Ending.LONG_SILENCE : Ending.SILENCE));
        endUtterance();
      } else {
        // A pause inside a request ("show me ... red dresses"): go on listening. Vosk cannot take a
        // final result back, so the recognizers are reset and given this utterance's audio again.
        recognizers().forEach(Recognizer::reset);
        refeed();
      }
    }
    return done;
  }

  /** Both recognizers take the piece; true when the lead one's own endpointing fired. */
  private boolean feed(byte[] piece, int n) {
    boolean endpoint = false;
    if (grammar != null) {
      long t0 = System.nanoTime();
      endpoint = grammar.acceptWaveForm(piece, n);
      grammarNanos += System.nanoTime() - t0;
    }
    if (freeForm != null) {
      long t0 = System.nanoTime();
      boolean e = freeForm.acceptWaveForm(piece, n);
      freeFormNanos += System.nanoTime() - t0;
      endpoint = grammar == null ? e : endpoint;
    }
    return endpoint;
  }

  /** The other recognizer's final result when the lead one's endpointing fired. */
  private Hypothesis other() {
    return grammar != null && freeForm != null ? parse(freeForm.getFinalResult()) : Hypothesis.EMPTY;
  }

  /** The kept audio of the current utterance (its last {@link #REFEED_BYTES}) into the reset recognizers. */
  private void refeed() {
    int from = Math.max(0, utteranceLength - REFEED_BYTES);
    for (int at = from; at < utteranceLength; at += PIECE_BYTES) {
      int n = Math.min(PIECE_BYTES, utteranceLength - at);
      feed(Arrays.copyOfRange(utterance, at, at + n), n); // an endpoint here is leading silence
    }
  }

  /** Ends the current utterance now (the stream stopped, e.g. Hermes stopListening). */
  public Optional<Recognition> finish() {
    if (utteranceLength == 0) {
      return Optional.empty();
    }
    Hypothesis g = grammar == null ? Hypothesis.EMPTY : parse(grammar.getFinalResult());
    Hypothesis f = freeForm == null ? Hypothesis.EMPTY : parse(freeForm.getFinalResult());
    Recognition r = complete(g, f, System.nanoTime(), Ending.STREAM_END);
    endUtterance();
    return r.grammar().isEmpty() && r.freeForm().isEmpty() ? Optional.empty() : Optional.of(r);
  }

  /** Drops the current utterance (after an error) without recreating the recognizers. */
  public void reset() {
    endUtterance();
    clearUtterance();
  }

  private void endUtterance() {
    recognizers().forEach(Recognizer::reset);
    endpointer.utteranceEnded();
  }

  private Recognition complete(Hypothesis g, Hypothesis f, long endpointNanos, Ending ending) {
    double lastWordEnd = Math.max(g.lastWordEnd(), f.lastWordEnd());
    if (!speechLike()) {
      // Steady noise or silence: whatever words the decoders forced onto it are not a question.
      g = Hypothesis.EMPTY;
      f = Hypothesis.EMPTY;
    }
    double audioMs = Pcm.millis(utteranceLength);
    double trailing = ending == Ending.SILENCE || ending == Ending.LONG_SILENCE ? endpointer.silenceMillis()
        : lastWordEnd < 0 ? 0 : Math.max(0, Pcm.millis(streamBytes) - lastWordEnd * 1000);
    Recognition r = new Recognition(g, f, audioMs, grammarNanos, freeFormNanos,
        endpointNanos, trailing, ending.label);
    clearUtterance();
    return r;
  }

  /**
   * Some 20 ms loud enough and well above the quietest 20 ms, and the endpointer heard speech in it
   * (80 ms voiced, its loudest frame 16 dB over the noise floor): speech rather than silence, a hum
   * or a noise step.
   */
  private boolean speechLike() {
    return peakRms >= SPEECH_RMS && peakRms >= SPEECH_OVER_FLOOR * floorRms && endpointer.heardSpeech();
  }

  /** How an utterance ended: {@link Recognition#endedBy()}. */
  private enum Ending {
    SILENCE("silence"), LONG_SILENCE("long-silence"), VOSK("vosk-endpoint"), STREAM_END("stream-end");

    final String label;

    Ending(String label) {
      this.label = label;
    }
  }

  private void keep(byte[] pcm, int at, int n) {
    if (utteranceLength + n > MAX_UTTERANCE_BYTES) {
      int drop = utteranceLength + n - MAX_UTTERANCE_BYTES; // keep the latest audio
      System.arraycopy(utterance, drop, utterance, 0, utteranceLength - drop);
      utteranceLength -= drop;
    }
    if (utteranceLength + n > utterance.length) {
      utterance = Arrays.copyOf(utterance, Math.min(MAX_UTTERANCE_BYTES, Math.max(utterance.length * 2,
          utteranceLength + n)));
    }
    System.arraycopy(pcm, at, utterance, utteranceLength, n);
    for (int w = utteranceLength; w + RMS_WINDOW <= utteranceLength + n; w += RMS_WINDOW) {
      double rms = Pcm.rms(utterance, w, w + RMS_WINDOW);
      peakRms = Math.max(peakRms, rms);
      floorRms = Math.min(floorRms, rms);
    }
    utteranceLength += n;
  }

  private void clearUtterance() {
    utteranceLength = 0;
    grammarNanos = 0;
    freeFormNanos = 0;
    peakRms = 0;
    floorRms = Double.MAX_VALUE;
  }

  private void applyPendingGrammar() {
    if (pendingGrammar != null && grammar != null) {
      grammar.setGrammar(pendingGrammar.json());
      pendingGrammar = null;
    }
  }

  /** Vosk's result JSON: {"text": ..., "result": [{"word","conf","start","end"}, ...]}. */
  static Hypothesis parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      List<Hypothesis.Word> words = new ArrayList<>();
      for (JsonNode w : node.path("result")) {
        words.add(new Hypothesis.Word(w.path("word").asText(""), w.path("conf").asDouble(1), w.path("start").asDouble(0),
            w.path("end").asDouble(0)));
      }
      return new Hypothesis(node.path("text").asText(""), words);
    } catch (IOException e) {
      throw new IllegalStateException("Vosk returned unreadable JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    recognizers().forEach(Recognizer::close);
  }
}
