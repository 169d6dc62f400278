package org.vitrine.hub.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which rules refer to a zone, screen, content item or device: deleting one they use is refused
 * (console), or the delete is skipped (conf import).
 */
public final class RuleRefs {

  private RuleRefs() {
  }

  public static boolean usesZone(Rule r, String zone) {
    return r.when() != null && r.when().zones() != null && r.when().zones().contains(zone);
  }

  public static boolean usesScreen(Rule r, String screen) {
    return (r.then() != null && screen.equals(r.then().screen()))
        || (r.when() != null && r.when().screens() != null && r.when().screens().contains(screen));
  }

  public static boolean usesContent(Rule r, String content) {
    return r.then() != null && content.equals(r.then().show());
  }

  public static boolean usesDevice(Rule r, String device) {
    return r.then() != null && r.then().mqtt() != null && device.equals(r.then().mqtt().device());
  }

  /** "rules a, b (draft: c)" for the rules matching, or null when none does. */
  public static String describe(Collection<Rule> live, Collection<Rule> draft, Predicate<Rule> uses) {
    List<String> inLive = live.stream().filter(uses).map(Rule::id).sorted().toList();
    List<String> inDraft = new ArrayList<>(draft.stream().filter(uses).map(Rule::id).sorted().toList());
    inDraft.removeIf(inLive::contains);
    if (inLive.isEmpty() && inDraft.isEmpty()) {
      return null;
    }
    String s = inLive.isEmpty() ? "" : "rules " + String.join(", ", inLive);
    if (!inDraft.isEmpty()) {
      s += (s.isEmpty() ? "" : " and ") + "draft rules " + String.join(", ", inDraft);
    }
    return Objects.requireNonNull(s);
  }
}
