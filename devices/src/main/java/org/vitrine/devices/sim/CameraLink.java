package org.vitrine.devices.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT connection of one simulated camera. Keeps itself connected: if the hub is not up yet
 * or goes away it retries with {@link Backoff}. Sightings made while disconnected are dropped,
 * not queued: stale presence would only confuse the hub.
 *
 * <p>Also the camera agent's link to the hub ({@link #publish(Buffer)}).
 *
 * <p>Not thread-safe: used from one event loop only (the simulation's, or the agent's publisher).
 */
public final class CameraLink {

    private static final Logger LOG = LoggerFactory.getLogger(CameraLink.class);

    private final Vertx vertx;
    private final Camera camera;
    private final String host;
    private final int port;
    private final Backoff backoff = new Backoff(500, 10_000);
    private final Promise<Void> firstConnect = Promise.promise();

    private MqttClient live; // the client the hub accepted, until its connection closes
    private long retryTimer = -1;
    private int failuresInARow;
    private boolean stopped;

    public CameraLink(Vertx vertx, Camera camera, String host, int port) {
        this.vertx = vertx;
        this.camera = camera;
        this.host = host;
        this.port = port;
    }

    public Camera camera() {
        return camera;
    }

    /** Completes the first time the hub accepts this camera. */
    public Future<Void> firstConnect() {
        return firstConnect.future();
    }

    public boolean connected() {
        return live != null && live.isConnected();
    }

    public void start() {
        connect();
    }

    /** Publishes at QoS 1 if connected; returns false when the sighting had to be dropped. */
    boolean publish(Sighting sighting) {
        return publish(sighting.toBuffer());
    }

    /**
     * Publishes a sighting payload on the camera's sightings topic at QoS 1 if connected; returns
     * false when it had to be dropped (never queued: a stale sighting would only confuse the hub).
     */
    public boolean publish(Buffer payload) {
        if (!connected()) {
            return false;
        }
        live.publish(camera.sightingsTopic(), payload, MqttQoS.AT_LEAST_ONCE, false, false)
                .onFailure(err -> LOG.debug("{}: publish failed: {}", camera.id(), err.getMessage()));
        return true;
    }

    public Future<Void> stop() {
        stopped = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        if (connected()) {
            return live.disconnect().otherwiseEmpty();
        }
        return Future.succeededFuture();
    }

    private void connect() {
        retryTimer = -1;
        if (stopped) {
            return;
        }
        // A fresh client per attempt: no state from a broken connection leaks into the next one.
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(camera.id())
                .setUsername(camera.id())
                .setPassword(camera.password())
                .setCleanSession(true)
                .setMaxInflightQueue(1_000);
        options.setConnectTimeout(5_000);
        MqttClient attempt = MqttClient.create(vertx, options);
        attempt.closeHandler(v -> onClosed(attempt));
        attempt.connect(port, host)
                .onSuccess(ack -> onConnected(attempt))
                .onFailure(this::onConnectFailed);
    }

    private void onConnected(MqttClient accepted) {
        live = accepted;
        if (failuresInARow > 0) {
            LOG.info("{} connected to the hub at {}:{} (after {} failed attempts)", camera.id(), host, port, failuresInARow);
        } else {
            LOG.info("{} connected to the hub at {}:{}", camera.id(), host, port);
        }
        failuresInARow = 0;
        backoff.reset();
        firstConnect.tryComplete();
    }

    private void onConnectFailed(Throwable err) {
        if (stopped) {
            return; // shutting down: the attempt was cut short on purpose
        }
        failuresInARow++;
        long delay = backoff.next();
        // Only the first failure of a streak is worth a WARN; the rest would flood the demo console.
        if (failuresInARow == 1) {
            LOG.warn("{}: {}; retrying (backoff up to 10 s)", camera.id(), describe(err));
        } else {
            LOG.debug("{}: attempt {} failed: {}; next in {} ms", camera.id(), failuresInARow, describe(err), delay);
        }
        scheduleRetry(delay);
    }

    private void onClosed(MqttClient closed) {
        // Only a connection the hub had accepted counts as lost; a refused CONNECT also closes the
        // socket, but onConnectFailed already scheduled that retry.
        if (stopped || closed != live) {
            return;
        }
        live = null;
        LOG.warn("{}: lost the connection to the hub at {}:{}; reconnecting", camera.id(), host, port);
        scheduleRetry(backoff.next());
    }

    private void scheduleRetry(long delayMs) {
        if (stopped || retryTimer >= 0) {
            return;
        }
        retryTimer = vertx.setTimer(delayMs, t -> connect());
    }

    private String describe(Throwable err) {
        if (err instanceof MqttConnectionException refused) {
            return "the hub at " + host + ":" + port + " refused the connection (" + refused.code()
                    + "); check the password of '" + camera.id() + "' in store.yaml";
        }
        return "cannot reach the hub at " + host + ":" + port + " (" + err.getMessage() + ")";
    }
}
