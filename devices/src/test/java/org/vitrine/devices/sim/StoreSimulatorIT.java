package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real mosquitto broker, watched by a real mosquitto_sub: what goes over
 * the wire must be contract sightings, on each zone's camera topic, in the order the plan walks.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class StoreSimulatorIT {

    private static final double SPEED = 50;
    private static final long SEED = 20_251_124;
    private static final int MESSAGES = 60;

    @TempDir
    static Path tmp;

    private static Mosquitto broker;
    private final List<AutoCloseable> processes = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.start(tmp.resolve("broker"), Mosquitto.freePort());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (AutoCloseable process : processes) {
            process.close();
        }
    }

    @Test
    void aOncePassPublishesContractSightingsOnTheRightCameras(Vertx vertx, VertxTestContext ctx) throws Exception {
        // GIVEN a store conf, the walks the simulator will play for a fixed seed, and a real
        // subscriber on every camera's sightings topic
        Path conf = TestConf.demo(tmp.resolve("once-conf"));
        StoreLayout layout = ConfLoader.load(conf);
        Map<String, Walk> plannedByTrack = new WalkPlan(layout.watchedZones(), layout.shoppers(),
                WalkSettings.defaults().faster(SPEED), SEED).firstPass().stream()
                .collect(Collectors.toMap(Walk::track, Function.identity()));
        Map<String, String> zoneByDevice = layout.cameras().stream().collect(Collectors.toMap(Camera::id, Camera::zone));
        MosquittoSub sub = track(MosquittoSub.start(broker, MESSAGES));
        long startedAt = System.currentTimeMillis();

        // WHEN the simulator runs one fast pass, exactly as from the command line
        String[] args = {"--conf", conf.toString(), "--once", "--speed", Double.toString(SPEED), "--seed", Long.toString(SEED)};
        Map<String, String> env = Map.of("VITRINE_MQTT_HOST", "127.0.0.1", "VITRINE_MQTT_PORT", Integer.toString(broker.port()));
        // (on a plain thread, like main: run() blocks until the pass is over)
        Future<Integer> exitCode = Future.fromCompletionStage(CompletableFuture.supplyAsync(
                () -> StoreSimulator.run(args, env, System.out, System.err), task -> new Thread(task, "simulator-main").start()));
        Future<List<MosquittoSub.Received>> received = Future.fromCompletionStage(sub.messages());

        // THEN it ends by itself with exit code 0 and the subscriber got contract sightings
        exitCode.onSuccess(code -> {
            if (code != 0) {
                ctx.failNow("the simulator exited with " + code);
            }
        });
        Future.all(exitCode, received).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
            assertThat(exitCode.result()).isZero();
            List<MosquittoSub.Received> messages = received.result();
            assertThat(messages).hasSize(MESSAGES);
            Map<String, List<String>> zonesSeenByTrack = new LinkedHashMap<>();
            for (MosquittoSub.Received message : messages) {
                // on a camera's own sightings topic, delivered at QoS 1
                assertThat(message.topic()).matches("vitrine/v1/devices/[^/]+/sightings");
                String device = message.topic().split("/")[3];
                assertThat(zoneByDevice).containsKey(device);
                assertThat(message.qos()).as("QoS of %s", message).isEqualTo(1);
                // a valid v1 sighting: only contract fields, required track, sane values
                JsonObject sighting = new JsonObject(message.payload());
                assertThat(sighting.fieldNames()).isSubsetOf(Set.of("v", "ts", "track", "shopper", "confidence"));
                assertThat(sighting.getInteger("v")).isEqualTo(1);
                assertThat(sighting.getLong("ts")).isBetween(startedAt, System.currentTimeMillis());
                assertThat(sighting.getString("track")).isNotBlank().hasSizeLessThanOrEqualTo(64);
                assertThat(sighting.getDouble("confidence")).isBetween(0.0, 1.0);
                // from a planned walker: recognised ones name their shopper, anonymous ones no shopper field
                Walk walk = plannedByTrack.get(sighting.getString("track"));
                assertThat(walk).as("planned walk of %s", message).isNotNull();
                if (walk.recognised()) {
                    assertThat(sighting.getString("shopper")).isEqualTo(walk.shopper());
                } else {
                    assertThat(sighting.containsKey("shopper")).as("anonymous %s", message).isFalse();
                }
                // seen by the camera of a zone on that walker's route
                String zone = zoneByDevice.get(device);
                assertThat(walk.zones()).contains(zone);
                List<String> seen = zonesSeenByTrack.computeIfAbsent(walk.track(), t -> new ArrayList<>());
                if (!seen.contains(zone)) {
                    seen.add(zone);
                }
            }
            // every walker first shows up at the entrance, then follows the planned route
            zonesSeenByTrack.forEach((track, zones) -> {
                assertThat(zones.get(0)).as("first zone of %s", track).isEqualTo("entrance");
                assertThat(plannedByTrack.get(track).zones()).as("route of %s", track).startsWith(zones.toArray(String[]::new));
            });
            // and the store is alive: recognised and anonymous people, several zones
            assertThat(messages).anySatisfy(m -> assertThat(m.payload()).contains("\"shopper\""));
            assertThat(messages).anySatisfy(m -> assertThat(m.payload()).doesNotContain("\"shopper\""));
            assertThat(messages.stream().map(MosquittoSub.Received::topic).distinct().count()).isGreaterThanOrEqualTo(2);
            ctx.completeNow();
        })));
    }

    @Test
    void camerasConnectWhenTheHubComesUpLateAndReconnectAfterItRestarts(Vertx vertx, VertxTestContext ctx) throws Exception {
        // GIVEN a simulator started while nothing listens on its hub port yet
        Path conf = TestConf.demo(tmp.resolve("late-conf"));
        int port = Mosquitto.freePort();
        SimOptions options = SimOptions.parse(new String[]{"--conf", conf.toString(), "--speed", "20", "--duration", "80"},
                Map.of("VITRINE_MQTT_PORT", Integer.toString(port)));
        Simulation simulation = new Simulation(ConfLoader.load(conf), options);
        String deployment = vertx.deployVerticle(simulation).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Mosquitto.sleep(1_500);

        // WHEN the hub comes up late
        try (Mosquitto late = Mosquitto.start(tmp.resolve("late"), port); MosquittoSub sub = MosquittoSub.start(late, 5)) {
            // THEN sightings arrive without restarting the simulator
            assertThat(sub.messages().get(30, TimeUnit.SECONDS)).hasSize(5);
        }

        // WHEN the hub goes away and comes back on the same port
        Mosquitto.sleep(500);
        try (Mosquitto again = Mosquitto.start(tmp.resolve("again"), port); MosquittoSub sub = MosquittoSub.start(again, 5)) {
            // THEN the cameras reconnect and sightings flow again
            assertThat(sub.messages().get(30, TimeUnit.SECONDS)).hasSize(5);
        }
        assertThat(simulation.finished().isComplete()).isFalse();
        vertx.undeploy(deployment).onComplete(ctx.succeedingThenComplete());
    }

    private <T extends AutoCloseable> T track(T process) {
        processes.add(process);
        return process;
    }
}
