package org.vitrine.voice.intent;

/**
 * What an utterance is taken to mean, and how sure the speaker is.
 *
 * @param parsed the intent and slots (UNKNOWN when not understood well enough to act on)
 * @param confidence 0..1: agreement of the grammar and free-form readings and Vosk's word confidences
 * @param source "grammar", "free-form" or "both" (they agreed)
 * @param text the words the meaning was read from
 * @param why a short reason for the verdict, for logs and benchmarks
 */
public record Reading(ParsedIntent parsed, double confidence, String source, String text, String why) {

  public Intent intent() {
    return parsed.intent();
  }
}
