package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes a video file from photos with JavaCV's FFmpegFrameRecorder: each photo padded to 640x480
 * and held for a number of frames, as if each person stood in front of the camera for a moment.
 * MPEG-4 part 2 in MP4: an encoder every FFmpeg build has, at a quality close to a decent camera's.
 */
final class TestVideo {

    private TestVideo() {
    }

    static Path write(Path file, List<SharedData.Photo> photos, int framesEach, double fps) {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // no FFmpeg banner in the test output
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), SharedData.FRAME_WIDTH, SharedData.FRAME_HEIGHT, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(2_000_000); // a decent IP camera's bitrate at 640x480
            recorder.setGopSize((int) Math.round(fps));
            recorder.start();
            for (SharedData.Photo photo : photos) {
                try (Mat frame = SharedData.frame(photo)) {
                    for (int i = 0; i < framesEach; i++) {
                        recorder.record(converter.convert(frame));
                    }
                }
            }
            recorder.stop();
        } catch (Exception e) {
            fail("cannot write the test video " + file + ": " + e, e);
        }
        return file;
    }
}
