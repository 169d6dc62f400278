package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.hub.rules.Store.NOON;
import static org.vitrine.hub.rules.Store.PARIS;
import static org.vitrine.hub.rules.Store.rule;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.events.StoreEvent;

class ReplayTest {

  private static final long T0 = NOON.toInstant().toEpochMilli();

  private static StoreEvent at(long seconds, String type, String zone, String shopper) {
    return new StoreEvent(type, zone, shopper, null, null, null, null, null, T0 + seconds * 1000, null);
  }

  private static Replay.RuleStats stats(Replay.Result r, String rule) {
    return r.rules().stream().filter(s -> s.rule().equals(rule)).findFirst().orElseThrow();
  }

  @Test
  void countsFiredShownAndCappedPerRuleAndScreen() {
    // GIVEN a coffee rule capped once per 30 min, and Anna entering the cafe twice within the window
    Rule coffee = new Rule("coffee", null, new Rule.Trigger("enter", List.of("cafe")),
        new Rule.Conditions(List.of("coffee"), null, null, null, null, null), new Rule.Action("latte", 20, 10), new Rule.Cap(1, 30));
    RuleBook book = RuleBook.of(List.of(coffee));
    List<StoreEvent> events = List.of(at(0, "enter", "cafe", "anna"), at(60, "leave", "cafe", "anna"),
        at(120, "enter", "cafe", "anna"), at(200, "enter", "cafe", "ben"));
    // WHEN replayed
    Replay.Result r = Replay.run(book, Store.catalog(book.all()), events, Map.of(), PARIS);
    // THEN Anna saw it once, was capped once; Ben saw it too
    assertThat(r.events()).isEqualTo(4);
    assertThat(r.from()).isEqualTo(T0);
    assertThat(r.to()).isEqualTo(T0 + 200_000);
    Replay.RuleStats s = stats(r, "coffee");
    assertThat(s.fired()).isEqualTo(2);
    assertThat(s.shown()).isEqualTo(2);
    assertThat(s.capped()).isEqualTo(1);
    assertThat(s.screens()).containsEntry("cafe-1", 2L);
  }

  @Test
  void dwellIsTimedFromTheEventsAndCancelledByLeaving() {
    // GIVEN a 20 s dwell rule in apparel
    Rule dwell = new Rule("linger", null, null, new Rule.Trigger("dwell", List.of("apparel"), 20, null, null, null), null,
        new Rule.Action("denim", 10, 10), null, null, null);
    RuleBook book = RuleBook.of(List.of(dwell));
    // WHEN Anna stays 30 s, Ben only 10 s
    List<StoreEvent> events = List.of(at(0, "enter", "apparel", "anna"), at(0, "enter", "apparel", "ben"),
        at(10, "leave", "apparel", "ben"), at(30, "leave", "apparel", "anna"));
    Replay.Result r = Replay.run(book, Store.catalog(book.all()), events, Map.of(), PARIS);
    // THEN it fired once (for Anna; her cap of once per 30 min keeps the re-pick at the end of the play quiet), on both apparel screens
    Replay.RuleStats s = stats(r, "linger");
    assertThat(s.fired()).isEqualTo(1);
    assertThat(s.screens()).containsOnlyKeys("apparel-1", "apparel-2");
  }

  @Test
  void higherPrioritiesTakeTheScreenAndLowerOnesWait() {
    // GIVEN a low rule for everyone and a high one for runners in apparel, both long
    Rule low = rule("low", "enter", "apparel", null, "season", 10);
    Rule high = rule("high", "enter", "apparel", new Rule.Conditions(List.of("running"), null, null, null, null, null), "trail", 50);
    RuleBook book = RuleBook.of(List.of(low, high));
    // WHEN Ben comes first, then Anna (a runner) while his play runs, then both stay until after her play ends
    List<StoreEvent> events = List.of(at(0, "enter", "apparel", "ben"), at(2, "enter", "apparel", "anna"),
        at(30, "leave", "apparel", "anna"));
    Replay.Result r = Replay.run(book, Store.catalog(book.all()), events, Map.of(), PARIS);
    // THEN Ben's low rule showed, Anna's high pre-empted it; when hers ended the re-pick skipped Ben (capped:
    // once per 30 min) and gave Anna's low rule both screens
    assertThat(stats(r, "high").shown()).isEqualTo(2);
    assertThat(stats(r, "low").fired()).isEqualTo(2);
    assertThat(stats(r, "low").shown()).isEqualTo(4);
    assertThat(stats(r, "low").capped()).as("re-picks are not counted as capped").isZero();
  }

  @Test
  void replayIsDeterministic() {
    Rule low = rule("low", "enter", "apparel", null, "season", 10);
    RuleBook book = RuleBook.of(List.of(low));
    List<StoreEvent> events = List.of(at(0, "enter", "apparel", "ben"), at(1, "enter", "apparel", "anna"),
        at(2, "touch", "apparel", null), at(40, "leave", "apparel", "ben"));
    assertThat(Replay.run(book, Store.catalog(book.all()), events, Map.of(), PARIS))
        .isEqualTo(Replay.run(book, Store.catalog(book.all()), events, Map.of(), PARIS));
  }
}
