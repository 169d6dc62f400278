package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** YuNet on the real photos of ../shared/faces, each as a 640x480 camera frame. */
class FaceDetectionTest {

    private static FaceModels models;

    @BeforeAll
    static void load() throws ModelException {
        models = FaceModels.load(SharedData.modelSettings(), 0.8f);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void findsExactlyOneFaceInEachLabelledPhoto() {
        List<String> wrong = new ArrayList<>();
        for (SharedData.Photo photo : SharedData.labelledPhotos()) {
            try (Mat frame = SharedData.frame(photo)) {
                List<FaceBox> faces = models.detect(frame);
                if (faces.size() != 1) {
                    wrong.add(photo.file() + ": " + faces.size() + " faces");
                    continue;
                }
                FaceBox face = faces.get(0);
                // a plausible face: inside the frame, portrait-shaped, landmarks inside the box
                assertThat(face.score()).as(photo.file()).isBetween(0.8f, 1f);
                assertThat(face.w()).as(photo.file()).isBetween(40f, 640f);
                assertThat(face.h()).as(photo.file()).isGreaterThan(face.w() * 0.9f);
                for (int i = 0; i < FaceBox.LANDMARKS; i++) {
                    assertThat(face.landmarkX(i)).as("%s landmark %d", photo.file(), i).isBetween(face.x(), face.x() + face.w());
                    assertThat(face.landmarkY(i)).as("%s landmark %d", photo.file(), i).isBetween(face.y(), face.y() + face.h());
                }
                // eyes above the nose above the mouth; the image-left eye first (ArcFace template order)
                assertThat(face.landmarkX(0)).as(photo.file()).isLessThan(face.landmarkX(1));
                assertThat(face.landmarkY(2)).as(photo.file()).isGreaterThan(Math.max(face.landmarkY(0), face.landmarkY(1)));
                assertThat(face.landmarkY(3)).as(photo.file()).isGreaterThan(face.landmarkY(2));
            }
        }
        assertThat(wrong).as("photos without exactly one face").isEmpty();
        assertThat(SharedData.labelledPhotos()).hasSize(25);
    }

    @Test
    void findsTwoFacesInTheCouplePhoto() {
        try (Mat frame = SharedData.frame(SharedData.couple())) {
            List<FaceBox> faces = models.detect(frame);
            assertThat(faces).hasSize(2);
            assertThat(faces.get(0).iou(faces.get(1))).isZero();
        }
    }

    @Test
    void findsNothingInAnEmptyFrame() {
        try (Mat black = new Mat(480, 640, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.opencv.opencv_core.Scalar(0.0))) {
            assertThat(models.detect(black)).isEmpty();
        }
    }
}
