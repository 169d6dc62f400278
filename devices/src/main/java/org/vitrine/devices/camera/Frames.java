package org.vitrine.devices.camera;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Frame geometry helpers shared by the agent, the benchmark and the tests. */
public final class Frames {

    private Frames() {
    }

    /**
     * {@code src} scaled to fit inside width x height (aspect kept, never enlarged beyond the box)
     * and centred on black: how a photo becomes a 640x480 camera frame.
     */
    public static Mat letterbox(Mat src, int width, int height) {
        double scale = Math.min((double) width / src.cols(), (double) height / src.rows());
        int w = Math.max(1, (int) Math.round(src.cols() * scale));
        int h = Math.max(1, (int) Math.round(src.rows() * scale));
        Mat out = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(0.0));
        try (Mat scaled = new Mat(); Size size = new Size(w, h);
             Rect where = new Rect((width - w) / 2, (height - h) / 2, w, h); Mat roi = new Mat(out, where)) {
            resize(src, scaled, size, 0, 0, INTER_AREA);
            scaled.copyTo(roi);
        }
        return out;
    }

    /**
     * Scales {@code src} down into {@code dst} so it is at most {@code maxWidth} wide, and returns the
     * factor from {@code dst} back to {@code src} pixels (1 when no scaling was needed and dst is
     * left untouched). Detection cost grows with the pixel count; faces far from a 1080p camera
     * are still detected at 640.
     */
    public static float downscale(Mat src, Mat dst, int maxWidth) {
        if (maxWidth <= 0 || src.cols() <= maxWidth) {
            return 1f;
        }
        double scale = (double) maxWidth / src.cols();
        try (Size size = new Size(maxWidth, (int) Math.round(src.rows() * scale))) {
            resize(src, dst, size, 0, 0, INTER_AREA);
        }
        return (float) (1 / scale);
    }
}
