package org.vitrine.devices.camera;

/**
 * One face found by the detector, in frame pixels.
 *
 * @param landmarks YuNet's five points as x,y pairs, in the order of the ArcFace template: the eye
 *                  and mouth corner on the image's left first (the person's right), then the nose
 *                  between them: right eye, left eye, nose tip, right mouth corner, left mouth corner
 * @param score     detector confidence 0..1
 */
public record FaceBox(float x, float y, float w, float h, float[] landmarks, float score) {

    public static final int LANDMARKS = 5;

    public FaceBox {
        if (landmarks.length != 2 * LANDMARKS) {
            throw new IllegalArgumentException("expected " + LANDMARKS + " landmarks, got " + landmarks.length / 2);
        }
        landmarks = landmarks.clone();
    }

    public float landmarkX(int i) {
        return landmarks[2 * i];
    }

    public float landmarkY(int i) {
        return landmarks[2 * i + 1];
    }

    public float centreX() {
        return x + w / 2;
    }

    public float centreY() {
        return y + h / 2;
    }

    /** The shorter side of the box: what decides how much detail the 112x112 crop can have. */
    public float size() {
        return Math.min(w, h);
    }

    /** Intersection over union of the two boxes, 0..1. */
    public double iou(FaceBox other) {
        double ix = Math.max(0, Math.min(x + w, other.x + other.w) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + h, other.y + other.h) - Math.max(y, other.y));
        double inter = ix * iy;
        double union = (double) w * h + (double) other.w * other.h - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Distance between the box centres, in pixels. */
    public double centreDistance(FaceBox other) {
        return Math.hypot(centreX() - other.centreX(), centreY() - other.centreY());
    }

    /** The same face in a frame scaled by {@code factor} (frames are scaled down before detection). */
    public FaceBox scaled(float factor) {
        float[] points = landmarks.clone();
        for (int i = 0; i < points.length; i++) {
            points[i] *= factor;
        }
        return new FaceBox(x * factor, y * factor, w * factor, h * factor, points, score);
    }
}
