package org.vitrine.devices.camera;

/**
 * How frames are read ({@code frames:} in camera-agent.yaml).
 *
 * @param pace          play video files at their frame rate (as a camera would deliver them) rather
 *                      than as fast as they decode; live sources are never paced
 * @param loop          start a video file again when it ends (demo); otherwise the agent stops there
 * @param maxWidth      frames wider than this are scaled down for detection (embeddings still come
 *                      from the full frame); 0 = never
 * @param captureWidth  webcam capture size to ask the device for (0 = its default)
 * @param captureHeight see captureWidth
 * @param timeoutMs     a network stream that delivers nothing for this long is reopened
 * @param threads       OpenCV threads (1 = one core per camera, predictable; 0 = OpenCV's default, all cores)
 */
public record FrameSettings(boolean pace, boolean loop, int maxWidth, int captureWidth, int captureHeight,
                            int timeoutMs, int threads) {

    public static FrameSettings defaults() {
        return new FrameSettings(true, false, 640, 640, 480, 10_000, 1);
    }
}
