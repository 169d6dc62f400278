package org.vitrine.voice.grammar;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Vosk grammar: the phrases (plus "[unk]") as Vosk's JSON array, and the catalogue words the
 * model cannot recognise (Vosk would drop them silently, so they are reported here instead).
 */
public record Grammar(List<String> phrases, String json, Map<String, Set<String>> unknownWords) {

  /** The number of distinct phrases, "[unk]" included. */
  public int size() {
    return phrases.size();
  }
}
