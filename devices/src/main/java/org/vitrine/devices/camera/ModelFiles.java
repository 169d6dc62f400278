package org.vitrine.devices.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * File-level checks before a model goes anywhere near OpenCV: a missing file would otherwise
 * surface as "Can't read ONNX file" from deep inside the DNN module.
 */
final class ModelFiles {

    /** Smaller than any real face model; what a failed download or a Git LFS pointer looks like. */
    static final long MIN_BYTES = 10_000;

    private ModelFiles() {
    }

    /**
     * @param what          the model's role and origin, e.g. "the YuNet face detector"
     * @param whereToGetIt  what to do when the file is missing, e.g. where to download it; or null
     * @return the absolute path of a readable model file
     */
    static Path require(Path modelsDir, String fileName, String what, String whereToGetIt) throws ModelException {
        Path dir = modelsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ModelException("models directory " + dir + " does not exist (needed for " + fileName + ", "
                    + what + "); set it with models.dir in camera-agent.yaml, --models or VITRINE_MODELS_DIR");
        }
        Path file = dir.resolve(fileName).normalize();
        if (!Files.exists(file)) {
            throw new ModelException("model file " + file + " not found (" + what + "). "
                    + (whereToGetIt != null ? whereToGetIt + " into " + dir
                    : "Put it in " + dir + ", or point models.dir, --models or VITRINE_MODELS_DIR at the folder that has it"));
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelException("model file " + file + " is not a readable file (" + what + ")");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelException("model file " + file + " cannot be read: " + e.getMessage() + " (" + what + ")");
        }
        if (size < MIN_BYTES) {
            throw new ModelException("model file " + file + " is only " + size + " bytes, too small to be "
                    + what + " (an interrupted download or a Git LFS pointer?)");
        }
        return file;
    }
}
