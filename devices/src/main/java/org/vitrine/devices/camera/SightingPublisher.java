package org.vitrine.devices.camera;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicLong;
import org.vitrine.devices.sim.Camera;
import org.vitrine.devices.sim.CameraLink;

/**
 * The agent's MQTT side: one {@link CameraLink} (username = camera id, reconnect with backoff)
 * living on this verticle's event loop. {@link #offer} may be called from any thread; the JSON is
 * built by the caller (off the event loop) and only the publish hops onto the loop. While the hub
 * is unreachable sightings are dropped and counted, never queued.
 */
final class SightingPublisher extends VerticleBase {

    private final Camera camera;
    private final String host;
    private final int port;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Context loop;
    private CameraLink link;

    SightingPublisher(Camera camera, String host, int port) {
        this.camera = camera;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        loop = context;
        link = new CameraLink(vertx, camera, host, port);
        link.start();
        return Future.succeededFuture();
    }

    /** Completes the first time the hub accepts the camera. */
    Future<Void> firstConnect() {
        return link.firstConnect();
    }

    /** Any thread. Never blocks. */
    void offer(CameraSighting sighting) {
        Buffer payload = sighting.toBuffer();
        Context target = loop;
        if (target == null) {
            dropped.incrementAndGet();
            return;
        }
        target.runOnContext(v -> {
            if (link.publish(payload)) {
                published.incrementAndGet();
            } else {
                dropped.incrementAndGet();
            }
        });
    }

    /** Completes on the event loop after every sighting offered before this call was published or dropped. */
    Future<Void> flushed() {
        Context target = loop;
        if (target == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        target.runOnContext(v -> done.complete()); // tasks of one context run in order
        return done.future();
    }

    long published() {
        return published.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public Future<?> stop() {
        return link.stop();
    }
}
