package org.vitrine.devices.camera;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_objdetect.FaceRecognizerSF;

/**
 * OpenCV Zoo's SFace through {@code FaceRecognizerSF}, which aligns the crop itself from YuNet's
 * raw output row and applies SFace's own preprocessing. Output L2-normalised here so both
 * embedders compare the same way (cosine = dot product).
 */
final class SFaceEmbedder implements FaceEmbedder {

    private final FaceRecognizerSF recognizer;
    private final Mat row = new Mat(1, 15, CV_32F);
    private final Mat aligned = new Mat();
    private final Mat feature = new Mat();

    private SFaceEmbedder(FaceRecognizerSF recognizer) {
        this.recognizer = recognizer;
    }

    static SFaceEmbedder load(Path modelsDir, String fileName) throws ModelException {
        String what = EmbedderKind.SFACE.description();
        Path file = ModelFiles.require(modelsDir, fileName, what, EmbedderKind.SFACE.whereToGetIt());
        FaceRecognizerSF recognizer;
        try {
            recognizer = FaceRecognizerSF.create(file.toString(), "");
        } catch (RuntimeException e) {
            throw new ModelException("model file " + file + " is not a loadable ONNX model (expected " + what + "): "
                    + OpenCvErrors.reason(e));
        }
        if (recognizer == null || recognizer.isNull()) {
            throw new ModelException("model file " + file + " could not be loaded (expected " + what + ")");
        }
        SFaceEmbedder embedder = new SFaceEmbedder(recognizer);
        try (Mat grey = new Mat(FaceAligner.SIZE, FaceAligner.SIZE, CV_8UC3,
                new Scalar(128, 128, 128, 0))) {
            recognizer.feature(grey, embedder.feature);
            if (embedder.feature.total() != DIMENSION) {
                long dims = embedder.feature.total();
                embedder.close();
                throw new ModelException("model file " + file + " gives " + dims + " values per face, expected a "
                        + DIMENSION + "-d embedding (" + what + ")");
            }
        } catch (RuntimeException e) {
            embedder.close();
            throw new ModelException("model file " + file + " loads but does not run as SFace (" + what + "): "
                    + OpenCvErrors.reason(e));
        }
        return embedder;
    }

    @Override
    public EmbedderKind kind() {
        return EmbedderKind.SFACE;
    }

    @Override
    public float[] embed(Mat frame, FaceBox face) {
        try (FloatIndexer idx = row.createIndexer()) {
            idx.put(0, 0, face.x());
            idx.put(0, 1, face.y());
            idx.put(0, 2, face.w());
            idx.put(0, 3, face.h());
            for (int i = 0; i < 2 * FaceBox.LANDMARKS; i++) {
                idx.put(0, 4 + i, face.landmarks()[i]);
            }
            idx.put(0, 14, face.score());
        }
        recognizer.alignCrop(frame, row, aligned);
        recognizer.feature(aligned, feature);
        float[] values = new float[(int) feature.total()];
        try (FloatIndexer idx = feature.createIndexer()) {
            idx.get(0, values);
        }
        return Embeddings.normalise(values);
    }

    @Override
    public void close() {
        recognizer.close();
        row.close();
        aligned.close();
        feature.close();
    }
}
