package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.hub.rules.Store.ANNA;
import static org.vitrine.hub.rules.Store.BEN;
import static org.vitrine.hub.rules.Store.NOON;
import static org.vitrine.hub.rules.Store.event;
import static org.vitrine.hub.rules.Store.facts;
import static org.vitrine.hub.rules.Store.rule;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.events.StoreEvent;

class RuleEngineTest {

  private static Rule.Conditions c(List<String> interests, List<String> segments, List<String> tiers, List<String> sizes,
      Integer minVisits, Integer maxVisits, Rule.TimeWindow tod, List<String> weekdays, Integer minPeople, Integer maxPeople,
      Boolean consent) {
    return new Rule.Conditions(interests, segments, tiers, sizes, minVisits, maxVisits, tod, weekdays, minPeople, maxPeople, consent);
  }

  private static boolean enterMatches(Rule.Conditions cond, RuleEngine.Facts f) {
    return RuleEngine.matches(rule("r", "enter", "cafe", cond, "latte", 10), event("enter", "cafe", "anna"), f);
  }

  @Test
  void everyProfileConditionIsChecked() {
    // GIVEN Anna (gold, young professional, running + coffee, sizes 38/M, 14 visits)
    RuleEngine.Facts anna = facts(ANNA);
    // THEN each condition holds or not as her profile says
    assertThat(enterMatches(c(List.of("coffee", "tea"), null, null, null, null, null, null, null, null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(List.of("tea"), null, null, null, null, null, null, null, null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, List.of("family"), null, null, null, null, null, null, null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, List.of("young-professional"), null, null, null, null, null, null, null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, List.of("gold", "platinum"), null, null, null, null, null, null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, List.of("platinum"), null, null, null, null, null, null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, null, null, List.of("M", "L"), null, null, null, null, null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, null, List.of("XL"), null, null, null, null, null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, null, null, null, 14, 14, null, null, null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, null, null, 15, null, null, null, null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, null, null, null, null, 3, null, null, null, null, null), anna)).isFalse();
  }

  @Test
  void timeWeekdaysAndCrowdAreChecked() {
    RuleEngine.Facts anna = facts(ANNA); // Wednesday noon, 1 person in the zone
    assertThat(enterMatches(c(null, null, null, null, null, null, new Rule.TimeWindow("11:00", "14:00"), null, null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, null, null, null, null, new Rule.TimeWindow("07:00", "11:00"), null, null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, null, null, null, null, null, null, List.of("wed"), null, null, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, null, null, null, null, null, List.of("sat", "sun"), null, null, null), anna)).isFalse();
    assertThat(enterMatches(c(null, null, null, null, null, null, null, null, 1, 5, null), anna)).isTrue();
    assertThat(enterMatches(c(null, null, null, null, null, null, null, null, 2, null, null), anna)).isFalse();
    RuleEngine.Facts crowded = new RuleEngine.Facts(ANNA, 14, true, 9, NOON);
    assertThat(enterMatches(c(null, null, null, null, null, null, null, null, null, 5, null), crowded)).isFalse();
  }

  @Test
  void consentMustBeKnownAndMatch() {
    Rule.Conditions needsConsent = c(null, null, null, null, null, null, null, null, null, null, true);
    Rule.Conditions withoutConsent = c(null, null, null, null, null, null, null, null, null, null, false);
    assertThat(enterMatches(needsConsent, new RuleEngine.Facts(ANNA, 14, true, 1, NOON))).isTrue();
    assertThat(enterMatches(needsConsent, new RuleEngine.Facts(ANNA, 14, false, 1, NOON))).isFalse();
    assertThat(enterMatches(needsConsent, new RuleEngine.Facts(ANNA, 14, null, 1, NOON))).isFalse();
    assertThat(enterMatches(withoutConsent, new RuleEngine.Facts(ANNA, 14, false, 1, NOON))).isTrue();
    // an anonymous person has no consent: "consent: false" holds, "consent: true" never does
    Rule touchFalse = rule("t", "touch", "cafe", withoutConsent, "latte", 10);
    Rule touchTrue = rule("t", "touch", "cafe", needsConsent, "latte", 10);
    assertThat(RuleEngine.matches(touchFalse, event("touch", "cafe", null), facts(null))).isTrue();
    assertThat(RuleEngine.matches(touchTrue, event("touch", "cafe", null), facts(null))).isFalse();
  }

  @Test
  void anonymousEventsNeverMatchProfileConditions() {
    // GIVEN a touch rule for runners and one for anyone
    Rule runners = rule("runners", "touch", "apparel", c(List.of("running"), null, null, null, null, null, null, null, null, null, null), "trail", 10);
    Rule anyone = rule("anyone", "touch", "apparel", null, "season", 5);
    RuleBook book = RuleBook.of(List.of(runners, anyone));
    // WHEN an anonymous person touches the screen
    List<Rule> m = RuleEngine.matching(book, event("touch", "apparel", null), facts(null));
    // THEN only the rule without profile conditions fires, and explain says why
    assertThat(m).extracting(Rule::id).containsExactly("anyone");
    assertThat(RuleEngine.explain(runners, event("touch", "apparel", null), facts(null)))
        .containsExactly("needs a recognised shopper (interest running); this person is anonymous");
  }

  @Test
  void triggersMustMatchEventZoneAndSpecifics() {
    long at = NOON.toInstant().toEpochMilli();
    Rule dwell20 = new Rule("d", null, null, new Rule.Trigger("dwell", List.of("apparel"), 20, null, null, null), null,
        new Rule.Action("denim", 10, 10), null, null, null);
    assertThat(RuleEngine.matches(dwell20, RuleEngine.dwell("apparel", "anna", null, 20, at, null), facts(ANNA))).isTrue();
    assertThat(RuleEngine.matches(dwell20, RuleEngine.dwell("apparel", "anna", null, 60, at, null), facts(ANNA))).isFalse();
    assertThat(RuleEngine.matches(dwell20, event("enter", "apparel", "anna"), facts(ANNA))).isFalse();
    assertThat(RuleEngine.matches(dwell20, RuleEngine.dwell("cafe", "anna", null, 20, at, null), facts(ANNA))).isFalse();

    // a question named by id, Hermes name or prefixed Hermes name: the three mean the same (the speaker sends the id)
    for (String named : List.of("order-coffee", "OrderCoffee", "vitrine:OrderCoffee")) {
      Rule voice = new Rule("v", null, null, new Rule.Trigger("voice", List.of("cafe"), null, named, null, null), null,
          new Rule.Action("latte", 10, 10), null, null, null);
      for (String asked : List.of("order-coffee", "vitrine:OrderCoffee")) {
        assertThat(RuleEngine.matches(voice, new StoreEvent("voice", "cafe", null, "speaker-cafe", null, asked,
            null, Map.of(), at, null), facts(null))).as(named + " vs " + asked).isTrue();
      }
      assertThat(RuleEngine.matches(voice, new StoreEvent("voice", "cafe", null, "speaker-cafe", null, "show-products",
          null, Map.of(), at, null), facts(null))).isFalse();
    }

    Rule touch = new Rule("t", null, null, new Rule.Trigger("touch", List.of("apparel"), null, null, List.of("apparel-2"), null),
        null, new Rule.Action("denim", 10, 10), null, null, null);
    assertThat(RuleEngine.matches(touch, new StoreEvent("touch", "apparel", null, null, "apparel-2", null, null, null, at, null),
        facts(null))).isTrue();
    assertThat(RuleEngine.explain(touch, new StoreEvent("touch", "apparel", null, null, "apparel-1", null, null, null, at, null),
        facts(null))).containsExactly("only touches on apparel-2, this was apparel-1");

    Rule pickup = new Rule("p", null, null, new Rule.Trigger("pickup", List.of("apparel"), null, null, null, List.of("trail-runner")),
        null, new Rule.Action("trail", 10, 10), null, null, null);
    assertThat(RuleEngine.matches(pickup, new StoreEvent("pickup", "apparel", null, "shelf-1", null, null, "trail-runner", null,
        at, null), facts(null))).isTrue();
    assertThat(RuleEngine.matches(pickup, new StoreEvent("pickup", "apparel", null, "shelf-1", null, null, "sandal", null,
        at, null), facts(null))).isFalse();

    Rule leave = rule("l", "leave", "cafe", null, "menu", 5);
    Rule checkin = rule("c", "checkin", "entrance", null, "welcome", 5);
    assertThat(RuleEngine.matches(leave, event("leave", "cafe", "ben"), facts(BEN))).isTrue();
    assertThat(RuleEngine.matches(checkin, event("checkin", "entrance", "ben"), facts(BEN))).isTrue();
    assertThat(RuleEngine.matches(checkin, event("enter", "entrance", "ben"), facts(BEN))).isFalse();
  }

  @Test
  void aV1RuleWithoutEventFiresOnEnter() {
    Rule v1 = new Rule("v1", null, new Rule.Trigger(null, List.of("cafe")), null, new Rule.Action("latte", 10, 10), null);
    assertThat(RuleEngine.matches(v1, event("enter", "cafe", "anna"), facts(ANNA))).isTrue();
    assertThat(RuleBook.of(List.of(v1)).candidates("enter", "cafe")).containsExactly(v1);
  }

  @Test
  void switchedOffAndOutOfDateRulesDoNotFire() {
    Rule base = rule("r", "enter", "cafe", null, "latte", 10);
    Rule off = new Rule("r", null, false, base.when(), null, base.then(), null, null, null);
    assertThat(RuleEngine.explain(off, event("enter", "cafe", "anna"), facts(ANNA))).containsExactly("the rule is switched off");
    // validity is store-local; a date alone covers that whole day
    Rule today = new Rule("r", null, null, base.when(), null, base.then(), null, null, new Rule.Validity("2026-11-25", "2026-11-25"));
    Rule later = new Rule("r", null, null, base.when(), null, base.then(), null, null, new Rule.Validity("2026-11-25T12:01", null));
    Rule over = new Rule("r", null, null, base.when(), null, base.then(), null, null, new Rule.Validity(null, "2026-11-25T11:59"));
    Rule lastMinute = new Rule("r", null, null, base.when(), null, base.then(), null, null, new Rule.Validity(null, "2026-11-25T12:00"));
    assertThat(RuleEngine.matches(today, event("enter", "cafe", "anna"), facts(ANNA))).isTrue();
    assertThat(RuleEngine.matches(later, event("enter", "cafe", "anna"), facts(ANNA))).isFalse();
    assertThat(RuleEngine.explain(over, event("enter", "cafe", "anna"), facts(ANNA))).containsExactly("was valid until 2026-11-25T11:59");
    assertThat(RuleEngine.matches(lastMinute, event("enter", "cafe", "anna"), facts(ANNA))).isTrue();
  }

  @Test
  void explainNamesEveryMissInWordsForAManager() {
    // GIVEN a rule for platinum runners with 20+ visits in the morning, on weekends
    Rule r = rule("r", "enter", "cafe", c(List.of("running", "tea"), null, List.of("platinum"), null, 20, null,
        new Rule.TimeWindow("07:00", "11:00"), List.of("sat", "sun"), null, null, null), "latte", 10);
    // WHEN Ben (kids + coffee, silver, 5 visits) walks into the apparel zone on a Wednesday at noon
    List<String> why = RuleEngine.explain(r, event("enter", "apparel", "ben"), facts(BEN));
    // THEN every reason is listed, with what Ben has
    assertThat(why).containsExactly(
        "only in cafe, this was apparel",
        "needs interest running or tea; Ben has kids, coffee",
        "needs loyalty tier platinum; Ben is silver",
        "needs at least 20 visits; Ben has 5",
        "only 07:00–11:00, it is 12:00",
        "only on sat, sun, it is wed");
    assertThat(RuleEngine.explain(rule("ok", "enter", "cafe", null, "latte", 1), event("enter", "cafe", "ben"), facts(BEN))).isEmpty();
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
  }

  @Test
  void matchingRulesComeBestFirstWithTheIdBreakingTies() {
    RuleBook book = RuleBook.of(List.of(rule("m", "enter", "cafe", null, "latte", 10), rule("z", "enter", "cafe", null, "latte", 50),
        rule("b", "enter", "cafe", null, "latte", 50),
        rule("never", "enter", "cafe", c(List.of("tea"), null, null, null, null, null, null, null, null, null, null), "latte", 99)));
    assertThat(RuleEngine.matching(book, event("enter", "cafe", "anna"), facts(ANNA))).extracting(Rule::id)
        .containsExactly("b", "z", "m");
  }
}
