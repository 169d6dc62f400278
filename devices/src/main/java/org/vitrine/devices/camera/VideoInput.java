package org.vitrine.devices.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Where frames come from, through JavaCV's FFmpeg grabber: a V4L2 webcam ({@code /dev/video0}), a
 * network stream ({@code rtsp://}, {@code http(s)://}) or a video file. Frames come out as BGR
 * {@link Mat}s that share the grabber's buffer: valid until the next {@link #next()}.
 */
final class VideoInput implements AutoCloseable {

    enum Kind { WEBCAM, STREAM, FILE }

    /** One frame: pixels (borrowed), and its position in the video in microseconds (files) or 0. */
    record Grabbed(Mat image, long timestampMicros) {
    }

    static {
        // FFmpeg prints stream banners to stderr at INFO; the agent logs what matters itself.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final String source;
    private final Kind kind;
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

    private VideoInput(String source, Kind kind, FFmpegFrameGrabber grabber) {
        this.source = source;
        this.kind = kind;
        this.grabber = grabber;
    }

    static Kind kindOf(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.contains("://")) {
            return Kind.STREAM;
        }
        if (lower.startsWith("/dev/video")) {
            return Kind.WEBCAM;
        }
        return Kind.FILE;
    }

    /**
     * Opens the source.
     *
     * @param timeoutMs how long a network read may block before it fails (live sources)
     * @param width     requested capture width for a webcam (0 = the device's default)
     * @param height    requested capture height for a webcam
     */
    static VideoInput open(String source, int timeoutMs, int width, int height) throws FrameGrabber.Exception {
        Kind kind = kindOf(source);
        if (kind == Kind.FILE && !Files.isRegularFile(Path.of(source))) {
            throw new FrameGrabber.Exception("video file " + Path.of(source).toAbsolutePath() + " not found");
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        switch (kind) {
            case WEBCAM -> {
                grabber.setFormat("video4linux2");
                if (width > 0 && height > 0) {
                    grabber.setImageWidth(width);
                    grabber.setImageHeight(height);
                }
            }
            case STREAM -> {
                // TCP: RTSP over UDP loses packets on busy Wi-Fi, and smeared frames make bad embeddings.
                grabber.setOption("rtsp_transport", "tcp");
                // keep FFmpeg's own buffering small: the agent wants the newest frame, not a backlog
                grabber.setOption("fflags", "nobuffer");
                grabber.setTimeout(timeoutMs);
            }
            case FILE -> {
                // read as it comes; pacing is the pipeline's job
            }
        }
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw e;
        }
        return new VideoInput(source, kind, grabber);
    }

    Kind kind() {
        return kind;
    }

    String source() {
        return source;
    }

    double frameRate() {
        return grabber.getFrameRate();
    }

    int width() {
        return grabber.getImageWidth();
    }

    int height() {
        return grabber.getImageHeight();
    }

    /** The next video frame, or null at the end of a file (or when a stream ends). */
    Grabbed next() throws FrameGrabber.Exception {
        while (true) {
            Frame frame = grabber.grabImage();
            if (frame == null) {
                return null;
            }
            Mat image = converter.convert(frame);
            if (image != null && !image.empty()) {
                return new Grabbed(image, frame.timestamp);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(grabber);
        converter.close();
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // closing after a failure: nothing left to save
        }
    }
}
