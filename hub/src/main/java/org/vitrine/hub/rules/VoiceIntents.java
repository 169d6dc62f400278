package org.vitrine.hub.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vitrine.voice.intent.Intent;

/**
 * The questions a voice rule can react to: the speaker's intents. A rule may name one by id
 * ({@code opening-hours}), by Hermes name ({@code OpeningHours}) or with the Hermes prefix
 * ({@code vitrine:OpeningHours}); all three mean the same, and anything else is refused when the
 * rule is saved (a typo would otherwise never fire).
 */
public final class VoiceIntents {

  /** One intent as the console lists it. */
  public record Known(String id, String hermesName, String label) {
  }

  private static final String PREFIX = "vitrine:";
  private static final List<Known> ALL = new ArrayList<>();

  static {
    for (Intent i : Intent.values()) {
      if (i != Intent.UNKNOWN) {
        String label = i.id().replace('-', ' ');
        ALL.add(new Known(i.id(), i.hermesName(), Character.toUpperCase(label.charAt(0)) + label.substring(1)));
      }
    }
  }

  private VoiceIntents() {
  }

  public static List<Known> all() {
    return List.copyOf(ALL);
  }

  /** The intent's id for any of its three names, or null when it names none. */
  public static String canonical(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim();
    String bare = n.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? n.substring(PREFIX.length()) : n;
    for (Known k : ALL) {
      if (k.id().equalsIgnoreCase(bare) || k.hermesName().substring(PREFIX.length()).equalsIgnoreCase(bare)) {
        return k.id();
      }
    }
    return null;
  }

  /** For error messages: the ids, comma separated. */
  public static String ids() {
    return String.join(", ", ALL.stream().map(Known::id).toList()).toLowerCase(Locale.ROOT);
  }
}
