package org.vitrine.devices.camera;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.devices.sim.Camera;
import org.vitrine.devices.sim.ConfException;

/**
 * The camera agent: one process per camera. Reads frames (webcam, stream or video file), finds and
 * follows faces, and publishes sightings with the face's embedding and quality to the hub over
 * MQTT. Never sends or stores an image. Exit codes: 0 done (a video file ended, or stopped),
 * 1 crashed (e.g. the video file cannot be read), 2 bad options, conf or model.
 */
public final class CameraAgent {

    private static final Logger LOG = LoggerFactory.getLogger(CameraAgent.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** Start processing even if the hub is not reachable by then; sightings are dropped until it is. */
    static final long START_ANYWAY_AFTER_MS = 10_000;
    static final long STATS_EVERY_MS = 30_000;

    private CameraAgent() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole program minus {@code System.exit}, so tests can run it in-process. Blocks until done. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        AgentSettings settings;
        try {
            AgentConfig.Options options = AgentConfig.parseArgs(args);
            if (options.help()) {
                out.println(AgentConfig.USAGE);
                return EXIT_OK;
            }
            settings = AgentConfig.load(options, env);
        } catch (AgentConfig.UsageException e) {
            err.println("vitrine-camera: " + e.getMessage());
            err.println(AgentConfig.USAGE);
            return EXIT_USAGE;
        } catch (ConfException e) {
            err.println("vitrine-camera: bad conf: " + e.getMessage());
            return EXIT_USAGE;
        }
        FaceModels models;
        try {
            FaceModels.useThreads(settings.frames().threads());
            models = FaceModels.load(settings.models(), settings.scoreThreshold());
        } catch (ModelException e) {
            err.println("vitrine-camera: " + e.getMessage());
            return EXIT_USAGE;
        }
        LOG.info("{}: models loaded from {} (detector {}, embedder {})", settings.camera(),
                settings.models().dir().toAbsolutePath().normalize(), settings.models().detectorFile(),
                settings.models().embedder().id());
        return runWith(settings, models);
    }

    /** Runs with models already loaded (owned from here on) until a video file ends or the JVM stops. */
    static int runWith(AgentSettings settings, FaceModels models) {
        Vertx vertx = Vertx.vertx();
        SightingPublisher publisher = new SightingPublisher(
                new Camera(settings.camera(), null, settings.password()), settings.mqttHost(), settings.mqttPort());
        CameraPipeline pipeline = pipeline(settings, models, publisher::offer);
        Thread hook = new Thread(() -> shutdown(pipeline, vertx), "vitrine-camera-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            vertx.deployVerticle(publisher).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            // Processing before the hub accepts us would only drop the first sightings.
            CompletableFuture<Void> connected = publisher.firstConnect().toCompletionStage().toCompletableFuture();
            try {
                connected.get(START_ANYWAY_AFTER_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("{}: the hub at {}:{} is not reachable yet; starting anyway (sightings are dropped until it is)",
                        settings.camera(), settings.mqttHost(), settings.mqttPort());
            }
            long timer = vertx.setPeriodic(STATS_EVERY_MS, t -> logStats(settings.camera(), pipeline, publisher));
            pipeline.start(settings.camera());
            CameraPipeline.Stats stats = pipeline.finished().get();
            vertx.cancelTimer(timer);
            // sightings handed over just before the end are still on their way to the event loop
            publisher.flushed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            LOG.info("{}: {} ended: {} frames read, {} processed, {} dropped (processing behind), {} tracks, "
                            + "{} sightings published, {} dropped while the hub was unreachable",
                    settings.camera(), settings.source(), stats.grabbed(), stats.processed(), stats.dropped(),
                    stats.tracks(), publisher.published(), publisher.dropped());
            return EXIT_OK;
        } catch (ExecutionException e) {
            LOG.error("{}: {}", settings.camera(), e.getCause().getMessage());
            return EXIT_FAILED;
        } catch (Exception e) {
            LOG.error("the camera agent failed", e);
            return EXIT_FAILED;
        } finally {
            shutdown(pipeline, vertx);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** The pipeline for these settings; track ids get a per-run tag so a restart never reuses one. */
    static CameraPipeline pipeline(AgentSettings settings, FaceModels models,
                                   Consumer<CameraSighting> sink) {
        String prefix = settings.camera().length() > 40 ? settings.camera().substring(0, 40) : settings.camera();
        String runTag = Integer.toString(36 * 36 * 36 + new SecureRandom().nextInt(35 * 36 * 36 * 36), 36);
        FaceTracker tracker = new FaceTracker(settings.tracking(), new FaceQuality(settings.minFacePx()), prefix + "-" + runTag);
        SightingPolicy policy = new SightingPolicy(settings.sightingEveryMs(), settings.tracking().confirmAfterFrames());
        return new CameraPipeline(settings.source(), settings.frames(), models, settings.minFacePx(), tracker, policy, sink);
    }

    private static void logStats(String camera, CameraPipeline pipeline, SightingPublisher publisher) {
        CameraPipeline.Stats s = pipeline.stats();
        LOG.info("{}: {} frames read, {} processed ({} ms each on average), {} dropped; {} tracks; {} sightings published, {} dropped",
                camera, s.grabbed(), s.processed(), String.format(Locale.ROOT, "%.1f", s.processMsAvg()),
                s.dropped(), s.tracks(), publisher.published(), publisher.dropped());
    }

    private static void shutdown(CameraPipeline pipeline, Vertx vertx) {
        pipeline.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing Vert.x: {}", e.toString());
        }
    }
}
