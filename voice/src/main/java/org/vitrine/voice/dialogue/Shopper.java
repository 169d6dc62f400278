package org.vitrine.voice.dialogue;

import java.util.List;

/** A recognised, consenting shopper standing at the speaker (from the hub's presence). */
public record Shopper(String id, String name, List<String> interests) {

  public Shopper {
    interests = interests == null ? List.of() : List.copyOf(interests);
  }
}
