package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.hub.rules.Store.rule;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScreenStageTest {

  private static Rule queued(String id, int priority) {
    return new Rule(id, null, null, new Rule.Trigger("enter", List.of("cafe")), null,
        new Rule.Action("latte", null, null, "queue", priority, 10, null, null, null), null, null, null);
  }

  private static Showing showing(String rule, String shopper, int priority) {
    return new Showing("p1", "cafe-1", "cafe", rule, "latte", shopper, priority, 10, 0, 10_000, true, null);
  }

  @Test
  void aFreeScreenTakesAnythingAndOnlyAStrictlyHigherPriorityInterrupts() {
    ScreenStage st = new ScreenStage("cafe-1", "cafe");
    assertThat(st.offer(rule("a", "enter", "cafe", null, "latte", 1), "anna")).isEqualTo(ScreenStage.Offer.PLAY);
    st.show(showing("a", "anna", 30));
    assertThat(st.offer(rule("b", "enter", "cafe", null, "latte", 30), "ben")).isEqualTo(ScreenStage.Offer.REFUSE);
    assertThat(st.offer(rule("c", "enter", "cafe", null, "latte", 31), "ben")).isEqualTo(ScreenStage.Offer.PLAY);
  }

  @Test
  void queuedPlaysWaitAtMostThreeAndThoseForShoppersWhoLeftAreDropped() {
    // GIVEN a screen busy with Anna's play
    ScreenStage st = new ScreenStage("cafe-1", "cafe");
    st.show(showing("a", "anna", 30));
    // THEN a queue rule, even of higher priority, waits; the same rule for the same shopper only once
    Rule q = queued("q", 99);
    assertThat(st.offer(q, "ben")).isEqualTo(ScreenStage.Offer.QUEUE);
    st.enqueue(new ScreenStage.Pending(q, "ben", true, null, new ScreenStage.EffectsOnce()));
    assertThat(st.offer(q, "ben")).isEqualTo(ScreenStage.Offer.REFUSE);
    st.enqueue(new ScreenStage.Pending(q, "chloe", true, null, new ScreenStage.EffectsOnce()));
    st.enqueue(new ScreenStage.Pending(q, null, false, null, new ScreenStage.EffectsOnce()));
    assertThat(st.offer(q, "david")).as("a full queue").isEqualTo(ScreenStage.Offer.REFUSE);
    // WHEN Ben has left, THEN his queued play is skipped, Chloé's is next, then the anonymous one
    assertThat(st.nextQueued(s -> !"ben".equals(s)).shopper()).isEqualTo("chloe");
    assertThat(st.nextQueued(s -> false).shopper()).isNull();
    assertThat(st.nextQueued(s -> true)).isNull();
  }

  @Test
  void sideEffectsOfOneDecisionFireOnce() {
    ScreenStage.EffectsOnce once = new ScreenStage.EffectsOnce();
    assertThat(once.claim()).isTrue();
    assertThat(once.claim()).isFalse();
  }
}
