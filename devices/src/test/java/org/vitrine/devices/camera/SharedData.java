package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.fail;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The face models and labelled photos the tests run on. They live in {@code shared/} beside the
 * project (never copied into the repository): the project root is the system property
 * {@code vitrine.project.root} if set, else the parent of the module directory.
 */
final class SharedData {

    static final int FRAME_WIDTH = 640;
    static final int FRAME_HEIGHT = 480;

    /** One labelled photo: file name and anonymous identity (df_A ...), identity null for couple.jpg. */
    record Photo(String file, String identity) {
        Path path() {
            return facesDir().resolve(file);
        }
    }

    private SharedData() {
    }

    static Path projectRoot() {
        String property = System.getProperty("vitrine.project.root");
        Path root = property != null && !property.isBlank() ? Path.of(property) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path modelsDir() {
        return existing(projectRoot().resolve("../shared/models").normalize());
    }

    static Path facesDir() {
        return existing(projectRoot().resolve("../shared/faces").normalize());
    }

    /** The labelled photos in labels.csv order (couple.jpg excluded). */
    static List<Photo> labelledPhotos() {
        try {
            List<Photo> photos = new ArrayList<>();
            for (String line : Files.readAllLines(facesDir().resolve("labels.csv"))) {
                String[] cells = line.split(",", -1);
                if (cells.length < 2 || cells[0].equals("file") || cells[1].isBlank()) {
                    continue;
                }
                photos.add(new Photo(cells[0].trim(), cells[1].trim()));
            }
            return Collections.unmodifiableList(photos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<Photo>> byIdentity() {
        Map<String, List<Photo>> people = new LinkedHashMap<>();
        for (Photo photo : labelledPhotos()) {
            people.computeIfAbsent(photo.identity(), k -> new ArrayList<>()).add(photo);
        }
        return people;
    }

    static Photo couple() {
        return new Photo("couple.jpg", null);
    }

    /** The photo as a 640x480 camera frame (scaled to fit, centred on black). */
    static Mat frame(Photo photo) {
        try (Mat image = imread(photo.path().toString())) {
            if (image.empty()) {
                fail("cannot read " + photo.path());
            }
            return Frames.letterbox(image, FRAME_WIDTH, FRAME_HEIGHT);
        }
    }

    static ModelSettings modelSettings() {
        return ModelSettings.defaults(modelsDir());
    }

    private static Path existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            fail(dir + " is missing: the camera tests need shared/models and shared/faces beside the project "
                    + "(or -Dvitrine.project.root pointing at a project that has them beside it)");
        }
        return dir;
    }
}
