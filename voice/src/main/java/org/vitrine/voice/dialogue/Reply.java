package org.vitrine.voice.dialogue;

import java.util.List;
import java.util.Map;

/**
 * The answer to one utterance: what to say, the slots after context was applied, what to do, and
 * whether the speaker now waits for an answer (a question was asked: the dialogue goes on).
 */
public record Reply(String text, Map<String, String> slots, List<Action> actions, boolean awaitsAnswer) {

  public Reply {
    slots = Map.copyOf(slots);
    actions = List.copyOf(actions);
  }

  public Reply(String text, Map<String, String> slots, List<Action> actions) {
    this(text, slots, actions, false);
  }

  /** Nothing to say or do (silence with nothing asked). */
  public static final Reply NOTHING = new Reply("", Map.of(), List.of(), false);
}
