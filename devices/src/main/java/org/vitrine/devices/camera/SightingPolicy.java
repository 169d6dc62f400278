package org.vitrine.devices.camera;

import java.util.ArrayList;
import java.util.List;

/**
 * When a track is worth a sighting: once it is confirmed (seen in a few frames), then every
 * {@code everyMs} while it stays visible (the hub forgets people after 30 s of silence, so 2 s is
 * plenty), and at once when its first usable embedding arrives after an embedding-less sighting.
 * Never per frame: 15 fps of 1 KB embeddings per person would be noise for the hub.
 */
public final class SightingPolicy {

    private final long everyMs;
    private final int confirmAfterFrames;

    public SightingPolicy(long everyMs, int confirmAfterFrames) {
        this.everyMs = everyMs;
        this.confirmAfterFrames = confirmAfterFrames;
    }

    /**
     * @param seen  the tracks seen in the frame just processed
     * @param nowMs the frame's capture time (the tracker's clock)
     * @param wallMs the frame's wall-clock time, for {@code ts}
     */
    public List<CameraSighting> due(List<Track> seen, long nowMs, long wallMs) {
        List<CameraSighting> out = new ArrayList<>();
        for (Track track : seen) {
            if (track.hits() < confirmAfterFrames) {
                continue;
            }
            boolean never = track.lastSightingMs() == Long.MIN_VALUE;
            boolean interval = !never && nowMs - track.lastSightingMs() >= everyMs;
            boolean firstEmbedding = !never && !track.lastSightingHadEmbedding() && track.bestEmbedding() != null;
            if (never || interval || firstEmbedding) {
                float[] embedding = track.bestEmbedding();
                double quality = embedding != null ? track.bestQuality() : track.lastQuality();
                out.add(new CameraSighting(wallMs, track.id(), embedding, quality));
                track.sighted(nowMs);
            }
        }
        return out;
    }
}
