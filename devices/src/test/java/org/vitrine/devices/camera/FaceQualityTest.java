package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaceQualityTest {

    private final FaceQuality quality = new FaceQuality(40);

    @Test
    void aLargeSharpFrontalFaceScoresHighAndEachFactorPullsItDown() {
        double good = quality.of(FaceTrackerTest.face(0, 0, 150, 0.95f));
        assertThat(good).isCloseTo(0.95, org.assertj.core.data.Offset.offset(0.01));
        assertThat(quality.of(FaceTrackerTest.face(0, 0, 76, 0.95f))).isCloseTo(0.475, org.assertj.core.data.Offset.offset(0.01));
        assertThat(quality.of(FaceTrackerTest.face(0, 0, 39, 0.95f))).isZero();
        assertThat(quality.of(FaceTrackerTest.face(0, 0, 150, 0.6f))).isLessThan(good);
    }

    @Test
    void frontalityIgnoresHeadTiltButNotHeadTurn() {
        FaceBox frontal = FaceTrackerTest.face(0, 0, 120, 0.9f);
        assertThat(FaceQuality.frontality(frontal)).isEqualTo(1.0);
        // the whole face rotated by 30 degrees in the image plane: still frontal
        double a = Math.toRadians(30);
        float[] p = frontal.landmarks();
        float[] tilted = new float[p.length];
        for (int i = 0; i < p.length; i += 2) {
            tilted[i] = (float) (p[i] * Math.cos(a) - p[i + 1] * Math.sin(a));
            tilted[i + 1] = (float) (p[i] * Math.sin(a) + p[i + 1] * Math.cos(a));
        }
        assertThat(FaceQuality.frontality(new FaceBox(0, 0, 120, 120, tilted, 0.9f))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        // the nose moved halfway to one eye: the head is turned
        float[] turned = p.clone();
        turned[4] = (p[4] + p[2]) / 2;
        assertThat(FaceQuality.frontality(new FaceBox(0, 0, 120, 120, turned, 0.9f))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-4));
    }
}
