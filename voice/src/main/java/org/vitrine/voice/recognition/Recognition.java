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
 * @param trailingSilenceMillis audio between the last word and the endpoint: the endpointing delay
 * @param endpointed true when silence ended it, false when the stream was finished
 */
public record Recognition(String grammarText, String freeFormText, double audioMillis, long recognitionNanos,
    long fallbackNanos, long endpointNanos, double trailingSilenceMillis, boolean endpointed) {

  public boolean usedFallback() {
    return freeFormText != null;
  }
}
