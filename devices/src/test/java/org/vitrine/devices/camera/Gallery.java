package org.vitrine.devices.camera;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enrolled people and their embedding: the matching the hub will do, as the tests' referee.
 * A face is the enrolled person it is most similar to, if that similarity reaches the threshold.
 */
final class Gallery {

    /**
     * Cosine similarity from which two faces count as the same person (MobileFaceNet). On the shared
     * photos same-person pairs score 0.48..0.96 (mean 0.76) and different people -0.2..0.35 (mean
     * 0.03, sd 0.10); RecognitionTest prints them. 0.40 is a little below the middle of that gap
     * because the two sides are not alike: different people cluster tightly (0.40 is 3.6 sd above
     * their mean), while same-person scores spread wide and drop further on camera frames (video
     * compression, pose), down to 0.48 in CameraAgentIT.
     */
    static final double THRESHOLD = 0.40;

    private final Map<String, float[]> enrolled = new LinkedHashMap<>();

    void enrol(String person, float[] embedding) {
        enrolled.put(person, embedding);
    }

    /** Who the face is, or null for nobody enrolled. */
    String identify(float[] embedding) {
        return identify(embedding, THRESHOLD);
    }

    String identify(float[] embedding, double threshold) {
        String best = null;
        double bestScore = -2;
        for (Map.Entry<String, float[]> e : enrolled.entrySet()) {
            double score = Embeddings.cosine(e.getValue(), embedding);
            if (score > bestScore) {
                bestScore = score;
                best = e.getKey();
            }
        }
        return bestScore >= threshold ? best : null;
    }

    double bestScore(float[] embedding) {
        return enrolled.values().stream().mapToDouble(e -> Embeddings.cosine(e, embedding)).max().orElse(-2);
    }
}
