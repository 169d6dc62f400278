package org.vitrine.devices.camera;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Gives the faces of consecutive frames stable track ids: a face continues the track whose box it
 * overlaps most (IoU), or failing that whose centre is nearest within a jump; the best pairs are
 * taken first (greedy), which is exact enough for the few faces a shop camera sees at once.
 *
 * <p>Position alone would hand a track to whoever stands where its person stood (two shoppers
 * crossing, a cut in a video), so a track's face is re-embedded every {@code verifyEveryMs} and a
 * face that no longer looks like the track's best embedding starts a new track. Embeddings are
 * computed lazily, only when they can change something ({@link Track#wantsEmbedding}): the embedder
 * costs about as much as the detector.
 *
 * <p>Pure logic apart from the embedding callback; not thread-safe (the processing thread owns it).
 */
public final class FaceTracker {

    private final TrackingSettings settings;
    private final FaceQuality quality;
    private final String idPrefix;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;
    private long created;
    private long splits;

    /**
     * @param idPrefix track ids are {@code <idPrefix>-<n>}; the prefix should differ per run (the hub
     *                 counts anonymous people by track id, a restart must not reuse old ids)
     */
    public FaceTracker(TrackingSettings settings, FaceQuality quality, String idPrefix) {
        this.settings = settings;
        this.quality = quality;
        this.idPrefix = idPrefix;
    }

    /**
     * Feeds one processed frame.
     *
     * @param nowMs   the frame's capture time (monotonic ms)
     * @param faces   the faces detected in it
     * @param embedder computes the embedding of a face of this frame, or null if it cannot
     * @return the track of each face, in the order of {@code faces}
     */
    public List<Track> update(long nowMs, List<FaceBox> faces, Function<FaceBox, float[]> embedder) {
        tracks.removeIf(t -> nowMs - t.lastSeenMs() > settings.lostAfterMs());
        Track[] seen = new Track[faces.size()];
        Set<Track> trackTaken = new HashSet<>();
        for (Pair pair : candidatePairs(faces)) {
            if (seen[pair.face] != null || trackTaken.contains(pair.track)) {
                continue;
            }
            trackTaken.add(pair.track);
            seen[pair.face] = continueTrack(pair.track, faces.get(pair.face), nowMs, embedder);
        }
        for (int i = 0; i < faces.size(); i++) {
            if (seen[i] == null) {
                FaceBox face = faces.get(i);
                double q = quality.of(face);
                Track track = newTrack(face, q, nowMs);
                if (track.wantsEmbedding(q, nowMs, settings)) {
                    float[] embedding = embedder.apply(face);
                    if (embedding != null) {
                        track.embedded(embedding, q, nowMs, settings);
                    }
                }
                seen[i] = track;
            }
        }
        return List.of(seen);
    }

    /** Tracks alive now (seen within {@code lostAfterMs} of the last update). */
    public List<Track> tracks() {
        return List.copyOf(tracks);
    }

    public long tracksCreated() {
        return created;
    }

    /** Tracks ended because a different face took their place. */
    public long identitySplits() {
        return splits;
    }

    private Track continueTrack(Track track, FaceBox face, long nowMs, Function<FaceBox, float[]> embedder) {
        double q = quality.of(face);
        if (!track.wantsEmbedding(q, nowMs, settings)) {
            track.seen(face, q, nowMs);
            return track;
        }
        float[] embedding = embedder.apply(face);
        if (embedding == null) {
            track.seen(face, q, nowMs);
            return track;
        }
        float[] best = track.bestEmbedding();
        if (best != null && Embeddings.cosine(best, embedding) < settings.splitBelow()) {
            // Someone else stands where the track's person stood: theirs is a new track.
            tracks.remove(track);
            splits++;
            Track successor = newTrack(face, q, nowMs);
            successor.embedded(embedding, q, nowMs, settings);
            return successor;
        }
        track.seen(face, q, nowMs);
        track.embedded(embedding, q, nowMs, settings);
        return track;
    }

    private Track newTrack(FaceBox face, double q, long nowMs) {
        Track track = new Track(idPrefix + "-" + nextId++, face, q, nowMs);
        tracks.add(track);
        created++;
        return track;
    }

    private record Pair(Track track, int face, double score) {
    }

    private List<Pair> candidatePairs(List<FaceBox> faces) {
        List<Pair> pairs = new ArrayList<>();
        for (Track track : tracks) {
            FaceBox last = track.box();
            for (int i = 0; i < faces.size(); i++) {
                FaceBox face = faces.get(i);
                // the larger of the two sizes: someone walking up to the camera grows fast
                double reach = settings.maxJump() * Math.max(Math.max(last.size(), face.size()), 1);
                double iou = last.iou(face);
                if (iou >= settings.iouMatch()) {
                    pairs.add(new Pair(track, i, 1 + iou)); // any overlap match beats any jump match
                } else {
                    double distance = last.centreDistance(face);
                    if (distance <= reach) {
                        pairs.add(new Pair(track, i, 1 - distance / reach));
                    }
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed());
        return pairs;
    }
}
