package org.vitrine.devices.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated store floor: connects every camera, then plays the {@link WalkPlan} in real time
 * (scaled by the speed factor). Everything runs on this verticle's event loop, so no locking.
 * {@link #finished()} completes when the {@code --once} pass is over or the duration is up;
 * undeploying disconnects the cameras.
 */
public final class Simulation extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    /** Sighting repeat at speed 1; well under the hub's 30 s silence timeout. */
    static final long SIGHTING_EVERY_MS = 2_000;
    /** Floor for fast runs, so a high speed does not turn into a publish flood. */
    static final long MIN_SIGHTING_EVERY_MS = 50;
    /** Open the store even if some camera is still refused by then; its zone just stays silent. */
    static final long OPEN_ANYWAY_AFTER_MS = 10_000;

    private final StoreLayout layout;
    private final SimOptions options;
    private final Promise<Void> finished = Promise.promise();
    private final List<CameraLink> links = new ArrayList<>();
    private final Map<String, CameraLink> linkByZone = new LinkedHashMap<>();
    private final Set<Walker> walking = new HashSet<>();
    private final Set<Long> timers = new HashSet<>();

    private boolean open;
    private long openedAt;
    private WalkPlan plan;
    /** The walk-out-and-pay demo, when the store has a gate (null otherwise). */
    private CommerceDemo commerce;
    private int walksLeftInPass;
    private long published;
    private long dropped;

    public Simulation(StoreLayout layout, SimOptions options) {
        this.layout = layout;
        this.options = options;
    }

    public Future<Void> finished() {
        return finished.future();
    }

    @Override
    public Future<?> start() {
        for (Camera camera : layout.cameras()) {
            CameraLink link = new CameraLink(vertx, camera, options.mqttHost(), options.mqttPort());
            links.add(link);
            linkByZone.putIfAbsent(camera.zone(), link);
        }
        List<String> unwatched = layout.zones().stream().filter(z -> !linkByZone.containsKey(z)).toList();
        if (!unwatched.isEmpty()) {
            LOG.warn("no camera in zone(s) {}: nobody will be seen there", unwatched);
        }
        commerce = CommerceDemo.of(vertx, options, layout, (zone, json) -> {
            CameraLink link = linkByZone.get(zone);
            if (link != null) {
                link.publish(json.toBuffer());
            }
        }, System.getenv()).orElse(null);
        LOG.info("connecting {} cameras to the hub at {}:{} (seed {}, speed {}x)",
                links.size(), options.mqttHost(), options.mqttPort(), options.seed(), options.speed());
        links.forEach(CameraLink::start);
        // Walking before the cameras are connected would only drop sightings.
        Future.all(links.stream().map(CameraLink::firstConnect).toList()).onSuccess(all -> openStore());
        after(OPEN_ANYWAY_AFTER_MS, this::openStore);
        if (options.duration() != null) {
            after(options.duration().toMillis(), () -> finish("ran for " + options.duration().toSeconds() + " s"));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        halt();
        return Future.join(links.stream().map(CameraLink::stop).toList());
    }

    private void openStore() {
        if (open || finished.future().isComplete()) {
            return;
        }
        open = true;
        List<String> offline = links.stream().filter(l -> !l.connected()).map(l -> l.camera().id()).toList();
        if (offline.isEmpty()) {
            LOG.info("all cameras connected: the store opens");
        } else {
            LOG.warn("the store opens without {} (not connected yet, still retrying)", offline);
        }
        openedAt = System.currentTimeMillis();
        // the demo member walks the commerce demo's own route, not a random one
        List<String> walkers = commerce == null ? layout.shoppers()
                : layout.shoppers().stream().filter(s -> !s.equals(CommerceDemo.MEMBER)).toList();
        if (commerce != null) {
            LOG.info("walk-out-and-pay demo: {} checks in, takes things and walks out through the gate", CommerceDemo.MEMBER);
            commerce.start();
        }
        plan = new WalkPlan(layout.watchedZones(), walkers,
                WalkSettings.defaults().faster(options.speed()), options.seed());
        if (options.once()) {
            List<Walk> pass = plan.firstPass();
            walksLeftInPass = pass.size();
            pass.forEach(this::schedule);
        } else {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        Walk walk = plan.next();
        after(delayUntil(walk), () -> {
            begin(walk);
            scheduleNext();
        });
    }

    private void schedule(Walk walk) {
        after(delayUntil(walk), () -> begin(walk));
    }

    private long delayUntil(Walk walk) {
        return Math.max(0, openedAt + walk.startAtMs() - System.currentTimeMillis());
    }

    private void begin(Walk walk) {
        long every = Math.max(MIN_SIGHTING_EVERY_MS, Math.round(SIGHTING_EVERY_MS / options.speed()));
        Walker walker = new Walker(vertx, walk, every, this::publish, this::left);
        walking.add(walker);
        walker.start();
    }

    private void left(Walker walker) {
        walking.remove(walker);
        if (options.once() && --walksLeftInPass == 0) {
            finish("every demo shopper walked through the store once");
        }
    }

    private void publish(String zone, Sighting sighting) {
        CameraLink link = linkByZone.get(zone);
        if (link != null && link.publish(sighting)) {
            published++;
        } else {
            dropped++;
        }
    }

    private void finish(String reason) {
        if (finished.future().isComplete()) {
            return;
        }
        halt();
        LOG.info("simulation over: {}; {} sightings published, {} dropped while a camera was offline",
                reason, published, dropped);
        finished.complete();
    }

    /** Stops every walker and pending timer; the cameras stay connected until undeploy. */
    private void halt() {
        if (commerce != null) {
            commerce.stop();
        }
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        walking.forEach(Walker::stop);
        walking.clear();
    }

    private void after(long delayMs, Runnable action) {
        long[] id = new long[1];
        id[0] = vertx.setTimer(Math.max(1, delayMs), t -> {
            timers.remove(id[0]);
            action.run();
        });
        timers.add(id[0]);
    }
}
