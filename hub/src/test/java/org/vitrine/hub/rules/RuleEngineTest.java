package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.ShopperProfile;

class RuleEngineTest {

  private static final ShopperProfile ANNA =
      new ShopperProfile("anna", "Anna", "young-professional", "gold", List.of("running", "coffee"), 14);
  private static final LocalTime NOON = LocalTime.NOON;

  private static Rule rule(String id, int priority, String zone, Rule.Conditions cond) {
    return new Rule(id, null, new Rule.Trigger("enter", List.of(zone)), cond, new Rule.Action("c-" + id, priority, 10), null);
  }

  private static Rule.Conditions cond(List<String> interests, List<String> segments, List<String> tiers, Integer min,
      Integer max, Rule.TimeWindow window) {
    return new Rule.Conditions(interests, segments, tiers, min, max, window);
  }

  @Test
  void matchesOnEveryProfileCondition() {
    assertThat(RuleEngine.matches(rule("a", 1, "cafe", cond(List.of("coffee", "tea"), null, null, null, null, null)), ANNA, 14, "cafe", NOON)).isTrue();
    assertThat(RuleEngine.matches(rule("b", 1, "cafe", cond(List.of("tea"), null, null, null, null, null)), ANNA, 14, "cafe", NOON)).isFalse();
    assertThat(RuleEngine.matches(rule("c", 1, "cafe", cond(null, List.of("family"), null, null, null, null)), ANNA, 14, "cafe", NOON)).isFalse();
    assertThat(RuleEngine.matches(rule("d", 1, "cafe", cond(null, null, List.of("gold", "platinum"), null, null, null)), ANNA, 14, "cafe", NOON)).isTrue();
    assertThat(RuleEngine.matches(rule("e", 1, "cafe", cond(null, null, null, 15, null, null)), ANNA, 14, "cafe", NOON)).isFalse();
    assertThat(RuleEngine.matches(rule("f", 1, "cafe", cond(null, null, null, 14, 14, null)), ANNA, 14, "cafe", NOON)).isTrue();
    assertThat(RuleEngine.matches(rule("g", 1, "cafe", cond(null, null, null, null, 3, null)), ANNA, 14, "cafe", NOON)).isFalse();
  }

  @Test
  void aRuleOnlyFiresInItsZones() {
    Rule r = rule("a", 1, "cafe", null);
    assertThat(RuleEngine.matches(r, ANNA, 0, "cafe", NOON)).isTrue();
    assertThat(RuleEngine.matches(r, ANNA, 0, "footwear", NOON)).isFalse();
  }

  @Test
  void timeOfDayWindowsIncludeTheStartExcludeTheEndAndMayWrapMidnight() {
    Rule.TimeWindow morning = new Rule.TimeWindow("06:00", "11:00");
    assertThat(RuleEngine.within(morning, LocalTime.of(6, 0))).isTrue();
    assertThat(RuleEngine.within(morning, LocalTime.of(10, 59))).isTrue();
    assertThat(RuleEngine.within(morning, LocalTime.of(11, 0))).isFalse();
    Rule.TimeWindow night = new Rule.TimeWindow("22:00", "02:00");
    assertThat(RuleEngine.within(night, LocalTime.of(23, 30))).isTrue();
    assertThat(RuleEngine.within(night, LocalTime.of(1, 0))).isTrue();
    assertThat(RuleEngine.within(night, LocalTime.NOON)).isFalse();
    Rule r = rule("breakfast", 1, "cafe", cond(List.of("coffee"), null, null, null, null, morning));
    assertThat(RuleEngine.matches(r, ANNA, 1, "cafe", LocalTime.of(8, 0))).isTrue();
    assertThat(RuleEngine.matches(r, ANNA, 1, "cafe", LocalTime.of(15, 0))).isFalse();
  }

  @Test
  void matchingRulesComeBestFirstWithTheIdBreakingTies() {
    List<Rule> rules = List.of(rule("m", 10, "cafe", null), rule("z", 50, "cafe", null), rule("b", 50, "cafe", null),
        rule("never", 99, "cafe", cond(List.of("tea"), null, null, null, null, null)));
    assertThat(RuleEngine.matching(rules, ANNA, 14, "cafe", NOON)).extracting(Rule::id).containsExactly("b", "z", "m");
  }
}
