package org.vitrine.devices.camera;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * OpenCV's YuNet face detector ({@code FaceDetectorYN}): boxes plus five landmarks per face.
 * Not thread-safe (one network, one input size): each processing thread owns its own.
 */
public final class YuNetDetector implements AutoCloseable {

    public static final String DEFAULT_FILE = "face_detection_yunet_2023mar.onnx";
    static final String WHAT = "the YuNet face detector, OpenCV Zoo's face_detection_yunet_2023mar.onnx";

    /** YuNet's row layout: x, y, w, h, 5 landmarks as x,y pairs, score. */
    private static final int COLUMNS = 15;
    private static final float NMS_THRESHOLD = 0.3f;
    private static final int TOP_K = 5000;

    private final FaceDetectorYN detector;
    private final Mat output = new Mat();
    private int width = -1;
    private int height = -1;

    private YuNetDetector(FaceDetectorYN detector) {
        this.detector = detector;
    }

    /**
     * Loads and test-runs the model, so a wrong file fails here with a clear message rather than on
     * the first camera frame.
     */
    public static YuNetDetector load(Path modelsDir, String fileName, float scoreThreshold) throws ModelException {
        Path file = ModelFiles.require(modelsDir, fileName, WHAT, null);
        FaceDetectorYN detector;
        try (Size size = new Size(320, 320)) {
            detector = FaceDetectorYN.create(file.toString(), "", size, scoreThreshold, NMS_THRESHOLD, TOP_K, 0, 0);
        } catch (RuntimeException e) {
            throw new ModelException("model file " + file + " is not a loadable ONNX model (expected " + WHAT
                    + "): " + OpenCvErrors.reason(e));
        }
        if (detector == null || detector.isNull()) {
            throw new ModelException("model file " + file + " could not be loaded as " + WHAT);
        }
        YuNetDetector yunet = new YuNetDetector(detector);
        try (Mat blank = new Mat(240, 320, CV_8UC3,
                new Scalar(0.0))) {
            yunet.detect(blank);
        } catch (RuntimeException e) {
            yunet.close();
            throw new ModelException("model file " + file + " loads but does not run as " + WHAT
                    + " (is it another model?): " + OpenCvErrors.reason(e));
        }
        return yunet;
    }

    /** Faces in a BGR frame, best score first as YuNet returns them. */
    public List<FaceBox> detect(Mat bgr) {
        if (bgr.cols() != width || bgr.rows() != height) {
            // YuNet's anchors depend on the input size; resetting it per frame would cost time.
            width = bgr.cols();
            height = bgr.rows();
            try (Size size = new Size(width, height)) {
                detector.setInputSize(size);
            }
        }
        detector.detect(bgr, output);
        int rows = output.rows();
        List<FaceBox> faces = new ArrayList<>(rows);
        if (rows == 0 || output.cols() < COLUMNS) {
            return faces;
        }
        try (FloatIndexer idx = output.createIndexer()) {
            for (int r = 0; r < rows; r++) {
                float[] points = new float[2 * FaceBox.LANDMARKS];
                for (int i = 0; i < points.length; i++) {
                    points[i] = idx.get(r, 4 + i);
                }
                faces.add(new FaceBox(idx.get(r, 0), idx.get(r, 1), idx.get(r, 2), idx.get(r, 3), points, idx.get(r, 14)));
            }
        }
        return faces;
    }

    @Override
    public void close() {
        output.close();
        detector.close();
    }
}
