package org.vitrine.voice.intent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An intent and its slots as read from one utterance's text; no dialogue context applied yet. */
public record ParsedIntent(Intent intent, Map<String, String> slots, String text, boolean refersBack) {

  public ParsedIntent {
    slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
  }

  public String slot(String name) {
    return slots.get(name);
  }
}
