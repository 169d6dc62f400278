package org.vitrine.voice.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.vitrine.voice.audio.Pcm;
import org.vitrine.voice.grammar.Grammar;
import org.vitrine.voice.grammar.GrammarBuilder;
import org.vitrine.voice.model.VoskModel;
import org.vosk.Recognizer;

/**
 * Recognition for one speaker stream: a warm Vosk recognizer reused for every utterance (a new
 * free-form recognizer per utterance costs ~8x more CPU), utterances ended on silence by our own
 * {@link Endpointer} (energy, 10 ms frames, hangover; at its candidate end the recognizer's partial
 * result must already be a complete request, else it waits for the longer incomplete hangover),
 * with Vosk's own endpointing (~0.8 s) as a backstop, and a free-form second pass over the
 * utterance's audio when the grammar heard only [unk] or nothing. The result is the warm
 * recognizer's final result at that point, then the recognizer is reset (and stays warm). Not
 * thread-safe: one stream, one thread at a time (VoicePipeline serialises).
 */
public final class StreamRecognizer implements AutoCloseable {

  /** Vosk checks for its endpoint once per accept call, so audio is fed in pieces at most this long. */
  static final int PIECE_BYTES = Pcm.bytesFor(100);
  /** At a pause inside a request, at most this much of its audio is recognised again (a request is shorter). */
  static final int REFEED_BYTES = Pcm.bytesFor(10_000);
  /** Cap on the audio kept for the second pass; Vosk ends utterances after 20 s anyway. */
  static final int MAX_UTTERANCE_BYTES = Pcm.bytesFor(30_000);
  /**
   * An utterance is speech only if some 20 ms of it was this loud (RMS of 16-bit samples) and 4x
   * louder than its quietest 20 ms; otherwise it was silence or steady noise and is not answered.
   */
  static final double SPEECH_RMS = 300;
  static final double SPEECH_OVER_FLOOR = 4;
  private static final int RMS_WINDOW = Pcm.bytesFor(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VoskModel model;
  private final RecognitionMode mode;
  private final Predicate<String> understood;
  private final Recognizer primary;
  private final Endpointer endpointer;
  private Recognizer freeForm;
  private Grammar pendingGrammar;

  private byte[] utterance = new byte[Pcm.bytesFor(4_000)];
  private int utteranceLength;
  private long utteranceNanos;
  private double peakRms;
  private double floorRms = Double.MAX_VALUE;
  private long streamBytes;

  /**
   * @param understood whether grammar text makes sense (IntentParser.complete); if not, the
   *     utterance is recognised again free-form
   */
  public StreamRecognizer(VoskModel model, Grammar grammar, RecognitionMode mode, Predicate<String> understood) {
    this(model, grammar, mode, understood, new Endpointer(DEFAULT_END_SILENCE_MILLIS, DEFAULT_INCOMPLETE_SILENCE_MILLIS));
  }

  /** Default hangover: silence after a complete request that ends it. */
  public static final int DEFAULT_END_SILENCE_MILLIS = 150;
  /** Default silence that ends a request whose words are not complete yet. */
  public static final int DEFAULT_INCOMPLETE_SILENCE_MILLIS = 700;

  /**
   * @param understood whether text makes sense (IntentParser.complete): grammar text that does not
   *     is recognised again free-form; a partial result that does not waits for the longer hangover
   * @param endpointer this stream's own end-of-utterance detector (not shared)
   */
  public StreamRecognizer(VoskModel model, Grammar grammar, RecognitionMode mode, Predicate<String> understood,
      Endpointer endpointer) {
    this.endpointer = endpointer;
    this.model = model;
    this.understood = understood;
    this.mode = model.supportsRuntimeGrammar() ? mode : RecognitionMode.FREE_FORM;
    this.primary = this.mode == RecognitionMode.FREE_FORM ? model.newFreeFormRecognizer()
        : model.newGrammarRecognizer(grammar.json());
    primary.setWords(true); // word end times give the trailing silence (endpointing delay)
  }

  public RecognitionMode mode() {
    return mode;
  }

  /** A new grammar (catalogue changed) takes effect at the next utterance boundary. */
  public void useGrammar(Grammar grammar) {
    this.pendingGrammar = grammar;
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
      long t0 = System.nanoTime();
      boolean voskEndpoint = primary.acceptWaveForm(Arrays.copyOfRange(pcm, at, at + n), n);
      long t1 = System.nanoTime();
      utteranceNanos += t1 - t0;
      streamBytes += n;
      at += n;
      if (voskEndpoint) {
        // Vosk's own endpointing (≈0.8 s of silence, or its 20 s limit) came first: take its result.
        done.add(complete(primary.getResult(), t1, Ending.VOSK));
        endpointer.utteranceEnded();
        continue;
      }
      Endpointer.Signal signal = endpointer.signal();
      if (signal == Endpointer.Signal.NONE) {
        continue;
      }
      long detected = System.nanoTime();
      String json = primary.getFinalResult(); // the warm recognizer's result up to here
      if (signal == Endpointer.Signal.END || isComplete(json)) {
        done.add(complete(json, detected, signal == Endpointer.Signal.END ? Ending.LONG_SILENCE : Ending.SILENCE));
        primary.reset();
        endpointer.utteranceEnded();
      } else {
        // A pause inside a request ("show me ... red dresses"): go on listening. Vosk cannot take a
        // final result back, so the recognizer is reset and given this utterance's audio again.
        long r0 = System.nanoTime();
        primary.reset();
        refeed();
        utteranceNanos += System.nanoTime() - r0;
      }
    }
    return done;
  }

