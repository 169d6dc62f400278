package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.hub.rules.Store.rule;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleBookTest {

  private static Rule dwell(String id, String zone, int seconds) {
    return new Rule(id, null, null, new Rule.Trigger("dwell", List.of(zone), seconds, null, null, null), null,
        new Rule.Action("denim", 10, 10), null, null, null);
  }

  @Test
  void candidatesAreIndexedByEventAndZoneBestFirst() {
    // GIVEN rules on several events and zones, one switched off
    Rule a = rule("a", "enter", "cafe", null, "latte", 10);
    Rule b = rule("b", "enter", "cafe", null, "latte", 30);
    Rule t = rule("t", "touch", "cafe", null, "latte", 30);
    Rule multi = new Rule("multi", null, null, new Rule.Trigger("enter", List.of("cafe", "apparel")), null,
        new Rule.Action("latte", 20, 10), null, null, null);
    Rule off = new Rule("off", null, false, new Rule.Trigger("enter", List.of("cafe")), null, new Rule.Action("latte", 99, 10),
        null, null, null);
    RuleBook book = RuleBook.of(List.of(a, b, t, multi, off));
    // THEN each (event, zone) lists only its switched-on rules, highest priority first
    assertThat(book.candidates("enter", "cafe")).extracting(Rule::id).containsExactly("b", "multi", "a");
    assertThat(book.candidates("enter", "apparel")).extracting(Rule::id).containsExactly("multi");
    assertThat(book.candidates("touch", "cafe")).extracting(Rule::id).containsExactly("t");
    assertThat(book.candidates("leave", "cafe")).isEmpty();
    assertThat(book.candidates("enter", "moon")).isEmpty();
    // AND all() keeps every rule, switched off too
    assertThat(book.all()).extracting(Rule::id).containsExactly("a", "b", "t", "multi", "off");
    assertThat(book.rule("off")).isSameAs(off);
  }

  @Test
  void dwellThresholdsAreDistinctAndSortedPerZone() {
    RuleBook book = RuleBook.of(List.of(dwell("d1", "apparel", 60), dwell("d2", "apparel", 20), dwell("d3", "apparel", 20),
        dwell("d4", "cafe", 5)));
    assertThat(book.dwellSecondsFor("apparel")).containsExactly(20, 60);
    assertThat(book.dwellSecondsFor("cafe")).containsExactly(5);
    assertThat(book.dwellSecondsFor("footwear")).isEmpty();
  }

  @Test
  void anEmptyRuleSetHasNoCandidates() {
    assertThat(RuleBook.of(List.of()).candidates("enter", "cafe")).isEmpty();
    assertThat(RuleBook.empty().all()).isEmpty();
  }
}
