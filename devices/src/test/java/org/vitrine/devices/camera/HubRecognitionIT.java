package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/**
 * Camera agent and hub together, nothing simulated: videos built from the shared photos play
 * through the agent's frame grabber, its sightings (real MobileFaceNet embeddings) travel over MQTT
 * to a real hub, which enrols the person through its QR check-in path at the entrance and then
 * recognises them on another camera in another zone, whose screen gets their content.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HubRecognitionIT {

    private static final double FPS = 10;

    @TempDir
    static Path tmp;

    /** Runs the agent as from the command line, as {@code camera} of the demo store, against the hub. */
    private static CompletableFuture<Integer> agent(String camera, Path video, int mqttPort, ByteArrayOutputStream err) throws Exception {
        Path conf = Files.writeString(tmp.resolve(camera + ".yaml"), """
                camera: %s
                source: %s
                models:
                  dir: %s
                """.formatted(camera, video, SharedData.modelsDir()));
        String[] args = {"--config", conf.toString(), "--conf", TestHub.demoConf().toString()};
        Map<String, String> env = Map.of("VITRINE_MQTT_HOST", "127.0.0.1", "VITRINE_MQTT_PORT", Integer.toString(mqttPort));
        return CompletableFuture.supplyAsync(() -> CameraAgent.run(args, env, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)),
                task -> new Thread(task, "agent-" + camera).start());
    }

    @Test
    void aPersonCheckedInAtTheEntranceIsRecognisedInApparelAndTheApparelScreenPlaysTheirContent() throws Exception {
        List<SharedData.Photo> personA = SharedData.byIdentity().get("df_A");
        SharedData.Photo someoneElse = SharedData.byIdentity().get("df_D").get(0);
        // the door: person A for 4 s; the aisle: three other photos of A, then another person
        Path door = TestVideo.write(tmp.resolve("door.mp4"), List.of(personA.get(0)), 40, FPS);
        Path aisle = TestVideo.write(tmp.resolve("aisle.mp4"), List.of(personA.get(1), personA.get(2), personA.get(3), someoneElse), 20, FPS);

        Vertx vertx = Vertx.vertx();
        TestHub hub = TestHub.start(vertx, TestHub.demoConf());
        Rest rest = new Rest(hub.httpPort());
        try (ScreenClient apparel = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1")) {
            // GIVEN person A stands at the entrance camera and checks in on the phone page as loyalty member Ben
            ByteArrayOutputStream doorErr = new ByteArrayOutputStream();
            CompletableFuture<Integer> doorAgent = agent("cam-entrance", door, hub.mqttPort(), doorErr);
            String token = Checkins.token(rest);
            Rest.Answer checkIn = null;
            for (int i = 0; i < 300; i++) {
                // his membership proven with the member id and secret the loyalty programme gave him
                checkIn = rest.post("/api/checkin", Checkins.bySecret(token, "ben", Checkins.secretOf("ben")));
                if (checkIn.status() != 409) {
                    break;
                }
                Thread.sleep(100); // until the agent's first sighting with a face has reached the hub
            }
            assertThat(checkIn.status()).as("check-in: %s", checkIn.json()).isEqualTo(201);
            assertThat(doorAgent.get(60, TimeUnit.SECONDS)).as("door agent exit; stderr: %s", doorErr).isZero();
            long matchedBefore = hub.hub.counters().get("identity.matched");

            // WHEN the apparel camera's agent plays other photos of A, then of someone else
            ByteArrayOutputStream aisleErr = new ByteArrayOutputStream();
            CompletableFuture<Integer> aisleAgent = agent("cam-apparel", aisle, hub.mqttPort(), aisleErr);

            // THEN the hub recognises A as Ben in apparel, and the apparel screen plays his content
            JsonObject play = apparel.next("play", Duration.ofSeconds(60));
            assertThat(play.getJsonObject("content").getString("id")).isEqualTo("kids-denim-card");
            assertThat(apparel.shopperOf(play)).isEqualTo("ben");
            assertThat(Eventually.value(() -> hub.hub.presenceStore().stored().await().getOrDefault("ben", "{}"),
                    json -> "apparel".equals(new JsonObject(json).getString("zone")))).contains("\"zone\":\"apparel\"");
            assertThat(aisleAgent.get(60, TimeUnit.SECONDS)).as("aisle agent exit; stderr: %s", aisleErr).isZero();
            // AND the other person was only counted
            assertThat(hub.hub.counters().get("identity.matched")).isGreaterThan(matchedBefore);
            assertThat(hub.hub.counters().get("identity.unmatched")).isPositive();
            assertThat(Eventually.value(() -> hub.hub.presenceStore().anonymousCount("apparel", System.currentTimeMillis()).await(),
                    n -> n > 0)).isPositive();
            assertThat(hub.hub.presenceStore().stored().await()).containsOnlyKeys("ben");
        } finally {
            hub.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
