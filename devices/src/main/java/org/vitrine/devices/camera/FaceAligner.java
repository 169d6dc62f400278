package org.vitrine.devices.camera;

import static org.bytedeco.opencv.global.opencv_calib3d.LMEDS;
import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Warps a face onto the standard ArcFace 112x112 template with a similarity transform (rotation,
 * uniform scale, translation) fitted to the five landmarks. Embedders are trained on crops made
 * exactly this way; a plain box crop costs them most of their accuracy. Not thread-safe.
 */
public final class FaceAligner implements AutoCloseable {

    public static final int SIZE = 112;

    /** insightface's arcface_dst: eye, eye, nose, mouth corner, mouth corner in a 112x112 crop. */
    static final float[] TEMPLATE = {
        38.2946f, 51.6963f,
        73.5318f, 51.5014f,
        56.0252f, 71.7366f,
        41.5493f, 92.3655f,
        70.7299f, 92.2041f,
    };

    private final Mat template = points(TEMPLATE);
    private final Mat source = new Mat(FaceBox.LANDMARKS, 1, CV_32FC2);
    private final Size size = new Size(SIZE, SIZE);
    private final Scalar black = new Scalar(0.0);

    /** Writes the aligned 112x112 BGR crop of {@code face} into {@code out}; false if no transform fits. */
    public boolean align(Mat bgr, FaceBox face, Mat out) {
        try (FloatIndexer idx = source.createIndexer()) {
            for (int i = 0; i < FaceBox.LANDMARKS; i++) {
                idx.put(i, 0, 0, face.landmarkX(i));
                idx.put(i, 0, 1, face.landmarkY(i));
            }
        }
        // LMEDS: a least-median fit over all five points, no RANSAC pixel threshold to tune for
        // small faces; with five consistent points it is the least-squares similarity.
        try (Mat inliers = new Mat();
             Mat transform = estimateAffinePartial2D(source, template, inliers, LMEDS, 3, 2000, 0.99, 10)) {
            if (transform == null || transform.empty()) {
                return false;
            }
            warpAffine(bgr, out, transform, size, INTER_LINEAR, opencv_core.BORDER_CONSTANT, black);
            return true;
        }
    }

    private static Mat points(float[] xy) {
        Mat mat = new Mat(xy.length / 2, 1, CV_32FC2);
        try (FloatIndexer idx = mat.createIndexer()) {
            for (int i = 0; i < xy.length / 2; i++) {
                idx.put(i, 0, 0, xy[2 * i]);
                idx.put(i, 0, 1, xy[2 * i + 1]);
            }
        }
        return mat;
    }

    @Override
    public void close() {
        template.close();
        source.close();
        size.close();
        black.close();
    }
}
