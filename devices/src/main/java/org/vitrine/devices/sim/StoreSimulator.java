package org.vitrine.devices.sim;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo store alive without hardware: simulated shoppers walk through the zones and the
 * zones' cameras report them to the hub over MQTT. Exit codes: 0 done, 1 crashed, 2 bad options or conf.
 */
public final class StoreSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSimulator.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private StoreSimulator() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole program minus {@code System.exit}, so tests can run it in-process. Blocks until done. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        SimOptions options;
        try {
            options = SimOptions.parse(args, env);
        } catch (SimOptions.UsageException e) {
            err.println("vitrine-sim: " + e.getMessage());
            err.println(SimOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(SimOptions.USAGE);
            return EXIT_OK;
        }
        StoreLayout layout;
        try {
            layout = ConfLoader.load(options.confDir());
        } catch (ConfException e) {
            err.println("vitrine-sim: bad store conf: " + e.getMessage());
            return EXIT_USAGE;
        }
        return simulate(layout, options);
    }

    private static int simulate(StoreLayout layout, SimOptions options) {
        Vertx vertx = Vertx.vertx();
        // Ctrl-C / SIGTERM: say goodbye to the hub (MQTT DISCONNECT) instead of vanishing.
        Thread hook = new Thread(() -> close(vertx), "vitrine-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Simulation simulation = new Simulation(layout, options);
            // Blocking get() rather than Future.await(): works from any thread, Vert.x worker included.
            vertx.deployVerticle(simulation).toCompletionStage().toCompletableFuture().get();
            simulation.finished().toCompletionStage().toCompletableFuture().get();
            return EXIT_OK;
        } catch (Exception e) {
            LOG.error("the simulator failed", e);
            return EXIT_FAILED;
        } finally {
            close(vertx);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static void close(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing Vert.x: {}", e.toString());
        }
    }
}
