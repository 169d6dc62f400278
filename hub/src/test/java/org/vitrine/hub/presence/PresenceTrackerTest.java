package org.vitrine.hub.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vitrine.hub.events.ZoneChange;

class PresenceTrackerTest {

  @Test
  void aFirstSightingEntersTheStoreAndRepeatedOnesInTheSameZoneChangeNothing() {
    PresenceTracker t = new PresenceTracker(30_000);
    assertThat(t.sighted("anna", "entrance", 1_000, "x")).contains(new ZoneChange("anna", null, "entrance", 1_000, "sighting", "x"));
    assertThat(t.sighted("anna", "entrance", 2_000, null)).isEmpty();
    assertThat(t.whereIs("anna")).contains(new Whereabouts("entrance", 1_000, 2_000));
  }

  @Test
  void anotherCameraMovesTheShopper() {
    PresenceTracker t = new PresenceTracker(30_000);
    t.sighted("anna", "entrance", 1_000, null);
    assertThat(t.sighted("anna", "cafe", 5_000, null)).contains(new ZoneChange("anna", "entrance", "cafe", 5_000, "sighting", null));
    assertThat(t.whereIs("anna").orElseThrow().since()).isEqualTo(5_000);
  }

  @Test
  void silenceLongerThanTheTimeoutLeavesTheStore() {
    PresenceTracker t = new PresenceTracker(30_000);
    t.sighted("anna", "cafe", 1_000, null);
    t.sighted("ben", "cafe", 20_000, null);
    assertThat(t.expire(31_000)).isEmpty();
    assertThat(t.expire(31_001)).containsExactly(new ZoneChange("anna", "cafe", null, 31_001, "silence", null));
    assertThat(t.whereIs("anna")).isEmpty();
    assertThat(t.whereIs("ben")).isPresent();
  }

  @Test
  void restoredWhereaboutsCountForSilenceAndMoves() {
    PresenceTracker t = new PresenceTracker(10_000);
    t.restore("anna", new Whereabouts("footwear", 100, 500));
    assertThat(t.sighted("anna", "footwear", 600, null)).isEmpty();
    assertThat(t.expire(20_000)).hasSize(1);
  }

  @Test
  void theCameraThatSawTheShopperComeInAndTheOneThatSawThemLastAreKeptForNearestScreens() {
    PresenceTracker t = new PresenceTracker(10_000);
    // GIVEN Anna comes into apparel at the aisle camera, then the mirror camera sees her
    assertThat(t.sighted("anna", "apparel", 1_000, null, "cam-aisle").orElseThrow().device()).isEqualTo("cam-aisle");
    t.sighted("anna", "apparel", 2_000, null, "cam-mirror");
    t.sighted("anna", "apparel", 1_500, null, "cam-aisle"); // late delivery: not the latest
    assertThat(t.whereIs("anna")).contains(new Whereabouts("apparel", 1_000, 2_000, "cam-aisle", "cam-mirror"));
    // WHEN she walks to the cafe THEN the move says where she was last seen in apparel
    ZoneChange move = t.sighted("anna", "cafe", 3_000, null, "cam-cafe").orElseThrow();
    assertThat(move.device()).isEqualTo("cam-cafe");
    assertThat(move.fromDevice()).isEqualTo("cam-mirror");
    // AND so does leaving the store by silence
    assertThat(t.expire(20_000)).containsExactly(new ZoneChange("anna", "cafe", null, 20_000, "silence", null, null, "cam-cafe"));
  }
}
