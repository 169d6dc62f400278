package org.vitrine.devices.camera;

/**
 * One person followed across frames by one camera. Mutable; owned by the {@link FaceTracker}'s
 * thread. Holds no pixels: only the box of the last frame and the embedding of the best recent one.
 */
public final class Track {

    private final String id;
    private final long firstSeenMs;
    private FaceBox box;
    private long lastSeenMs;
    private int hits;
    private double lastQuality;

    private float[] bestEmbedding;
    private double bestQuality;
    private long bestAtMs;
    private long lastEmbeddedMs = Long.MIN_VALUE;

    private long lastSightingMs = Long.MIN_VALUE;
    private boolean lastSightingHadEmbedding;

    Track(String id, FaceBox box, double quality, long nowMs) {
        this.id = id;
        this.firstSeenMs = nowMs;
        seen(box, quality, nowMs);
    }

    void seen(FaceBox box, double quality, long nowMs) {
        this.box = box;
        this.lastQuality = quality;
        this.lastSeenMs = nowMs;
        this.hits++;
    }

    /** Whether an embedding of a face of this quality would tell us anything new. */
    boolean wantsEmbedding(double quality, long nowMs, TrackingSettings settings) {
        if (quality < settings.minQuality()) {
            return false;
        }
        return bestEmbedding == null
                || quality > bestQuality
                || nowMs - bestAtMs >= settings.bestForMs()
                || nowMs - lastEmbeddedMs >= settings.verifyEveryMs();
    }

    /** Takes a fresh embedding of this frame's face as the best one when it is better or the best is stale. */
    void embedded(float[] embedding, double quality, long nowMs, TrackingSettings settings) {
        lastEmbeddedMs = nowMs;
        if (bestEmbedding == null || quality > bestQuality || nowMs - bestAtMs >= settings.bestForMs()) {
            bestEmbedding = embedding;
            bestQuality = quality;
            bestAtMs = nowMs;
        }
    }

    void sighted(long nowMs) {
        lastSightingMs = nowMs;
        lastSightingHadEmbedding = bestEmbedding != null;
    }

    public String id() {
        return id;
    }

    public FaceBox box() {
        return box;
    }

    public long firstSeenMs() {
        return firstSeenMs;
    }

    public long lastSeenMs() {
        return lastSeenMs;
    }

    public int hits() {
        return hits;
    }

    public double lastQuality() {
        return lastQuality;
    }

    /** The embedding of the best recent frame, or null while no face of this track was good enough. */
    public float[] bestEmbedding() {
        return bestEmbedding;
    }

    public double bestQuality() {
        return bestQuality;
    }

    long lastSightingMs() {
        return lastSightingMs;
    }

    boolean lastSightingHadEmbedding() {
        return lastSightingHadEmbedding;
    }
}
