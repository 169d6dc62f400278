package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * YuNet → ArcFace alignment → MobileFaceNet on the 25 labelled photos (9 people): enrol each person
 * from one photo, recognise their other photos, reject everyone else's; and the false-match /
 * false-non-match counts over all 300 photo pairs at {@link Gallery#THRESHOLD}.
 */
class RecognitionTest {

    private static final Map<SharedData.Photo, float[]> EMBEDDINGS = new LinkedHashMap<>();

    @BeforeAll
    static void embedEveryPhoto() throws ModelException {
        try (FaceModels models = FaceModels.load(SharedData.modelSettings(), 0.8f)) {
            for (SharedData.Photo photo : SharedData.labelledPhotos()) {
                try (Mat frame = SharedData.frame(photo)) {
                    List<FaceBox> faces = models.detect(frame);
                    assertThat(faces).as(photo.file()).hasSize(1);
                    EMBEDDINGS.put(photo, models.embed(frame, faces.get(0)));
                }
            }
        }
    }

    @Test
    void embeddingsAre128dAndUnitLength() {
        EMBEDDINGS.forEach((photo, e) -> {
            assertThat(e).as(photo.file()).hasSize(FaceEmbedder.DIMENSION);
            assertThat(Embeddings.cosine(e, e)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            double norm = 0;
            for (float v : e) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).as(photo.file()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        });
    }

    @Test
    void overAllPairsTheThresholdMakesNoFalseMatchAndNoFalseNonMatch() {
        List<SharedData.Photo> photos = new ArrayList<>(EMBEDDINGS.keySet());
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        int falseMatches = 0;
        int falseNonMatches = 0;
        for (int i = 0; i < photos.size(); i++) {
            for (int j = i + 1; j < photos.size(); j++) {
                double score = Embeddings.cosine(EMBEDDINGS.get(photos.get(i)), EMBEDDINGS.get(photos.get(j)));
                boolean samePerson = photos.get(i).identity().equals(photos.get(j).identity());
                (samePerson ? same : different).add(score);
                if (samePerson && score < Gallery.THRESHOLD) {
                    falseNonMatches++;
                    System.out.printf("false non-match: %s ~ %s %.3f%n", photos.get(i).file(), photos.get(j).file(), score);
                } else if (!samePerson && score >= Gallery.THRESHOLD) {
                    falseMatches++;
                    System.out.printf("false match: %s ~ %s %.3f%n", photos.get(i).file(), photos.get(j).file(), score);
                }
            }
        }
        System.out.printf(Locale.ROOT, "all pairs at threshold %.2f: %d same-person pairs (cosine min %.3f, mean %.3f), "
                        + "%d different-person pairs (cosine max %.3f, mean %.3f, sd %.3f): %d false matches, %d false non-matches%n",
                Gallery.THRESHOLD, same.size(), min(same), mean(same), different.size(), max(different), mean(different),
                sd(different), falseMatches, falseNonMatches);
        assertThat(same).hasSize(38);
        assertThat(different).hasSize(262);
        assertThat(falseMatches).as("false matches over %d different-person pairs", different.size()).isZero();
        assertThat(falseNonMatches).as("false non-matches over %d same-person pairs", same.size()).isZero();
        // and not by a hair: the threshold sits inside the gap with room on both sides
        assertThat(max(different)).isLessThan(Gallery.THRESHOLD - 0.03);
        assertThat(min(same)).isGreaterThan(Gallery.THRESHOLD + 0.03);
    }

    @Test
    void eachPersonEnrolledFromOnePhotoIsRecognisedInTheirOtherPhotosAndNobodyElses() {
        Gallery gallery = new Gallery();
        Map<String, SharedData.Photo> enrolmentPhoto = new LinkedHashMap<>();
        SharedData.byIdentity().forEach((person, photos) -> {
            enrolmentPhoto.put(person, photos.get(0));
            gallery.enrol(person, EMBEDDINGS.get(photos.get(0)));
        });
        int recognised = 0;
        List<String> mistakes = new ArrayList<>();
        for (SharedData.Photo photo : EMBEDDINGS.keySet()) {
            if (enrolmentPhoto.containsValue(photo)) {
                continue;
            }
            String who = gallery.identify(EMBEDDINGS.get(photo));
            if (photo.identity().equals(who)) {
                recognised++;
            } else {
                mistakes.add(photo.file() + " (" + photo.identity() + ") taken for " + who);
            }
        }
        // rejection: with a person left out of the gallery, none of their photos matches anyone
        int rejectedStrangers = 0;
        for (String absent : enrolmentPhoto.keySet()) {
            Gallery without = new Gallery();
            enrolmentPhoto.forEach((person, photo) -> {
                if (!person.equals(absent)) {
                    without.enrol(person, EMBEDDINGS.get(photo));
                }
            });
            for (SharedData.Photo photo : EMBEDDINGS.keySet()) {
                if (photo.identity().equals(absent)) {
                    String who = without.identify(EMBEDDINGS.get(photo));
                    if (who == null) {
                        rejectedStrangers++;
                    } else {
                        mistakes.add(photo.file() + " (" + absent + ", not enrolled) taken for " + who);
                    }
                }
            }
        }
        System.out.printf("enrolment from one photo each: %d of 16 other photos recognised, %d of 25 photos of "
                + "non-enrolled people rejected%n", recognised, rejectedStrangers);
        assertThat(mistakes).isEmpty();
        assertThat(recognised).isEqualTo(16);
        assertThat(rejectedStrangers).isEqualTo(25);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double sd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }
}
