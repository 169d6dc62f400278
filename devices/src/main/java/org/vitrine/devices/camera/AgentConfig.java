package org.vitrine.devices.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitrine.devices.sim.Camera;
import org.vitrine.devices.sim.ConfException;
import org.vitrine.devices.sim.ConfLoader;

/**
 * Builds {@link AgentSettings}: command-line option, then environment variable, then
 * camera-agent.yaml, then the default. Unknown keys in the file are errors (a typo would otherwise
 * silently keep a default). The MQTT password comes from VITRINE_CAMERA_PASSWORD, the agent file,
 * or else the camera's entry in store.yaml, which also proves the camera id exists.
 */
public final class AgentConfig {

    public static final String USAGE = """
            usage: java -cp devices/target/vitrine-devices.jar org.vitrine.devices.camera.CameraAgent [options]
              --config FILE    agent settings (env VITRINE_CAMERA_CONF; default conf/camera-agent.yaml if present)
              --conf DIR       store conf directory with store.yaml (env VITRINE_CONF_DIR, default conf/)
              --camera ID      camera device id from store.yaml (env VITRINE_CAMERA_ID)
              --source SRC     /dev/video0, rtsp://..., http://... or a video file (env VITRINE_CAMERA_SOURCE)
              --models DIR     face models directory (env VITRINE_MODELS_DIR, default ../shared/models)
              --embedder NAME  mobilefacenet (default) or sface
              --no-pace        decode video files as fast as possible (frames are dropped when processing lags)
              --loop           play a video file again and again
              --help           this text
            hub: env VITRINE_MQTT_HOST (default 127.0.0.1), VITRINE_MQTT_PORT (default 1883);
            password: env VITRINE_CAMERA_PASSWORD, else 'password' in the agent file, else store.yaml""";

