package org.vitrine.voice.recognition;

/** How a stream recognises speech. */
public enum RecognitionMode {
  /**
   * The store grammar and large-vocabulary (free-form) recognition on the same audio, side by side:
   * both readings are ready at the end of speech, so speech outside the grammar is answered as fast
   * as speech inside it, and the two can be compared (agreement is confidence). The default.
   */
  PARALLEL,
  /** Store grammar only (benchmarks). */
  GRAMMAR_ONLY,
  /** Large-vocabulary recognition only (benchmarks, models without run-time grammar). */
  FREE_FORM
}
