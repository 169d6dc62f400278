package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The tracker on synthetic boxes and embeddings (no OpenCV): ids, motion, identity switches, expiry. */
class FaceTrackerTest {

    private static final TrackingSettings SETTINGS = TrackingSettings.defaults(); // iou 0.3, lost 1 s, verify 500 ms, split < 0.3
    private static final float[] ANNA = unit(1, 0, 0);
    private static final float[] BEN = unit(0, 1, 0);

    private final FaceTracker tracker = new FaceTracker(SETTINGS, new FaceQuality(40), "cam-1-run");
    private final List<FaceBox> embedded = new ArrayList<>();

    @Test
    void aFaceMovingSlowlyKeepsItsTrack() {
        String id = null;
        for (int i = 0; i < 20; i++) {
            List<Track> seen = tracker.update(i * 100L, List.of(face(100 + 5 * i, 100)), embedAs(ANNA));
            assertThat(seen).hasSize(1);
            id = id == null ? seen.get(0).id() : id;
            assertThat(seen.get(0).id()).isEqualTo(id);
        }
        assertThat(id).isEqualTo("cam-1-run-1");
        assertThat(tracker.tracksCreated()).isEqualTo(1);
        // embedded on the first frame, then only to verify (every 500 ms) or on a better face: not per frame
        assertThat(embedded.size()).isBetween(3, 6);
    }

    @Test
    void aJumpWithinReachStillMatchesButAFarFaceIsSomeoneNew() {
        Track first = tracker.update(0, List.of(face(100, 100)), embedAs(ANNA)).get(0);
        // no overlap left, but the centre moved less than 0.6 face sizes (120 px face → 72 px)
        Track jumped = tracker.update(100, List.of(face(170, 100)), embedAs(ANNA)).get(0);
        assertThat(jumped.id()).isEqualTo(first.id());
        Track far = tracker.update(200, List.of(face(500, 300)), embedAs(BEN)).get(0);
        assertThat(far.id()).isNotEqualTo(first.id());
    }

    @Test
    void twoFacesGetTwoTracksAndKeepThemWhileMoving() {
        List<Track> a = tracker.update(0, List.of(face(50, 100), face(400, 100)), embedAs(ANNA));
        List<Track> b = tracker.update(100, List.of(face(410, 105), face(55, 100)), embedAs(ANNA));
        assertThat(b.get(0).id()).isEqualTo(a.get(1).id());
        assertThat(b.get(1).id()).isEqualTo(a.get(0).id());
    }

    @Test
    void someoneElseInTheSamePlaceStartsANewTrackAtTheNextVerification() {
        String anna = tracker.update(0, List.of(face(100, 100)), embedAs(ANNA)).get(0).id();
        tracker.update(100, List.of(face(100, 100)), embedAs(ANNA));
        // a cut: Ben now stands exactly where Anna stood
        String seen = anna;
        long t = 200;
        while (seen.equals(anna) && t <= 700) {
            seen = tracker.update(t, List.of(face(100, 100)), embedAs(BEN)).get(0).id();
            t += 100;
        }
        assertThat(seen).isNotEqualTo(anna);
        assertThat(t).as("noticed within verifyEveryMs").isLessThanOrEqualTo(100 + SETTINGS.verifyEveryMs() + 100);
        assertThat(tracker.identitySplits()).isEqualTo(1);
        assertThat(tracker.tracks()).extracting(Track::id).containsExactly(seen);
        assertThat(tracker.tracks().get(0).bestEmbedding()).isEqualTo(BEN);
    }

    @Test
    void aTrackUnseenForLostAfterMsIsOverAndTheSamePlaceLaterIsANewTrack() {
        String first = tracker.update(0, List.of(face(100, 100)), embedAs(ANNA)).get(0).id();
        tracker.update(500, List.of(), embedAs(ANNA));
        assertThat(tracker.tracks()).hasSize(1);
        tracker.update(1_600, List.of(), embedAs(ANNA));
        assertThat(tracker.tracks()).isEmpty();
        String later = tracker.update(1_700, List.of(face(100, 100)), embedAs(ANNA)).get(0).id();
        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void aBetterFaceReplacesTheBestEmbeddingAndATooPoorOneIsNeverEmbedded() {
        // 30 px: below minFacePx 40 → quality 0 → tracked, not embedded
        Track tiny = tracker.update(0, List.of(centred(200, 200, 30, 0.9f)), embedAs(ANNA)).get(0);
        assertThat(tiny.bestEmbedding()).isNull();
        assertThat(embedded).isEmpty();
        // walks up to the camera: a usable size, then larger and sharper
        assertThat(tracker.update(100, List.of(centred(200, 200, 80, 0.9f)), embedAs(ANNA)).get(0)).isSameAs(tiny);
        assertThat(tiny.bestEmbedding()).isEqualTo(ANNA);
        double before = tiny.bestQuality();
        assertThat(tracker.update(200, List.of(centred(200, 200, 120, 0.95f)), embedAs(ANNA)).get(0)).isSameAs(tiny);
        assertThat(tiny.bestQuality()).isGreaterThan(before);
        assertThat(embedded).hasSize(2);
    }

    private Function<FaceBox, float[]> embedAs(float[] embedding) {
        return box -> {
            embedded.add(box);
            return embedding;
        };
    }

    static FaceBox centred(float cx, float cy, float size, float score) {
        return face(cx - size / 2, cy - size / 2, size, score);
    }

    private static FaceBox face(float x, float y) {
        return face(x, y, 120, 0.95f);
    }

    /** A frontal face of the given size at (x, y): landmarks placed like YuNet's on a portrait. */
    static FaceBox face(float x, float y, float size, float score) {
        float[] p = {
            x + 0.30f * size, y + 0.40f * size,
            x + 0.70f * size, y + 0.40f * size,
            x + 0.50f * size, y + 0.60f * size,
            x + 0.35f * size, y + 0.80f * size,
            x + 0.65f * size, y + 0.80f * size,
        };
        return new FaceBox(x, y, size, size, p, score);
    }

    private static float[] unit(float... head) {
        float[] v = new float[FaceEmbedder.DIMENSION];
        System.arraycopy(head, 0, v, 0, head.length);
        return Embeddings.normalise(v);
    }
}
