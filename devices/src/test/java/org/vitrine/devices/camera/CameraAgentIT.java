package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.devices.sim.Mosquitto;

/**
 * The camera agent end to end, exactly as from the command line: a video file built from the
 * shared photos plays through its frame grabber, and a real mosquitto broker receives its
 * sightings. Nine people are enrolled from one photo each (as the hub will do); the video shows
 * their other photos, so the tracks' embeddings must name the right person for each.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraAgentIT {

    private static final String CAMERA = "cam-test";
    private static final String PASSWORD = "pw-cam-test";
    private static final int FRAMES_EACH = 10; // 1 s per photo: room for a split (<= verifyEveryMs) and confirmation under load
    private static final double FPS = 10;

    @TempDir
    static Path tmp;

    private static Mosquitto broker;
    private static final Gallery GALLERY = new Gallery();
    /** What the video shows, in order: identity per photo (null for the couple photo's stranger). */
    private static final List<SharedData.Photo> SHOWN = new ArrayList<>();
    private static Path video;

    @BeforeAll
    static void setUp() throws ModelException {
        broker = Mosquitto.start(tmp.resolve("broker"), Mosquitto.freePort());
        // enrol everyone from their first photo; the video interleaves their other photos so that
        // consecutive photos are mostly different people standing in the same place
        List<List<SharedData.Photo>> rest = new ArrayList<>();
        try (FaceModels models = FaceModels.load(SharedData.modelSettings(), 0.8f)) {
            for (Map.Entry<String, List<SharedData.Photo>> person : SharedData.byIdentity().entrySet()) {
                try (Mat frame = SharedData.frame(person.getValue().get(0))) {
                    GALLERY.enrol(person.getKey(), models.embed(frame, models.detect(frame).get(0)));
                }
                rest.add(new ArrayList<>(person.getValue().subList(1, person.getValue().size())));
            }
        }
        boolean more = true;
        while (more) {
            more = false;
            for (List<SharedData.Photo> photos : rest) {
                if (!photos.isEmpty()) {
                    SHOWN.add(photos.remove(0));
                    more = true;
                }
            }
        }
        SHOWN.add(SharedData.couple()); // two faces at once: person df_A and a stranger
        video = TestVideo.write(tmp.resolve("store-door.mp4"), SHOWN, FRAMES_EACH, FPS);
    }

    @AfterAll
    static void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aVideoOfPhotosBecomesSightingsOfTheRightPeopleOverMqtt() throws Exception {
        // GIVEN a store conf with the camera's password, an agent conf, and a subscriber on the broker
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("store.yaml"), """
                zones: [{ id: entrance, name: Entrance }]
                devices:
                  - { id: cam-test, kind: camera, zone: entrance, password: pw-cam-test }
                """);
        Path agentConf = Files.writeString(conf.resolve("camera-agent.yaml"), """
                camera: cam-test
                source: %s
                models:
                  dir: %s
                """.formatted(video, SharedData.modelsDir()));
        Vertx vertx = Vertx.vertx();
        List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
        List<String> topics = Collections.synchronizedList(new ArrayList<>());
        MqttClient subscriber = MqttClient.create(vertx, new MqttClientOptions().setClientId("it-camera-sub"));
        subscriber.publishHandler(message -> {
            topics.add(message.topicName());
            received.add(new JsonObject(message.payload()));
        });
        subscriber.connect(broker.port(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        subscriber.subscribe("vitrine/v1/devices/+/sightings", 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long startedAt = System.currentTimeMillis();

        // WHEN the agent plays the video at its frame rate, as it would a camera
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"--config", agentConf.toString(), "--conf", conf.toString()};
        Map<String, String> env = Map.of("VITRINE_MQTT_HOST", "127.0.0.1", "VITRINE_MQTT_PORT", Integer.toString(broker.port()));
        int exit = CompletableFuture.supplyAsync(() -> CameraAgent.run(args, env, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)),
                task -> new Thread(task, "camera-agent-main").start()).get(90, TimeUnit.SECONDS);
        awaitQuiet(received, 1_000);
        subscriber.disconnect();
        vertx.close();

        // THEN it ended by itself, having logged in to the broker as its device id
        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        assertThat(broker.log()).contains("u'" + CAMERA + "'");
        assertThat(received).as("sightings").isNotEmpty();
        assertThat(topics).allMatch(("vitrine/v1/devices/" + CAMERA + "/sightings")::equals);

        // every sighting is a v1 sighting plus embedding and quality, with no shopper and no image
        Map<String, List<float[]>> embeddingsByTrack = new TreeMap<>(CameraAgentIT::byCreation);
        for (JsonObject sighting : received) {
            assertThat(sighting.fieldNames()).as("%s", sighting).containsExactlyInAnyOrder("v", "ts", "track", "quality", "embedding");
            assertThat(sighting.encode().length()).as("payload bytes").isLessThan(2_500);
            assertThat(sighting.getInteger("v")).isEqualTo(1);
            assertThat(sighting.getLong("ts")).isBetween(startedAt, System.currentTimeMillis());
            assertThat(sighting.getString("track")).startsWith(CAMERA + "-").hasSizeLessThanOrEqualTo(64);
            assertThat(sighting.getDouble("quality")).isBetween(0.3, 1.0);
            float[] embedding = embedding(sighting.getJsonArray("embedding"));
            embeddingsByTrack.computeIfAbsent(sighting.getString("track"), t -> new ArrayList<>()).add(embedding);
        }

        // each track is one person: all its embeddings name the same enrolled person, or nobody
        Map<String, String> personByTrack = new LinkedHashMap<>();
        embeddingsByTrack.forEach((track, embeddings) -> {
            Set<String> people = new HashSet<>();
            embeddings.forEach(e -> people.add(String.valueOf(GALLERY.identify(e))));
            assertThat(people).as("people seen on track %s", track).hasSize(1);
            personByTrack.put(track, GALLERY.identify(embeddings.get(0)));
        });
        System.out.println("tracks in order of creation → person: " + personByTrack);

        // the people appear in the order the video shows them (consecutive photos of one person may
        // share a track; the couple's stranger is the only unknown face, seen with df_A at the end)
        List<String> tracks = new ArrayList<>(personByTrack.keySet());
        List<String> lastTwo = tracks.subList(tracks.size() - 2, tracks.size()).stream().map(personByTrack::get).toList();
        assertThat(lastTwo).containsExactlyInAnyOrder("df_A", null);
        assertThat(personByTrack.values().stream().filter(Objects::isNull).count()).as("unknown tracks").isEqualTo(1);
        assertThat(collapse(personByTrack.values().stream().filter(Objects::nonNull).toList()))
                .isEqualTo(collapse(SHOWN.stream().map(SharedData.Photo::identity).filter(Objects::nonNull).toList()));
        assertThat(tracks.size()).as("tracks").isBetween(13, SHOWN.size() + 1);
    }

    private static float[] embedding(JsonArray values) {
        assertThat(values).hasSize(FaceEmbedder.DIMENSION);
        float[] out = new float[values.size()];
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            double v = values.getDouble(i);
            assertThat(Math.abs(v * 10_000 - Math.rint(v * 10_000))).as("4 decimals: %s", v).isLessThan(1e-6);
            out[i] = (float) v;
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isBetween(0.99, 1.01);
        return out;
    }

    /** Track ids end in their creation number: cam-test-<run>-<n>. */
    private static int byCreation(String a, String b) {
        return Long.compare(Long.parseLong(a.substring(a.lastIndexOf('-') + 1)), Long.parseLong(b.substring(b.lastIndexOf('-') + 1)));
    }

    private static List<String> collapse(List<String> people) {
        List<String> out = new ArrayList<>();
        for (String person : people) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(person)) {
                out.add(person);
            }
        }
        return out;
    }

    private static void awaitQuiet(List<?> received, long quietMs) {
        int last = -1;
        while (received.size() != last) {
            last = received.size();
            Mosquitto.sleep(quietMs);
        }
    }
}
