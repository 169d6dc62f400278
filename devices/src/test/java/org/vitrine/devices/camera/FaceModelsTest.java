package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing or wrong model file must fail with a message naming the file and what is wrong, never
 * with OpenCV's C++ exception text.
 */
class FaceModelsTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingDetectorIsNamedWithItsDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model file " + dir.resolve("face_detection_yunet_2023mar.onnx") + " not found")
                .hasMessageContaining("YuNet face detector")
                .hasMessageNotContainingAny("OpenCV(", ".cpp");
    }

    @Test
    void aMissingModelsDirectorySaysHowToSetIt() {
        Path dir = tmp.resolve("nowhere");
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("models directory " + dir + " does not exist")
                .hasMessageContaining("VITRINE_MODELS_DIR");
    }

    @Test
    void aMissingEmbedderIsNamed() throws IOException {
        Path dir = modelsWith("face_detection_yunet_2023mar.onnx");
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model file " + dir.resolve("face_embedding_mobilefacenet.onnx") + " not found")
                .hasMessageContaining("MobileFaceNet");
    }

    @Test
    void selectingSFaceWithoutItsFileSaysWhereToGetIt() {
        // SFace is not on these machines: the real shared models directory lacks it
        ModelSettings sface = SharedData.modelSettings().withEmbedder(EmbedderKind.SFACE);
        assertThatThrownBy(() -> FaceModels.load(sface, 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model file " + SharedData.modelsDir().resolve("face_recognition_sface_2021dec.onnx") + " not found")
                .hasMessageEndingWith("(OpenCV Zoo's SFace face recogniser, models.embedder: sface). Download "
                        + "face_recognition_sface_2021dec.onnx from the OpenCV Zoo (models/face_recognition_sface) into "
                        + SharedData.modelsDir());
    }

    @Test
    void aTruncatedFileIsCalledTooSmall() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("truncated"));
        Files.writeString(dir.resolve("face_detection_yunet_2023mar.onnx"),
                "version https://git-lfs.github.com/spec/v1\noid sha256:8f2383e4\nsize 232589\n");
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(dir.resolve("face_detection_yunet_2023mar.onnx") + " is only")
                .hasMessageContaining("too small");
    }

    @Test
    void aFileThatIsNoOnnxModelIsRejectedWithoutOpenCvNoise() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("garbage"));
        Files.write(dir.resolve("face_detection_yunet_2023mar.onnx"), "not a model ".repeat(5_000).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model file " + dir.resolve("face_detection_yunet_2023mar.onnx"))
                .hasMessageContaining("YuNet")
                .hasMessageNotContainingAny(".cpp:", "OpenCV(");
    }

    @Test
    void theDetectorGivenAsEmbedderIsCalledAnotherModel() throws IOException {
        // a mix-up: YuNet copied under the embedder's name
        Path dir = modelsWith("face_detection_yunet_2023mar.onnx");
        Files.copy(SharedData.modelsDir().resolve("face_detection_yunet_2023mar.onnx"), dir.resolve("face_embedding_mobilefacenet.onnx"));
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model file " + dir.resolve("face_embedding_mobilefacenet.onnx"))
                .hasMessageContaining("another model")
                .hasMessageNotContainingAny(".cpp:", "OpenCV(");
    }

    @Test
    void theEmbedderGivenAsDetectorIsCalledAnotherModel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("swapped"));
        Files.copy(SharedData.modelsDir().resolve("face_embedding_mobilefacenet.onnx"), dir.resolve("face_detection_yunet_2023mar.onnx"));
        assertThatThrownBy(() -> FaceModels.load(ModelSettings.defaults(dir), 0.8f))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model file " + dir.resolve("face_detection_yunet_2023mar.onnx"))
                .hasMessageContaining("YuNet")
                .hasMessageNotContainingAny(".cpp:", "OpenCV(");
    }

    @Test
    void theAgentWithAMissingModelExitsWithTheMessage() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-models"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CameraAgent.run(new String[]{"--camera", "cam-entrance", "--source", "/dev/video0", "--models", empty.toString()},
                Map.of("VITRINE_CAMERA_PASSWORD", "pw", "VITRINE_CAMERA_CONF", writeEmptyConf().toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        System.out.print(message);
        assertThat(code).isEqualTo(CameraAgent.EXIT_USAGE);
        assertThat(message.strip()).isEqualTo("vitrine-camera: model file " + empty.resolve("face_detection_yunet_2023mar.onnx")
                + " not found (the YuNet face detector, OpenCV Zoo's face_detection_yunet_2023mar.onnx). Put it in " + empty
                + ", or point models.dir, --models or VITRINE_MODELS_DIR at the folder that has it");
    }

    private Path modelsWith(String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("partial-" + files.length + "-" + System.nanoTime()));
        for (String file : files) {
            Files.copy(SharedData.modelsDir().resolve(file), dir.resolve(file));
        }
        return dir;
    }

    private Path writeEmptyConf() throws IOException {
        return Files.writeString(tmp.resolve("camera-agent.yaml"), "# defaults only\n");
    }
}
