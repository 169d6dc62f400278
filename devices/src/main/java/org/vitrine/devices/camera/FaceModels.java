package org.vitrine.devices.camera;

import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detector and the embedder a processing thread needs, loaded and checked together so a
 * missing or wrong file is reported before any camera is opened. Not thread-safe: one per thread.
 */
public final class FaceModels implements AutoCloseable {

    private final YuNetDetector detector;
    private final FaceEmbedder embedder;

    private FaceModels(YuNetDetector detector, FaceEmbedder embedder) {
        this.detector = detector;
        this.embedder = embedder;
    }

    public static FaceModels load(ModelSettings settings, float scoreThreshold) throws ModelException {
        // Reading models is where the OpenCV natives get loaded; a machine without them fails here
        // with JavaCPP's UnsatisfiedLinkError, which already names the missing library.
        YuNetDetector detector = YuNetDetector.load(settings.dir(), settings.detectorFile(), scoreThreshold);
        try {
            FaceEmbedder embedder = switch (settings.embedder()) {
                case MOBILEFACENET -> MobileFaceNetEmbedder.load(settings.dir(), settings.embedderFile());
                case SFACE -> SFaceEmbedder.load(settings.dir(), settings.embedderFile());
            };
            return new FaceModels(detector, embedder);
        } catch (ModelException | RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    /**
     * Caps OpenCV's own thread pool for this process. The agent parallelises nothing itself (one
     * processing thread per camera), so 1 gives predictable per-core throughput; 0 lets OpenCV use
     * every core.
     */
    public static void useThreads(int threads) {
        opencv_core.setNumThreads(threads <= 0 ? -1 : threads);
    }

    public List<FaceBox> detect(Mat frame) {
        return detector.detect(frame);
    }

    /** Aligned embedding of {@code face}, or null if it cannot be aligned. */
    public float[] embed(Mat frame, FaceBox face) {
        return embedder.embed(frame, face);
    }

    public EmbedderKind embedderKind() {
        return embedder.kind();
    }

    @Override
    public void close() {
        embedder.close();
        detector.close();
    }
}
