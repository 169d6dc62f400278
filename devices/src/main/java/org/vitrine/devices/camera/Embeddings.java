package org.vitrine.devices.camera;

/** Face embedding arithmetic: embeddings are L2-normalised, so cosine similarity is a dot product. */
public final class Embeddings {

    private Embeddings() {
    }

    /** Scales {@code v} to unit length in place and returns it; a zero vector stays zero. */
    public static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
        return v;
    }

    /** Cosine similarity of two embeddings, -1..1 (1 = same direction). */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different sizes: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /**
     * Rounded to 4 decimals for the wire: about 1 KB of JSON per sighting instead of 2.5 KB, and the
     * rounding moves a cosine similarity by less than 0.001.
     */
    public static double[] round4(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 10_000d) / 10_000d;
        }
        return out;
    }
}
