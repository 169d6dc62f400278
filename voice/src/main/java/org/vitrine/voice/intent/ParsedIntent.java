package org.vitrine.voice.intent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An intent and its slots as read from one utterance's text; no dialogue context applied yet.
 *
 * @param text the normalised text the parse was made from
 * @param refersBack the words point at what was just discussed ("these", "the black ones", "what about eleven")
 * @param repair the words correct the previous turn ("no, a cappuccino", "actually make it large")
 * @param unknownObject for out-of-scope: the thing asked for that the store does not have ("laptops"), else null
 */
public record ParsedIntent(Intent intent, Map<String, String> slots, String text, boolean refersBack, boolean repair,
    String unknownObject) {

  public ParsedIntent {
    slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
  }

  public ParsedIntent(Intent intent, Map<String, String> slots, String text, boolean refersBack) {
    this(intent, slots, text, refersBack, false, null);
  }

  public String slot(String name) {
    return slots.get(name);
  }

  public ParsedIntent withIntent(Intent other) {
    return new ParsedIntent(other, slots, text, refersBack, repair, unknownObject);
  }
}
