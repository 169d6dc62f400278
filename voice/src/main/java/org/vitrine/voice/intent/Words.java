package org.vitrine.voice.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitrine.voice.catalog.Spoken;

/**
 * How recognised text is made comparable before any rule looks at it: lower case, contractions
 * spelled out ("where's" → "where is", so one rule covers both), [unk] and hesitations dropped.
 */
public final class Words {

  /** Hesitations and noises that carry no meaning ("um where are the boots"). */
  static final Set<String> FILLERS = Set.of("um", "uh", "er", "erm", "hmm", "ah", "oh", "eh", "mm", "uhm", "[unk]");

  private static final Map<String, String> CONTRACTIONS = Map.ofEntries(
      Map.entry("where's", "where is"), Map.entry("what's", "what is"), Map.entry("that's", "that is"),
      Map.entry("it's", "it is"), Map.entry("there's", "there is"), Map.entry("here's", "here is"),
      Map.entry("how's", "how is"), Map.entry("who's", "who is"), Map.entry("let's", "let us"),
      Map.entry("i'm", "i am"), Map.entry("you're", "you are"), Map.entry("we're", "we are"),
      Map.entry("they're", "they are"), Map.entry("i'd", "i would"), Map.entry("we'd", "we would"),
      Map.entry("you'd", "you would"), Map.entry("i'll", "i will"), Map.entry("we'll", "we will"),
      Map.entry("that'll", "that will"), Map.entry("it'll", "it will"), Map.entry("i've", "i have"),
      Map.entry("you've", "you have"), Map.entry("we've", "we have"), Map.entry("don't", "do not"),
      Map.entry("doesn't", "does not"), Map.entry("didn't", "did not"), Map.entry("isn't", "is not"),
      Map.entry("aren't", "are not"), Map.entry("can't", "can not"), Map.entry("cannot", "can not"),
      Map.entry("won't", "will not"), Map.entry("haven't", "have not"), Map.entry("wasn't", "was not"));

  private Words() {
  }

  /** Normalised tokens of recognised text: contractions spelled out, fillers and [unk] dropped. */
  public static List<String> tokens(String text) {
    String norm = Spoken.normalise(text == null ? "" : text.replace("[unk]", " "));
    List<String> out = new ArrayList<>();
    if (norm.isEmpty()) {
      return out;
    }
    for (String t : norm.split(" ")) {
      String full = CONTRACTIONS.get(t);
      if (full != null) {
        out.addAll(List.of(full.split(" ")));
      } else if (!FILLERS.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** {@link #tokens} joined by single spaces. */
  public static String normalise(String text) {
    return String.join(" ", tokens(text));
  }
}
