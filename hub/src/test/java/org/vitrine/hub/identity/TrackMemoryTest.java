package org.vitrine.hub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackMemoryTest {

  @Test
  void aTracksAnswerIsReusedUntilAClearlyBetterFaceOrAGalleryChange() {
    TrackMemory m = new TrackMemory(60_000, 100);
    // GIVEN track t-1 of cam-a was matched to nobody at quality 0.5, gallery version 3
    m.remember("cam-a", "t-1", null, 0, 0.5, 3, 1_000);
    // THEN the same track at a similar quality reuses the answer
    assertThat(m.recall("cam-a", "t-1", 0.52, 3, 2_000)).hasValueSatisfying(a -> assertThat(a.shopper()).isNull());
    // AND a clearly better face is matched again
    assertThat(m.recall("cam-a", "t-1", 0.8, 3, 3_000)).isEmpty();
    // AND so is any face once someone enrolled (gallery version changed)
    assertThat(m.recall("cam-a", "t-1", 0.5, 4, 3_000)).isEmpty();
    // AND the same track id of another camera is another person
    assertThat(m.recall("cam-b", "t-1", 0.5, 3, 3_000)).isEmpty();
  }

  @Test
  void tracksEndAfterTheirLifeAndErasureForgetsTheShopper() {
    TrackMemory m = new TrackMemory(60_000, 100);
    m.remember("cam-a", "t-1", "anna", 0.7, 0.6, 1, 0);
    m.remember("cam-a", "t-2", "ben", 0.7, 0.6, 1, 0);
    assertThat(m.recall("cam-a", "t-1", 0.6, 1, 59_000)).isPresent();
    assertThat(m.recall("cam-a", "t-2", 0.6, 1, 61_000)).isEmpty();
    m.forgetShopper("anna");
    assertThat(m.recall("cam-a", "t-1", 0.6, 1, 60_000)).isEmpty();
    m.sweep(200_000);
    assertThat(m.size()).isZero();
  }

  @Test
  void aFloodOfTrackIdsIsBounded() {
    TrackMemory m = new TrackMemory(60_000, 10);
    for (int i = 0; i < 1000; i++) {
      m.remember("cam-a", "t-" + i, null, 0, 0.5, 1, i);
    }
    assertThat(m.size()).isEqualTo(10);
  }
}
