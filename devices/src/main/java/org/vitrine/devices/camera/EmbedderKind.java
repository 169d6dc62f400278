package org.vitrine.devices.camera;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The face embedders the agent can run, selected by {@code models.embedder} in camera-agent.yaml. */
public enum EmbedderKind {

    /** MobileFaceNet (128-d) run through opencv_dnn; the default, shipped in ../shared/models. */
    MOBILEFACENET("mobilefacenet", "face_embedding_mobilefacenet.onnx",
            "the MobileFaceNet face embedder, models.embedder: mobilefacenet; see SOURCES.md beside the shared models",
            null),
    /** OpenCV Zoo's SFace (128-d) through FaceRecognizerSF: the alternative a user downloads. */
    SFACE("sface", "face_recognition_sface_2021dec.onnx",
            "OpenCV Zoo's SFace face recogniser, models.embedder: sface",
            "Download face_recognition_sface_2021dec.onnx from the OpenCV Zoo (models/face_recognition_sface)");

    private final String id;
    private final String defaultFile;
    private final String description;
    private final String whereToGetIt;

    EmbedderKind(String id, String defaultFile, String description, String whereToGetIt) {
        this.id = id;
        this.defaultFile = defaultFile;
        this.description = description;
        this.whereToGetIt = whereToGetIt;
    }

    public String id() {
        return id;
    }

    public String defaultFile() {
        return defaultFile;
    }

    /** What the file is, for messages about a missing or wrong file. */
    public String description() {
        return description;
    }

    /** What to do when the file is missing (a download the user makes), or null. */
    public String whereToGetIt() {
        return whereToGetIt;
    }

    /** Null when {@code text} names no embedder; see {@link #names()}. */
    public static EmbedderKind parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.id.equals(wanted)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(EmbedderKind::id).collect(Collectors.joining(", "));
    }
}
