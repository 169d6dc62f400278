package org.vitrine.voice.recognition;

import java.util.List;

/**
 * One recognizer's reading of an utterance: its text and each word with Vosk's confidence (the
 * word's posterior in the lattice, 0..1) and times in seconds from the stream's start.
 */
public record Hypothesis(String text, List<Word> words) {

  public static final Hypothesis EMPTY = new Hypothesis("", List.of());

  /** A recognised word. */
  public record Word(String word, double confidence, double start, double end) {
  }

  public Hypothesis {
    text = text == null ? "" : text.trim();
    words = words == null ? List.of() : List.copyOf(words);
  }

  public boolean isEmpty() {
    return text.isBlank();
  }

  /** Lowest word confidence, 1 for no words: one doubtful word can change the meaning. */
  public double minConfidence() {
    return words.stream().mapToDouble(Word::confidence).min().orElse(1);
  }

  /** Mean word confidence, 1 for no words. */
  public double meanConfidence() {
    return words.stream().mapToDouble(Word::confidence).average().orElse(1);
  }

  /** End of the last word (seconds into the stream), -1 without words. */
  public double lastWordEnd() {
    return words.stream().mapToDouble(Word::end).max().orElse(-1);
  }
}
