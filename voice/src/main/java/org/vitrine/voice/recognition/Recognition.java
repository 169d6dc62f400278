package org.vitrine.voice.recognition;

/**
 * One utterance as recognised.
 *
 * @param grammar what the grammar recognizer heard (empty in free-form mode)
 * @param freeForm what the free-form recognizer heard (empty in grammar-only mode)
 * @param audioMillis length of the utterance's audio
 * @param grammarNanos time spent in the grammar recognizer on this utterance's audio
 * @param freeFormNanos time spent in the free-form recognizer on this utterance's audio
 * @param endpointNanos System.nanoTime() when the end of the utterance was detected
 * @param trailingSilenceMillis silence after the speech before the end was detected: the endpointing delay
 * @param endedBy "silence" (our endpointer: the hangover after a complete request), "long-silence"
 *     (our endpointer: the longer hangover, the words were not a complete request), "vosk-endpoint"
 *     (Vosk's own endpointing came first) or "stream-end" (finished by the caller)
 */
public record Recognition(Hypothesis grammar, Hypothesis freeForm, double audioMillis, long grammarNanos,
    long freeFormNanos, long endpointNanos, double trailingSilenceMillis, String endedBy) {

  /** Grammar text with [unk] left in, "" in free-form mode. */
  public String grammarText() {
    return grammar.text();
  }

  public String freeFormText() {
    return freeForm.text();
  }

  /** Ended on silence (ours or Vosk's), not by the caller. */
  public boolean endpointed() {
    return !"stream-end".equals(endedBy);
  }
}