    static final Path DEFAULT_FILE = Path.of("conf", "camera-agent.yaml");
    static final String DEFAULT_MODELS_DIR = "../shared/models";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("camera", "source", "password", "models", "detection", "frames", "tracking", "sightings"),
            "models", Set.of("dir", "detector", "embedder", "mobilefacenet", "sface"),
            "detection", Set.of("scoreThreshold", "minFacePx"),
            "frames", Set.of("pace", "loop", "maxWidth", "captureWidth", "captureHeight", "timeoutMs", "threads"),
            "tracking", Set.of("iouMatch", "maxJump", "lostAfterMs", "confirmAfterFrames", "minQuality",
                    "verifyEveryMs", "splitBelow", "bestForMs"),
            "sightings", Set.of("everyMs"));

    /** A bad option or environment value; the message names it. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** What the command line asked for; null = not given. */
    record Options(String config, String confDir, String camera, String source, String models, String embedder,
                   boolean noPace, boolean loop, boolean help) {
    }

    private AgentConfig() {
    }

    static Options parseArgs(String[] args) throws UsageException {
        String config = null, conf = null, camera = null, source = null, models = null, embedder = null;
        boolean noPace = false, loop = false, help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config" -> config = value(args, ++i, arg);
                case "--conf" -> conf = value(args, ++i, arg);
                case "--camera" -> camera = value(args, ++i, arg);
                case "--source" -> source = value(args, ++i, arg);
                case "--models" -> models = value(args, ++i, arg);
                case "--embedder" -> embedder = value(args, ++i, arg);
                case "--no-pace" -> noPace = true;
                case "--loop" -> loop = true;
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new Options(config, conf, camera, source, models, embedder, noPace, loop, help);
    }

    /** Settings from options, environment and files; throws with every message naming its source. */
    static AgentSettings load(Options options, Map<String, String> env) throws UsageException, ConfException {
        String configText = first(options.config(), env.get("VITRINE_CAMERA_CONF"));
        Path file = configText != null ? Path.of(configText) : DEFAULT_FILE;
        JsonNode root = configText != null || Files.isRegularFile(file) ? read(file) : YAML.createObjectNode();
        checkKeys(file, root, "");

        String camera = first(options.camera(), env.get("VITRINE_CAMERA_ID"), text(file, root, "camera"));
        if (camera == null) {
            throw new UsageException("no camera id: set 'camera' in " + file + ", --camera or VITRINE_CAMERA_ID");
        }
        String source = first(options.source(), env.get("VITRINE_CAMERA_SOURCE"), text(file, root, "source"));
        if (source == null) {
            throw new UsageException("no frame source: set 'source' in " + file + ", --source or VITRINE_CAMERA_SOURCE "
                    + "(/dev/video0, rtsp://..., or a video file)");
        }
        String password = first(env.get("VITRINE_CAMERA_PASSWORD"), text(file, root, "password"));
        if (password == null) {
            Path confDir = Path.of(first(options.confDir(), env.get("VITRINE_CONF_DIR"), "conf"));
            password = passwordFromStore(confDir, camera);
        }
        String host = first(env.get("VITRINE_MQTT_HOST"), "127.0.0.1");
        int port = port(env.getOrDefault("VITRINE_MQTT_PORT", "1883"));

        JsonNode m = section(file, root, "models");
        String embedderText = first(options.embedder(), text(file, m, "models.embedder"), EmbedderKind.MOBILEFACENET.id());
        EmbedderKind embedder = EmbedderKind.parse(embedderText);
        if (embedder == null) {
            String where = options.embedder() != null ? "--embedder" : file + ": models.embedder";
            throw new UsageException(where + ": unknown embedder '" + embedderText + "' (known: " + EmbedderKind.names() + ")");
        }
        String embedderFile = first(text(file, m, "models." + embedder.id()), embedder.defaultFile());
        ModelSettings models = new ModelSettings(
                Path.of(first(options.models(), env.get("VITRINE_MODELS_DIR"), text(file, m, "models.dir"), DEFAULT_MODELS_DIR)),
                first(text(file, m, "models.detector"), YuNetDetector.DEFAULT_FILE), embedder, embedderFile);

        JsonNode d = section(file, root, "detection");
        float scoreThreshold = (float) number(file, d, "detection.scoreThreshold", 0.8, 0.05, 1);
        float minFacePx = (float) number(file, d, "detection.minFacePx", 40, 0, FaceQuality.GOOD_FACE_PX - 1);

        FrameSettings fd = FrameSettings.defaults();
        JsonNode f = section(file, root, "frames");
        FrameSettings frames = new FrameSettings(
                !options.noPace() && bool(file, f, "frames.pace", fd.pace()),
                options.loop() || bool(file, f, "frames.loop", fd.loop()),
                (int) number(file, f, "frames.maxWidth", fd.maxWidth(), 0, 10_000),
                (int) number(file, f, "frames.captureWidth", fd.captureWidth(), 0, 10_000),
                (int) number(file, f, "frames.captureHeight", fd.captureHeight(), 0, 10_000),
                (int) number(file, f, "frames.timeoutMs", fd.timeoutMs(), 100, 600_000),
                (int) number(file, f, "frames.threads", fd.threads(), 0, 256));

        TrackingSettings td = TrackingSettings.defaults();
        JsonNode t = section(file, root, "tracking");
        TrackingSettings tracking = new TrackingSettings(
                number(file, t, "tracking.iouMatch", td.iouMatch(), 0.01, 1),
                number(file, t, "tracking.maxJump", td.maxJump(), 0, 10),
                (long) number(file, t, "tracking.lostAfterMs", td.lostAfterMs(), 1, 600_000),
                (int) number(file, t, "tracking.confirmAfterFrames", td.confirmAfterFrames(), 1, 1_000),
                number(file, t, "tracking.minQuality", td.minQuality(), 0, 1),
                (long) number(file, t, "tracking.verifyEveryMs", td.verifyEveryMs(), 0, 600_000),
                number(file, t, "tracking.splitBelow", td.splitBelow(), -1, 1),
                (long) number(file, t, "tracking.bestForMs", td.bestForMs(), 1, 3_600_000));

        JsonNode s = section(file, root, "sightings");
        long everyMs = (long) number(file, s, "sightings.everyMs", 2_000, 100, 25_000);
        return new AgentSettings(camera, password, source, host, port, models, scoreThreshold, minFacePx, frames,
                tracking, everyMs);
    }

    private static String passwordFromStore(Path confDir, String camera) throws ConfException, UsageException {
        List<Camera> cameras = ConfLoader.cameras(confDir);
        return cameras.stream().filter(c -> c.id().equals(camera)).map(Camera::password).findFirst()
                .orElseThrow(() -> new UsageException("camera '" + camera + "' is not a camera device in "
                        + confDir.resolve("store.yaml") + " (cameras: "
                        + String.join(", ", cameras.stream().map(Camera::id).toList()) + ")"));
    }

    private static JsonNode read(Path file) throws ConfException {
        if (!Files.isRegularFile(file)) {
            throw new ConfException(file, null, "file not found");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return YAML.createObjectNode(); // an empty file: every default
            }
            if (!root.isObject()) {
                throw new ConfException(file, null, "expected a mapping at the top level");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ConfException(file, null, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfException(file, null, "cannot be read: " + e.getMessage());
        }
    }

    private static JsonNode section(Path file, JsonNode root, String name) throws ConfException {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfException(file, name, "expected a mapping");
        }
        checkKeys(file, node, name);
        return node;
    }

    private static void checkKeys(Path file, JsonNode node, String section) throws ConfException {
        Set<String> allowed = KEYS.get(section);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfException(file, section.isEmpty() ? name : section + "." + name,
                        "unknown setting (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The text at the last segment of {@code field} in {@code node}, or null. */
    private static String text(Path file, JsonNode node, String field) throws ConfException {
        JsonNode value = node.get(field.substring(field.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new ConfException(file, field, "expected a non-empty text, got " + value);
        }
        return value.asText().trim();
    }

    private static double number(Path file, JsonNode node, String field, double dflt, double min, double max)
            throws ConfException {
        JsonNode value = node.get(field.substring(field.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw new ConfException(file, field, "expected a number from " + fmt(min) + " to " + fmt(max) + ", got " + value);
        }
        return value.doubleValue();
    }

    private static boolean bool(Path file, JsonNode node, String field, boolean dflt) throws ConfException {
        JsonNode value = node.get(field.substring(field.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isBoolean()) {
            throw new ConfException(file, field, "expected true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static int port(String text) throws UsageException {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("VITRINE_MQTT_PORT: expected a port number 1-65535, got '" + text + "'");
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + ": a value is required");
        }
        return args[i];
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
