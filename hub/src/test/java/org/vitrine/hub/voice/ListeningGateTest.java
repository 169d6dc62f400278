package org.vitrine.hub.voice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListeningGateTest {

  @Test
  void aSatelliteThatNeverAnnouncesIsHeardAllTheTime() {
    ListeningGate gate = new ListeningGate(8_000);
    assertThat(gate.hears("cafe", 0)).isTrue();
    assertThat(gate.hears("cafe", 1_000_000)).isTrue();
    assertThat(gate.gated("cafe")).isFalse();
  }

  @Test
  void anAnnouncingSatelliteIsHeardOnlyInItsWindowExtendedByAnswersAndClosedByStop() {
    // GIVEN a wake word at t=1 s
    ListeningGate gate = new ListeningGate(8_000);
    gate.opened("cafe", 1_000);
    // THEN heard until 9 s, not after
    assertThat(gate.hears("cafe", 8_999)).isTrue();
    assertThat(gate.hears("cafe", 9_000)).isFalse();
    assertThat(gate.justClosed("cafe")).as("the first dropped frame ends the utterance").isTrue();
    assertThat(gate.justClosed("cafe")).isFalse();
    // WHEN an answer comes after the window: it does not reopen it
    gate.answered("cafe", 9_500);
    assertThat(gate.hears("cafe", 9_600)).isFalse();
    // WHEN the next wake word and an answer within the window: a follow-up is heard 8 s after the answer
    gate.opened("cafe", 20_000);
    gate.answered("cafe", 25_000);
    assertThat(gate.hears("cafe", 32_000)).isTrue();
    // WHEN stopListening: closed at once, and an answer does not reopen it
    gate.closed("cafe");
    gate.answered("cafe", 32_100);
    assertThat(gate.hears("cafe", 32_200)).isFalse();
    // AND other sites are not affected
    assertThat(gate.hears("apparel", 32_200)).isTrue();
  }
}
