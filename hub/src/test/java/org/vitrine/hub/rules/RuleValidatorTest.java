package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.validation.Problem;

class RuleValidatorTest {

  private static final Set<String> ZONES = Set.of("cafe", "apparel");
  private static final Map<String, String> SCREENS = Map.of("cafe-1", "cafe", "apparel-1", "apparel");
  private static final Set<String> CONTENT = Set.of("latte", "denim");
  private static final Set<String> DEVICES = Set.of("shelf-1");

  private static List<Problem> check(Rule r) {
    return RuleValidator.check(r, ZONES, SCREENS, CONTENT, DEVICES);
  }

  private static Rule.Action show(String content, Integer priority, Integer seconds) {
    return new Rule.Action(content, null, null, null, priority, seconds, null, null, null);
  }

  @Test
  void aV1RuleAndAFullV2RuleAreValid() {
    assertThat(check(new Rule("coffee-cafe", null, new Rule.Trigger("enter", List.of("cafe")), null,
        new Rule.Action("latte", 60, 10), new Rule.Cap(1, 30)))).isEmpty();
    Rule full = new Rule("full-v2", "everything", true,
        new Rule.Trigger("touch", List.of("cafe"), null, null, List.of("cafe-1"), null),
        new Rule.Conditions(List.of("coffee"), List.of("family"), List.of("gold"), List.of("M"), 1, 5,
            new Rule.TimeWindow("07:00", "11:00"), List.of("mon", "sat"), 1, 4, true),
        new Rule.Action("latte", "screen", "cafe-1", "queue", 50, 12, "Hello {name}",
            new Rule.Mqtt("shelf-1", "vitrine/v1/devices/shelf-1/commands", "{\"led\":\"on\"}"), "Gold member in the cafe"),
        new Rule.Cap(2, 60, 30), new Rule.RuleCap(100, 60), new Rule.Validity("2026-11-01", "2026-12-31T23:59"));
    assertThat(check(full)).isEmpty();
  }

  @Test
  void aPickupRuleMayNameOnlyTheCataloguesProductsWhenTheCatalogueIsKnown() {
    Rule pickup = new Rule("pick", null, null, new Rule.Trigger("pickup", List.of("cafe"), null, null, null,
        List.of("oat-latte", "mystery-box")), null, show("latte", 10, 10), null, null, null);
    // GIVEN conf/products.yaml lists the oat latte: the unknown id is named, the known one passes
    assertThat(RuleValidator.check(pickup, new RuleValidator.References(ZONES, SCREENS, CONTENT, DEVICES,
        new java.util.LinkedHashSet<>(List.of("oat-latte", "trail-runner-x"))))).containsExactly(
            new Problem("when.products[1]", "unknown product 'mystery-box' (conf/products.yaml has oat-latte, trail-runner-x)"));
    // GIVEN no catalogue: any id goes (a shelf may report its own SKUs)
    assertThat(check(pickup)).isEmpty();
  }

  @Test
  void everyFieldIsCheckedWithItsPath() {
    // GIVEN a rule wrong in many places
    Rule bad = new Rule("Bad_Id", null, null,
        new Rule.Trigger("wave", List.of("cafe", "moon"), 5, "", List.of("apparel-1"), List.of("")),
        new Rule.Conditions(null, null, null, null, 5, 2, new Rule.TimeWindow("25:00", "11:00"), List.of("someday"), 3, 1, null),
        new Rule.Action("nothing", "everywhere", "cafe-1", "later", 0, 5000, null, new Rule.Mqtt("lamp", "a/+", null), null),
        new Rule.Cap(0, 30, -1), new Rule.RuleCap(0, 0), new Rule.Validity("2026-12-31", "2026-01-01"));
    // THEN each problem names its field, relative to the rule
    assertThat(check(bad)).extracting(Problem::field).contains("id", "when.event", "when.zones[1]", "when.seconds",
        "when.intent", "when.screens", "when.screens[0]", "when.products", "when.products[0]", "if", "if.timeOfDay.from",
        "if.weekdays[0]", "then.show", "then.priority", "then.seconds", "then.target", "then.screen", "then.mode",
        "then.mqtt.device", "then.mqtt.payload", "then.mqtt.topic", "cap", "cap.cooldownSeconds", "ruleCap", "valid");
    assertThat(check(bad)).contains(
        new Problem("when.zones[1]", "unknown zone 'moon' (known: apparel, cafe)"),
        new Problem("then.priority", "must be 1..1000 (0 is the playlist), got 0"),
        new Problem("if.timeOfDay.from", "expected HH:mm, got '25:00'"),
        new Problem("when.screens[0]", "screen 'apparel-1' is in zone apparel, not in when.zones"));
  }

  @Test
  void aVoiceRuleNamesAQuestionTheSpeakerKnows() {
    Rule typo = new Rule("asked-hours", null, null, new Rule.Trigger("voice", List.of("cafe"), null, "opening-hour", null, null),
        null, new Rule.Action("latte", 10, 10), null, null, null);
    assertThat(check(typo)).extracting(Problem::message).singleElement().asString()
        .contains("unknown question 'opening-hour'").contains("opening-hours");
    Rule right = new Rule("asked-hours", null, null, new Rule.Trigger("voice", List.of("cafe"), null, "OpeningHours", null, null),
        null, new Rule.Action("latte", 10, 10), null, null, null);
    assertThat(check(right)).isEmpty();
  }

  @Test
  void aRuleMustDoSomethingAndShowNeedsPriorityAndSeconds() {
    Rule nothing = new Rule("r", null, new Rule.Trigger("enter", List.of("cafe")), null,
        new Rule.Action(null, null, null, null, null, null, null, null, null), null);
    assertThat(check(nothing)).containsExactly(new Problem("then", "needs something to do: show, say, mqtt or notify"));
    Rule noPriority = new Rule("r", null, new Rule.Trigger("enter", List.of("cafe")), null, show("latte", null, null), null);
    assertThat(check(noPriority)).extracting(Problem::field).containsExactly("then.priority", "then.seconds");
    Rule sayOnly = new Rule("r", null, new Rule.Trigger("enter", List.of("cafe")), null,
        new Rule.Action(null, null, null, null, null, null, "Welcome", null, null), null);
    assertThat(check(sayOnly)).isEmpty();
  }

  @Test
  void dwellNeedsSecondsAndTargetScreenMustBeInTheRulesZones() {
    Rule dwell = new Rule("r", null, new Rule.Trigger("dwell", List.of("cafe")), null, show("latte", 10, 10), null);
    assertThat(check(dwell)).extracting(Problem::field).containsExactly("when.seconds");
    Rule elsewhere = new Rule("r", null, new Rule.Trigger("enter", List.of("cafe")), null,
        new Rule.Action("latte", "screen", "apparel-1", null, 10, 10, null, null, null), null);
    assertThat(check(elsewhere)).containsExactly(new Problem("then.screen", "screen 'apparel-1' is in zone apparel, not in when.zones"));
    Rule noScreen = new Rule("r", null, new Rule.Trigger("enter", List.of("cafe")), null,
        new Rule.Action("latte", "screen", null, null, 10, 10, null, null, null), null);
    assertThat(check(noScreen)).containsExactly(new Problem("then.screen", "required with target screen"));
  }
}
