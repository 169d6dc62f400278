package org.vitrine.devices.camera;

/**
 * How faces are followed from frame to frame ({@code tracking:} in camera-agent.yaml).
 *
 * @param iouMatch           a face continues a track when their boxes overlap at least this much (IoU)
 * @param maxJump            ... or, failing that, when its centre moved less than this many face sizes
 *                           (a fast walker between two processed frames)
 * @param lostAfterMs        a track not seen for this long is over; the same person later gets a new track
 * @param confirmAfterFrames frames a track needs before it is reported (one-frame false detections never are)
 * @param minQuality         faces below this quality are tracked but not embedded: their embeddings are noise
 * @param verifyEveryMs      a track's face is re-embedded at least this often, to notice a different person
 *                           taking its place (two people crossing, a cut in a video)
 * @param splitBelow         re-embedding more dissimilar than this to the track's best embedding (cosine)
 *                           ends the track and starts a new one: another person stands there now
 * @param bestForMs          the track's best embedding is kept at most this long before a fresher
 *                           (possibly lower-quality) one replaces it: "best recent frame"
 */
public record TrackingSettings(double iouMatch, double maxJump, long lostAfterMs, int confirmAfterFrames,
                               double minQuality, long verifyEveryMs, double splitBelow, long bestForMs) {

    public static TrackingSettings defaults() {
        return new TrackingSettings(0.3, 0.6, 1_000, 2, 0.3, 500, 0.3, 5_000);
    }
}
