package org.vitrine.devices.camera;

import java.nio.file.Path;

/**
 * Where the face models are and which embedder to run ({@code models:} in camera-agent.yaml).
 *
 * @param embedderFile file name of the selected embedder inside {@code dir}
 */
public record ModelSettings(Path dir, String detectorFile, EmbedderKind embedder, String embedderFile) {

    /** The shipped models (YuNet + MobileFaceNet) in {@code dir}. */
    public static ModelSettings defaults(Path dir) {
        return new ModelSettings(dir, YuNetDetector.DEFAULT_FILE, EmbedderKind.MOBILEFACENET,
                EmbedderKind.MOBILEFACENET.defaultFile());
    }

    public ModelSettings withEmbedder(EmbedderKind kind) {
        return new ModelSettings(dir, detectorFile, kind, kind.defaultFile());
    }
}
