package org.vitrine.hub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Orders after showings, matched whichever arrives first; one order counts once per content item. */
class ConversionsTest {

  private final Conversions conversions = new Conversions(10_000);

  @Test
  void anOrderDuringOrWithinTheWindowAfterAShowingConvertsItOnce() {
    // GIVEN an order that came while the item played, reported before the play ended
    assertThat(conversions.ordered("cafe", "o1", 1_500, 2_000)).isEmpty();
    // WHEN the play is reported (1 000 – 3 000), and shown again on another screen with the same playId
    List<Conversions.Increment> shown = conversions.shown("cafe", "latte", "p1", 1_000, 3_000, 3_100);
    List<Conversions.Increment> twice = conversions.shown("cafe", "latte", "p1", 1_000, 3_000, 3_200);
    // THEN one showing, converted, one order
    assertThat(shown).extracting(Conversions.Increment::field)
        .containsExactly("latte|cafe|shown", "latte|cafe|converted", "latte|cafe|orders");
    assertThat(twice).isEmpty();
    // AND a second order within the window counts as an order, not as a second conversion
    assertThat(conversions.ordered("cafe", "o2", 12_999, 13_000)).extracting(Conversions.Increment::field)
        .containsExactly("latte|cafe|orders");
    // AND an order after the window, or in another zone, counts for nothing
    assertThat(conversions.ordered("cafe", "o3", 13_001, 13_001)).isEmpty();
    assertThat(conversions.ordered("apparel", "o4", 2_000, 13_001)).isEmpty();
  }

  @Test
  void dwellBucketsAreLabelledForPeople() {
    DwellBuckets b = new DwellBuckets(List.of(60, 300, 3600));
    assertThat(b.labels()).containsExactly("< 1 min", "1–5 min", "5–60 min", "≥ 60 min");
    assertThat(b.keys()).containsExactly("b0", "b60", "b300", "b3600");
    assertThat(b.of(59)).isZero();
    assertThat(b.of(60)).isEqualTo(1);
    assertThat(b.of(4000)).isEqualTo(3);
    assertThat(new DwellBuckets(List.of(30, 120)).labels()).containsExactly("< 30 s", "30 s–2 min", "≥ 2 min");
  }
}
