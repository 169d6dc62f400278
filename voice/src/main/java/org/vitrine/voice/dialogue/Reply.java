package org.vitrine.voice.dialogue;

import java.util.List;
import java.util.Map;

/** The answer to one utterance: what to say, the slots after context was applied, what to do. */
public record Reply(String text, Map<String, String> slots, List<Action> actions) {

  public Reply {
    slots = Map.copyOf(slots);
    actions = List.copyOf(actions);
  }
}
