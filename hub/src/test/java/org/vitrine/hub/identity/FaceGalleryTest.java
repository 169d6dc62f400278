package org.vitrine.hub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.support.Faces;

class FaceGalleryTest {

  private static final long NOW = 1_000_000;
  private static final long LATER = NOW + 3_600_000;

  @Test
  void anotherFaceOfAnEnrolledShopperIsRecognisedAndAStrangerIsNot() {
    // GIVEN Anna and Ben enrolled from one face each
    float[] anna = Faces.person(1);
    float[] ben = Faces.person(2);
    FaceGallery g = new FaceGallery(0.40);
    g.put("anna", new FaceGallery.Enrolment(List.of(anna), LATER));
    g.put("ben", new FaceGallery.Enrolment(List.of(ben), LATER));
    // WHEN a camera sends another face of Anna (similarity 0.6), THEN it is Anna, with that score
    var match = g.match(Vectors.normalised(Faces.similar(anna, 0.6, 7)), NOW);
    assertThat(match).isPresent();
    assertThat(match.get().shopper()).isEqualTo("anna");
    assertThat(match.get().score()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-4));
    // AND a stranger (random face: cosine ~0 with both) is nobody
    assertThat(g.match(Faces.person(99), NOW)).isEmpty();
  }

  @Test
  void theThresholdDecides() {
    float[] anna = Faces.person(3);
    FaceGallery g = new FaceGallery(0.40);
    g.put("anna", new FaceGallery.Enrolment(List.of(anna), LATER));
    assertThat(g.match(Faces.similar(anna, 0.41, 1), NOW)).isPresent();
    assertThat(g.match(Faces.similar(anna, 0.40001, 2), NOW)).isPresent();
    assertThat(g.match(Faces.similar(anna, 0.39, 3), NOW)).isEmpty();
    // a stricter store sets a higher threshold
    FaceGallery strict = new FaceGallery(0.6);
    strict.put("anna", new FaceGallery.Enrolment(List.of(anna), LATER));
    assertThat(strict.match(Faces.similar(anna, 0.55, 4), NOW)).isEmpty();
  }

  @Test
  void theMostSimilarShopperWins() {
    float[] anna = Faces.person(4);
    float[] lookalike = Faces.similar(anna, 0.5, 5);
    FaceGallery g = new FaceGallery(0.40);
    g.put("anna", new FaceGallery.Enrolment(List.of(anna), LATER));
    g.put("zoe", new FaceGallery.Enrolment(List.of(lookalike), LATER));
    assertThat(g.match(anna, NOW).orElseThrow().shopper()).isEqualTo("anna");
    assertThat(g.match(lookalike, NOW).orElseThrow().shopper()).isEqualTo("zoe");
  }

  @Test
  void expiredEnrolmentsNoLongerMatchAndEveryChangeBumpsTheVersion() {
    float[] anna = Faces.person(5);
    FaceGallery g = new FaceGallery(0.40);
    long v0 = g.version();
    g.put("anna", new FaceGallery.Enrolment(List.of(anna), NOW + 10));
    assertThat(g.version()).isGreaterThan(v0);
    assertThat(g.match(anna, NOW)).isPresent();
    assertThat(g.match(anna, NOW + 10)).isEmpty();
    assertThat(g.expire(NOW + 10)).containsExactly("anna");
    assertThat(g.size()).isZero();
  }

  @Test
  void embeddingsOfAnotherModelNeverMatch() {
    FaceGallery g = new FaceGallery(0.40);
    g.put("anna", new FaceGallery.Enrolment(List.of(Faces.person(6)), LATER));
    float[] sface = new float[512];
    sface[0] = 1;
    assertThat(g.match(sface, NOW)).isEmpty();
  }

  @Test
  void vectorsSurviveTheirRedisForm() {
    float[] v = Faces.person(7);
    assertThat(Vectors.decode(Vectors.encode(v))).containsExactly(v);
    assertThat(Vectors.normalised(new float[128])).isNull();
    float[] doubled = new float[] {3, 4};
    assertThat(Vectors.normalised(doubled)).containsExactly(0.6f, 0.8f);
  }
}
