package org.vitrine.hub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vitrine.hub.support.Faces;

class CheckinCandidatesTest {

  private static CheckinCandidates.Face face(String track, float[] e, double q, long at, String who) {
    return new CheckinCandidates.Face("cam-entrance", track, e, q, at, who);
  }

  @Test
  void theBestRecentFaceOfTheOnePersonAtTheCameraIsPicked() {
    CheckinCandidates c = new CheckinCandidates(10_000, 0.40);
    float[] me = Faces.person(1);
    c.offer(face("t-1", me, 0.5, 1_000, null));
    c.offer(face("t-1", Faces.similar(me, 0.8, 2), 0.9, 2_000, null));
    c.offer(face("t-2", Faces.similar(me, 0.7, 3), 0.6, 3_000, null)); // the agent split the track: same person
    CheckinCandidates.Pick pick = c.pick("anna", 4_000);
    assertThat(pick.error()).isNull();
    assertThat(pick.face().quality()).isEqualTo(0.9);
  }

  @Test
  void noRecentFaceOrTwoPeopleAreRefused() {
    CheckinCandidates c = new CheckinCandidates(10_000, 0.40);
    assertThat(c.pick("anna", 0).error()).isEqualTo("no-face");
    c.offer(face("t-1", Faces.person(1), 0.9, 1_000, null));
    assertThat(c.pick("anna", 20_000).error()).as("too old").isEqualTo("no-face");
    c.offer(face("t-1", Faces.person(1), 0.9, 21_000, null));
    c.offer(face("t-2", Faces.person(2), 0.5, 21_000, null));
    assertThat(c.pick("anna", 22_000).error()).isEqualTo("several-faces");
  }

  @Test
  void someoneElsesRecognisedFaceIsNeverEnrolledForYou() {
    CheckinCandidates c = new CheckinCandidates(10_000, 0.40);
    c.offer(face("t-1", Faces.person(1), 0.9, 1_000, "ben"));
    assertThat(c.pick("anna", 2_000).error()).isEqualTo("no-face");
    assertThat(c.pick("ben", 2_000).face()).isNotNull(); // checking in again refreshes
    c.forgetShopper("ben");
    assertThat(c.size()).isZero();
  }
}
