package org.vitrine.devices.camera;

/**
 * How useful one sighting of a face is for recognition, 0..1: the product of three factors, each
 * 0..1, so any one of them being poor makes the whole poor.
 * <ul>
 *   <li><b>size</b>: the box's short side from {@code minFacePx} (0) up to 112 px, the embedder's
 *       input size (1): a smaller face is upscaled into the crop and loses the detail that separates people;</li>
 *   <li><b>detector score</b>: YuNet's confidence as is (blur, occlusion and odd lighting lower it);</li>
 *   <li><b>frontality</b>: how far the nose sits from the midline of the eyes, measured along the eye
 *       axis (so head tilt does not count: alignment undoes it). A face turned away shows the nose
 *       near one eye and its embedding drifts towards "anyone in profile".</li>
 * </ul>
 */
public final class FaceQuality {

    /** The embedder's crop size: more pixels than this add nothing. */
    static final float GOOD_FACE_PX = FaceAligner.SIZE;

    private final float minFacePx;

    public FaceQuality(float minFacePx) {
        if (!(minFacePx >= 0 && minFacePx < GOOD_FACE_PX)) {
            throw new IllegalArgumentException("minFacePx must be 0.." + (int) GOOD_FACE_PX + ", got " + minFacePx);
        }
        this.minFacePx = minFacePx;
    }

    public double of(FaceBox face) {
        return size(face) * clamp(face.score()) * frontality(face);
    }

    double size(FaceBox face) {
        return clamp((face.size() - minFacePx) / (GOOD_FACE_PX - minFacePx));
    }

    static double frontality(FaceBox face) {
        double ex = face.landmarkX(1) - face.landmarkX(0);
        double ey = face.landmarkY(1) - face.landmarkY(0);
        double eyeDistance = Math.hypot(ex, ey);
        if (eyeDistance < 1e-3) {
            return 0;
        }
        double midX = (face.landmarkX(0) + face.landmarkX(1)) / 2;
        double midY = (face.landmarkY(0) + face.landmarkY(1)) / 2;
        // nose offset from the eye midpoint, projected on the eye axis, in half eye distances:
        // 0 frontal, 1 when the nose is in line with an eye (about 45-60 degrees of yaw)
        double along = ((face.landmarkX(2) - midX) * ex + (face.landmarkY(2) - midY) * ey) / eyeDistance;
        return clamp(1 - Math.abs(along) / (eyeDistance / 2));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
