package org.vitrine.voice.recognition;

/**
 * One utterance as recognised.
 *
 * @param grammarText what the grammar recognizer heard ("" in free-form mode)
 * @param freeFormText what the free-form recognizer heard, or null when it was not asked
 * @param audioMillis length of the utterance's audio
 * @param recognitionNanos time spent in Vosk on this utterance's audio (primary recognizer)
 * @param fallbackNanos time spent re-recognising free-form (0 when not needed)
 * @param endpointNanos System.nanoTime() when the end of the utterance was detected
 * @param trailingSilenceMillis silence after the speech before the end was detected: the endpointing delay
 * @param endedBy "silence" (our endpointer: the hangover after a complete request), "long-silence"
 *     (our endpointer: the longer hangover, the words were not a complete request), "vosk-endpoint"
 *     (Vosk's own endpointing came first) or "stream-end" (finished by the caller)
 */
public record Recognition(String grammarText, String freeFormText, double audioMillis, long recognitionNanos,
    long fallbackNanos, long endpointNanos, double trailingSilenceMillis, String endedBy) {

  public boolean usedFallback() {
    return freeFormText != null;
  }

  /** Ended on silence (ours or Vosk's), not by the caller. */
  public boolean endpointed() {
    return !"stream-end".equals(endedBy);
  }
}
