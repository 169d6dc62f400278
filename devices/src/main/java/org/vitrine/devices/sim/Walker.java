package org.vitrine.devices.sim;

import io.vertx.core.Vertx;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one {@link Walk} in real time: in each zone it reports a sighting at once and then every
 * {@code sightingEveryMs} (the hub forgets people after 30 s of silence), then moves on.
 * Logs each zone change, not each sighting, so the console reads like the store floor.
 */
final class Walker {

    private static final Logger LOG = LoggerFactory.getLogger(Walker.class);

    private final Vertx vertx;
    private final Walk walk;
    private final long sightingEveryMs;
    private final BiConsumer<String, Sighting> camera;
    private final Consumer<Walker> onLeft;

    private long repeatTimer = -1;
    private long moveTimer = -1;

    /**
     * @param camera receives (zone, sighting) for the zone's camera to publish
     * @param onLeft called once the walker has left the store
     */
    Walker(Vertx vertx, Walk walk, long sightingEveryMs, BiConsumer<String, Sighting> camera, Consumer<Walker> onLeft) {
        this.vertx = vertx;
        this.walk = walk;
        this.sightingEveryMs = sightingEveryMs;
        this.camera = camera;
        this.onLeft = onLeft;
    }

    void start() {
        enter(0);
    }

    /** Freezes the walker where it is (simulation ending); onLeft is not called. */
    void stop() {
        cancelTimers();
    }

    private void enter(int index) {
        cancelTimers();
        if (index == walk.stops().size()) {
            LOG.info("{} left the store", walk.label());
            onLeft.accept(this);
            return;
        }
        Walk.Stop stop = walk.stops().get(index);
        LOG.info("{} → {}", walk.label(), stop.zone());
        sight(stop.zone());
        repeatTimer = vertx.setPeriodic(sightingEveryMs, t -> sight(stop.zone()));
        moveTimer = vertx.setTimer(stop.dwellMs(), t -> enter(index + 1));
    }

    private void sight(String zone) {
        camera.accept(zone, new Sighting(System.currentTimeMillis(), walk.track(), walk.shopper(), walk.confidence()));
    }

    private void cancelTimers() {
        if (repeatTimer >= 0) {
            vertx.cancelTimer(repeatTimer);
            repeatTimer = -1;
        }
        if (moveTimer >= 0) {
            vertx.cancelTimer(moveTimer);
            moveTimer = -1;
        }
    }
}
