package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.hub.rules.Store.NOON;
import static org.vitrine.hub.rules.Store.rule;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.Catalog;

class PreviewTest {

  private static Rule.Conditions interests(String... i) {
    return new Rule.Conditions(List.of(i), null, null, null, null, null);
  }

  private static final Rule COFFEE = rule("coffee", "enter", "cafe", interests("coffee"), "latte", 20);
  private static final Rule KIDS = rule("kids", "enter", "cafe", interests("kids"), "denim", 30);
  private static final Rule TEA = rule("tea", "enter", "cafe", interests("tea"), "menu", 90);

  @Test
  void theBestMatchingRuleWinsAndEveryRuleSaysWhy() {
    // GIVEN three cafe rules and Anna (coffee) then Ben (kids, coffee) in front of cafe-1
    RuleBook book = RuleBook.of(List.of(COFFEE, KIDS, TEA));
    Catalog cat = Store.catalog(book.all());
    // WHEN previewed
    Preview.Result r = Preview.of(cat, book, "cafe-1", List.of("anna", "ben"), NOON.toInstant().toEpochMilli());
    // THEN Ben's kids rule (priority 30) shows, with the reason
    assertThat(r.zone()).isEqualTo("cafe");
    assertThat(r.shows().kind()).isEqualTo("rule");
    assertThat(r.shows().rule()).isEqualTo("kids");
    assertThat(r.shows().shopper()).isEqualTo("ben");
    assertThat(r.shows().content()).isEqualTo("denim");
    assertThat(r.shows().title()).isEqualTo("denim title");
    assertThat(r.shows().why()).isEqualTo("rule kids for Ben (priority 30), the best of 3 matches");
    // AND every rule for every shopper is listed with what it missed
    assertThat(r.considered()).hasSize(6);
    assertThat(r.considered()).contains(new Preview.Considered("tea", "anna", false,
        List.of("needs interest tea; Anna has running, coffee")));
    assertThat(r.considered()).contains(new Preview.Considered("coffee", "ben", true, List.of()));
    assertThat(r.note()).contains("Caps are not applied");
  }

  @Test
  void withSamePriorityWhoCameFirstWins() {
    RuleBook book = RuleBook.of(List.of(COFFEE));
    Preview.Result r = Preview.of(Store.catalog(book.all()), book, "cafe-1", List.of("ben", "anna"), NOON.toInstant().toEpochMilli());
    assertThat(r.shows().shopper()).isEqualTo("ben");
    assertThat(r.shows().why()).endsWith("(same priority: who came first wins)");
  }

  @Test
  void withoutAMatchThePlaylistItemIsNamedWithItsDaypart() {
    // GIVEN nobody matching in the cafe at 08:00 (the morning daypart plays "breakfast")
    RuleBook book = RuleBook.of(List.of(TEA));
    long eight = NOON.withHour(8).toInstant().toEpochMilli();
    Preview.Result r = Preview.of(Store.catalog(book.all()), book, "cafe-1", List.of("anna"), eight);
    assertThat(r.shows().kind()).isEqualTo("playlist");
    assertThat(r.shows().content()).isEqualTo("breakfast");
    assertThat(r.shows().why()).contains("daypart morning");
    // AND with nobody there at noon the default items play
    Preview.Result empty = Preview.of(Store.catalog(book.all()), book, "cafe-1", List.of(), NOON.toInstant().toEpochMilli());
    assertThat(empty.shows().content()).isEqualTo("menu");
    assertThat(empty.shows().why()).startsWith("nobody stands in front of it");
  }

  @Test
  void aRuleForAnotherScreenIsConsideredButDoesNotShowHere() {
    Rule onTwo = new Rule("two", null, null, new Rule.Trigger("enter", List.of("apparel")), null,
        new Rule.Action("denim", "screen", "apparel-2", null, 50, 10, null, null, null), null, null, null);
    RuleBook book = RuleBook.of(List.of(onTwo));
    Preview.Result r = Preview.of(Store.catalog(book.all()), book, "apparel-1", List.of("anna"), NOON.toInstant().toEpochMilli());
    assertThat(r.shows().kind()).isEqualTo("playlist");
    assertThat(r.considered()).containsExactly(new Preview.Considered("two", "anna", false,
        List.of("shows on apparel-2, not on this screen")));
  }
}
