package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.devices.sim.ConfException;

class AgentConfigTest {

    @TempDir
    Path tmp;

    private static final String STORE = """
            zones: [{ id: entrance, name: Entrance }, { id: cafe, name: Cafe }]
            devices:
              - { id: cam-entrance, kind: camera, zone: entrance, password: pw-entrance }
              - { id: speaker-cafe, kind: speaker, password: pw-speaker }
            """;

    @Test
    void theShippedAgentConfIsValidAndUsesTheStorePassword() throws Exception {
        Path project = SharedData.projectRoot();
        AgentSettings s = load(new String[]{"--config", project.resolve("conf/camera-agent.yaml").toString(),
                "--conf", project.resolve("conf").toString()}, Map.of());
        assertThat(s.camera()).isEqualTo("cam-entrance");
        assertThat(s.password()).isEqualTo("demo-cam-entrance");
        assertThat(s.models().embedder()).isEqualTo(EmbedderKind.MOBILEFACENET);
        assertThat(s.models().dir()).isEqualTo(Path.of("../shared/models"));
    }

    @Test
    void defaultsThenFileThenEnvironmentThenCommandLine() throws Exception {
        Path conf = store();
        Path file = Files.writeString(tmp.resolve("agent.yaml"), """
                camera: cam-entrance
                source: /dev/video2
                models: { dir: /opt/models, embedder: sface }
                tracking: { lostAfterMs: 3000 }
                sightings: { everyMs: 5000 }
                """);
        AgentSettings fromFile = load(new String[]{"--config", file.toString(), "--conf", conf.toString()}, Map.of());
        assertThat(fromFile.source()).isEqualTo("/dev/video2");
        assertThat(fromFile.models()).isEqualTo(new ModelSettings(Path.of("/opt/models"), "face_detection_yunet_2023mar.onnx",
                EmbedderKind.SFACE, "face_recognition_sface_2021dec.onnx"));
        assertThat(fromFile.tracking().lostAfterMs()).isEqualTo(3_000);
        assertThat(fromFile.tracking().verifyEveryMs()).isEqualTo(TrackingSettings.defaults().verifyEveryMs());
        assertThat(fromFile.sightingEveryMs()).isEqualTo(5_000);
        assertThat(fromFile.frames()).isEqualTo(FrameSettings.defaults());
        assertThat(fromFile.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(fromFile.mqttPort()).isEqualTo(1883);

        AgentSettings fromEnv = load(new String[]{"--config", file.toString(), "--conf", conf.toString()},
                Map.of("VITRINE_MODELS_DIR", "/env/models", "VITRINE_CAMERA_SOURCE", "rtsp://cam/stream",
                        "VITRINE_MQTT_HOST", "hub.local", "VITRINE_MQTT_PORT", "1884", "VITRINE_CAMERA_PASSWORD", "from-env"));
        assertThat(fromEnv.models().dir()).isEqualTo(Path.of("/env/models"));
        assertThat(fromEnv.source()).isEqualTo("rtsp://cam/stream");
        assertThat(fromEnv.password()).isEqualTo("from-env");
        assertThat(fromEnv.mqttHost()).isEqualTo("hub.local");
        assertThat(fromEnv.mqttPort()).isEqualTo(1884);

        AgentSettings fromArgs = load(new String[]{"--config", file.toString(), "--conf", conf.toString(), "--models", "/cli/models",
                "--source", "door.mp4", "--embedder", "mobilefacenet", "--no-pace", "--loop"}, Map.of("VITRINE_MODELS_DIR", "/env/models"));
        assertThat(fromArgs.models().dir()).isEqualTo(Path.of("/cli/models"));
        assertThat(fromArgs.models().embedder()).isEqualTo(EmbedderKind.MOBILEFACENET);
        assertThat(fromArgs.models().embedderFile()).isEqualTo("face_embedding_mobilefacenet.onnx");
        assertThat(fromArgs.source()).isEqualTo("door.mp4");
        assertThat(fromArgs.frames().pace()).isFalse();
        assertThat(fromArgs.frames().loop()).isTrue();
    }

    @Test
    void mistakesAreNamedByFileAndField() throws IOException {
        Path conf = store();
        assertThatThrownBy(() -> load(conf, "camera: cam-entrance\nsource: x.mp4\ntracking: { lostAfterMS: 3000 }\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("tracking.lostAfterMS: unknown setting (known: bestForMs, confirmAfterFrames, iouMatch, lostAfterMs,");
        assertThatThrownBy(() -> load(conf, "camera: cam-entrance\nsource: x.mp4\nsightings: { everyMs: fast }\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("sightings.everyMs: expected a number from 100 to 25000, got \"fast\"");
        assertThatThrownBy(() -> load(conf, "camera: cam-entrance\nsource: x.mp4\nmodels: { embedder: arcface }\n"))
                .isInstanceOf(AgentConfig.UsageException.class)
                .hasMessageContaining("models.embedder: unknown embedder 'arcface' (known: mobilefacenet, sface)");
        assertThatThrownBy(() -> load(conf, "camera: cam-kitchen\nsource: x.mp4\n"))
                .isInstanceOf(AgentConfig.UsageException.class)
                .hasMessageContaining("camera 'cam-kitchen' is not a camera device in " + conf.resolve("store.yaml") + " (cameras: cam-entrance)");
        assertThatThrownBy(() -> load(conf, "source: x.mp4\n"))
                .isInstanceOf(AgentConfig.UsageException.class)
                .hasMessageContaining("no camera id");
        assertThatThrownBy(() -> load(new String[]{"--config", tmp.resolve("missing.yaml").toString()}, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("missing.yaml: file not found");
        assertThatThrownBy(() -> AgentConfig.parseArgs(new String[]{"--sauce", "x"}))
                .isInstanceOf(AgentConfig.UsageException.class)
                .hasMessage("unknown option '--sauce'");
    }

    private Path store() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("store.yaml"), STORE);
        return conf;
    }

    private AgentSettings load(Path conf, String yaml) throws Exception {
        Path file = Files.writeString(tmp.resolve("agent-" + System.nanoTime() + ".yaml"), yaml);
        return load(new String[]{"--config", file.toString(), "--conf", conf.toString()}, Map.of());
    }

    private static AgentSettings load(String[] args, Map<String, String> env) throws Exception {
        return AgentConfig.load(AgentConfig.parseArgs(args), env);
    }
}