  /**
   * At a candidate end: is the final text a complete request (not "show me")? Vosk's partial result
   * lags behind the audio (at 150 ms of silence it often lacks the last word: "how much is a hot"),
   * so the final result is asked for; steady noise after the words decodes as [unk] and is ignored.
   */
  private boolean isComplete(String finalJson) {
    String text = parse(finalJson).text.replace(GrammarBuilder.UNKNOWN, " ").replaceAll("\\s+", " ").trim();
    return !text.isEmpty() && understood.test(text);
  }

  /** The kept audio of the current utterance (its last {@link #REFEED_BYTES}) into the reset recognizer. */
  private void refeed() {
    int from = Math.max(0, utteranceLength - REFEED_BYTES);
    for (int at = from; at < utteranceLength; at += PIECE_BYTES) {
      int n = Math.min(PIECE_BYTES, utteranceLength - at);
      primary.acceptWaveForm(Arrays.copyOfRange(utterance, at, at + n), n); // an endpoint here is leading silence
    }
  }

  /** Ends the current utterance now (the stream stopped, e.g. Hermes stopListening). */
  public Optional<Recognition> finish() {
    if (utteranceLength == 0) {
      return Optional.empty();
    }
    String json = primary.getFinalResult();
    Recognition r = complete(json, System.nanoTime(), Ending.STREAM_END);
    primary.reset();
    endpointer.utteranceEnded();
    return r.grammarText().isEmpty() && (r.freeFormText() == null || r.freeFormText().isEmpty())
        ? Optional.empty() : Optional.of(r);
  }

  /** Drops the current utterance (after an error) without recreating the recognizers. */
  public void reset() {
    primary.reset();
    endpointer.utteranceEnded();
    if (freeForm != null) {
      freeForm.reset();
    }
    clearUtterance();
  }

  private Recognition complete(String resultJson, long endpointNanos, Ending ending) {
    Result primaryResult = parse(resultJson);
    if (!speechLike()) {
      // Steady noise or silence: whatever words the decoder forced onto it are not a question.
      primaryResult = new Result("", primaryResult.lastWordEnd);
    }
    double audioMs = Pcm.millis(utteranceLength);
    double trailing = ending == Ending.SILENCE || ending == Ending.LONG_SILENCE ? endpointer.silenceMillis()
        : primaryResult.lastWordEnd < 0 ? 0 : Math.max(0, Pcm.millis(streamBytes) - primaryResult.lastWordEnd * 1000);
    String grammarText = mode == RecognitionMode.FREE_FORM ? "" : primaryResult.text;
    String freeText = mode == RecognitionMode.FREE_FORM ? primaryResult.text : null;
    long fallbackNanos = 0;
    if (mode == RecognitionMode.GRAMMAR_WITH_FALLBACK && needsFallback(grammarText)) {
      long t0 = System.nanoTime();
      freeText = recogniseFreeForm();
      fallbackNanos = System.nanoTime() - t0;
    }
    Recognition r = new Recognition(grammarText, freeText, audioMs, utteranceNanos, fallbackNanos, endpointNanos,
        trailing, ending.label);
    clearUtterance();
    return r;
  }

  /**
   * [unk] is speech outside the grammar; empty is nothing matched (worth a second pass only if it was
   * loud, else it is silence); text that does not parse to a complete intent is speech forced onto
   * store words.
   */
  private boolean needsFallback(String grammarText) {
    if (grammarText.contains(GrammarBuilder.UNKNOWN)) {
      return true;
    }
    if (grammarText.isBlank()) {
      return speechLike();
    }
    return !understood.test(grammarText);
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

  private String recogniseFreeForm() {
    if (freeForm == null) {
      freeForm = model.newFreeFormRecognizer(); // created once per stream, on first need, then kept warm
    }
    for (int at = 0; at < utteranceLength; at += PIECE_BYTES) {
      int n = Math.min(PIECE_BYTES, utteranceLength - at);
      freeForm.acceptWaveForm(Arrays.copyOfRange(utterance, at, at + n), n);
    }
    String text = parse(freeForm.getFinalResult()).text;
    freeForm.reset();
    return text;
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
    utteranceNanos = 0;
    peakRms = 0;
    floorRms = Double.MAX_VALUE;
  }

  private void applyPendingGrammar() {
    if (pendingGrammar != null && mode != RecognitionMode.FREE_FORM) {
      primary.setGrammar(pendingGrammar.json());
      pendingGrammar = null;
    }
  }

  private record Result(String text, double lastWordEnd) {
  }

  private static Result parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      double end = -1;
      for (JsonNode w : node.path("result")) {
        end = Math.max(end, w.path("end").asDouble(-1));
      }
      return new Result(node.path("text").asText("").trim(), end);
    } catch (IOException e) {
      throw new IllegalStateException("Vosk returned unreadable JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    primary.close();
    if (freeForm != null) {
      freeForm.close();
    }
  }
}
