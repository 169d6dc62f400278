package org.vitrine.devices.camera;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns one detected face into an L2-normalised embedding: two photos of the same person have a
 * high cosine similarity, two people a low one. Implementations are not thread-safe.
 */
public interface FaceEmbedder extends AutoCloseable {

    /** Embedding dimension on the wire. Both supported models give 128. */
    int DIMENSION = 128;

    EmbedderKind kind();

    /** The embedding of {@code face} in the BGR {@code frame}, or null if the face cannot be aligned. */
    float[] embed(Mat frame, FaceBox face);

    @Override
    void close();
}
