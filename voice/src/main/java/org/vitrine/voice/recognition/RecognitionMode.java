package org.vitrine.voice.recognition;

/** How a stream recognises speech. */
public enum RecognitionMode {
  /** Store grammar first, free-form for what the grammar cannot hear ([unk] or nothing). The default. */
  GRAMMAR_WITH_FALLBACK,
  /** Store grammar only (benchmarks). */
  GRAMMAR_ONLY,
  /** Large-vocabulary recognition only (benchmarks, models without run-time grammar). */
  FREE_FORM
}
