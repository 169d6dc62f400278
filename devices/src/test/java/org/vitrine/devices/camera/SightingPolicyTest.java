package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate limiting per track, on a tracker fed synthetic faces at 10 fps. */
class SightingPolicyTest {

    private final FaceTracker tracker = new FaceTracker(TrackingSettings.defaults(), new FaceQuality(40), "cam");
    private final SightingPolicy policy = new SightingPolicy(2_000, 2);

    @Test
    void aVisibleTrackIsReportedOnceConfirmedThenEveryTwoSeconds() {
        float[] anna = new float[FaceEmbedder.DIMENSION];
        anna[0] = 1;
        List<Long> reportedAt = new ArrayList<>();
        for (long t = 0; t <= 6_000; t += 100) {
            List<Track> seen = tracker.update(t, List.of(FaceTrackerTest.face(100, 100, 120, 0.95f)), f -> anna);
            for (CameraSighting s : policy.due(seen, t, 1_000_000 + t)) {
                reportedAt.add(t);
                assertThat(s.track()).isEqualTo("cam-1");
                assertThat(s.embedding()).isEqualTo(anna);
                assertThat(s.ts()).isEqualTo(1_000_000 + t);
            }
        }
        // confirmed on its second frame (100 ms), then every 2 s of frame time
        assertThat(reportedAt).containsExactly(100L, 2_100L, 4_100L);
    }

    @Test
    void aTrackFirstReportedWithoutEmbeddingIsReportedAgainAsSoonAsItHasOne() {
        float[] ben = new float[FaceEmbedder.DIMENSION];
        ben[1] = 1;
        List<CameraSighting> out = new ArrayList<>();
        // two frames of a face too small to embed, then a good one
        for (long t = 0; t <= 200; t += 100) {
            float size = t < 200 ? 30 : 120;
            out.addAll(policy.due(tracker.update(t, List.of(FaceTrackerTest.centred(200, 200, size, 0.9f)), f -> ben), t, t));
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0).embedding()).isNull();
        assertThat(out.get(0).toJson().containsKey("embedding")).isFalse();
        assertThat(out.get(1).embedding()).isEqualTo(ben);
    }
}
