package org.vitrine.devices.camera;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * MobileFaceNet through opencv_dnn, with the preprocessing of ../shared/models/SOURCES.md: ArcFace
 * alignment to 112x112, BGR order, (pixel - 127.5) / 127.5, 128-d output, L2-normalised.
 * ({@code FaceRecognizerSF} cannot run it: it hard-codes SFace's own preprocessing.)
 */
final class MobileFaceNetEmbedder implements FaceEmbedder {

    private static final double SCALE = 1 / 127.5;

    private final Net net;
    private final FaceAligner aligner = new FaceAligner();
    private final Mat aligned = new Mat();
    private final Size size = new Size(FaceAligner.SIZE, FaceAligner.SIZE);
    private final Scalar mean = new Scalar(127.5, 127.5, 127.5, 0);

    private MobileFaceNetEmbedder(Net net) {
        this.net = net;
    }

    static MobileFaceNetEmbedder load(Path modelsDir, String fileName) throws ModelException {
        String what = EmbedderKind.MOBILEFACENET.description();
        Path file = ModelFiles.require(modelsDir, fileName, what, EmbedderKind.MOBILEFACENET.whereToGetIt());
        Net net;
        try {
            net = readNetFromONNX(file.toString());
        } catch (RuntimeException e) {
            throw new ModelException("model file " + file + " is not a loadable ONNX model (expected " + what + "): "
                    + OpenCvErrors.reason(e));
        }
        if (net == null || net.empty()) {
            throw new ModelException("model file " + file + " holds no network (expected " + what + ")");
        }
        MobileFaceNetEmbedder embedder = new MobileFaceNetEmbedder(net);
        // One forward pass on a grey crop proves the file is a 112x112 → 128 embedder, not just any ONNX.
        try (Mat grey = new Mat(FaceAligner.SIZE, FaceAligner.SIZE, CV_8UC3,
                new Scalar(128, 128, 128, 0))) {
            int dims = embedder.forward(grey).length;
            if (dims != DIMENSION) {
                embedder.close();
                throw new ModelException("model file " + file + " gives " + dims + " values per face, expected a "
                        + DIMENSION + "-d embedding (" + what + "); is it another model?");
            }
        } catch (RuntimeException e) {
            embedder.close();
            throw new ModelException("model file " + file + " loads but does not run on a 112x112 face crop ("
                    + what + "; is it another model?): " + OpenCvErrors.reason(e));
        }
        return embedder;
    }

    @Override
    public EmbedderKind kind() {
        return EmbedderKind.MOBILEFACENET;
    }

    @Override
    public float[] embed(Mat frame, FaceBox face) {
        if (!aligner.align(frame, face, aligned)) {
            return null;
        }
        return Embeddings.normalise(forward(aligned));
    }

    private float[] forward(Mat crop) {
        try (Mat blob = blobFromImage(crop, SCALE, size, mean, false, false, CV_32F)) {
            net.setInput(blob);
            try (Mat out = net.forward(); FloatIndexer idx = out.createIndexer()) {
                float[] values = new float[(int) out.total()];
                idx.get(0, values);
                return values;
            }
        }
    }

    @Override
    public void close() {
        net.close();
        aligner.close();
        aligned.close();
        size.close();
        mean.close();
    }
}
