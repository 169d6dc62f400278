package org.vitrine.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.HdrHistogram.Histogram;

/**
 * The cameras: one MQTT client per camera (username = device id), all on this verticle's event
 * loop, and the pacer that publishes sightings at the requested rate with a small periodic timer.
 * Each tick publishes what is due since the start (so a late tick catches up), at most
 * {@link #MAX_CATCH_UP_TICKS} ticks' worth; a larger debt is dropped and reported as slipped.
 */
final class CameraFleet extends VerticleBase {

  static final int MAX_CATCH_UP_TICKS = 10;

  private final int port;
  private final StoreConfWriter names;
  private final PlayTracker tracker;
  private final BenchOptions o;
  private final Histogram tickLag;
  private final MqttQoS qos;
  private MqttClient[] zoneCams;
  private String[] zoneTopics;
  private String[] shoppers;
  private MqttClient aisleCam;
  private String aisleTopic;
  private final Promise<Void> connected = Promise.promise();
  private int connectNext;
  private int connectDone;
  private int connectFailed;
  private String firstError;

  // Pacing state (this event loop only).
  private long t0;
  private long scheduled;
  private long seq;
  private long nextTickAt;
  private boolean measuring;
  private long timer = -1;
  private volatile boolean stopped;
  long publishAcked;
  long publishAckedMeasured;
  long publishFailures;
  long publishFailuresMeasured;
  long slipped;
  long slippedMeasured;
  long overflow;

  /** The store CA to trust (mqtts://), or null for plain MQTT. */
  private final java.nio.file.Path caPem;

  CameraFleet(int port, java.nio.file.Path caPem, StoreConfWriter names, PlayTracker tracker, BenchOptions o, Histogram tickLag) {
    this.port = port;
    this.caPem = caPem;
    this.names = names;
    this.tracker = tracker;
    this.o = o;
    this.tickLag = tickLag;
    this.qos = MqttQoS.valueOf(o.qos);
  }

  @Override
  public Future<?> start() {
    int z = tracker.zones;
    zoneCams = new MqttClient[z];
    zoneTopics = new String[z];
    shoppers = new String[z];
    for (int i = 0; i < z; i++) {
      zoneCams[i] = client(names.camera(i));
      zoneTopics[i] = "vitrine/v1/devices/" + names.camera(i) + "/sightings";
      shoppers[i] = names.shopper(i);
    }
    aisleCam = client(StoreConfWriter.AISLE_CAMERA);
    aisleTopic = "vitrine/v1/devices/" + StoreConfWriter.AISLE_CAMERA + "/sightings";
    for (int i = 0; i < Math.min(o.connectConcurrency, z + 1); i++) {
      connectOne();
    }
    return connected.future();
  }

  private MqttClient client(String device) {
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(device).setUsername(device).setPassword(StoreConfWriter.password(device))
        .setCleanSession(true).setKeepAliveInterval(60).setAutoKeepAlive(true)
        .setMaxInflightQueue(10_000);
    options.setTcpNoDelay(true).setConnectTimeout(10_000);
    if (caPem != null) {
      options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
          .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(caPem.toString()));
    }
    return MqttClient.create(vertx, options);
  }

  private void connectOne() {
    int total = tracker.zones + 1;
    if (connectNext >= total) {
      return;
    }
    int i = connectNext++;
    MqttClient c = i < tracker.zones ? zoneCams[i] : aisleCam;
    String id = i < tracker.zones ? names.camera(i) : StoreConfWriter.AISLE_CAMERA;
    c.connect(port, "127.0.0.1").onComplete(ar -> {
      connectDone++;
      if (ar.failed()) {
        connectFailed++;
        if (firstError == null) {
          firstError = "camera " + id + ": " + ar.cause();
        }
      }
      if (connectDone == total) {
        if (connectFailed == 0) {
          connected.tryComplete();
        } else {
          connected.tryFail(connectFailed + " of " + total + " cameras did not connect; first: " + firstError);
        }
      } else {
        connectOne();
      }
    });
  }

  /** Runs warmup + measured window on this verticle's loop; completes when publishing stopped. */
  Future<Void> runLoad() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      t0 = System.nanoTime();
      nextTickAt = t0;
      long tickNanos = o.tickMs * 1_000_000L;
      long warmupNanos = o.warmupSeconds * 1_000_000_000L;
      long endNanos = warmupNanos + o.durationSeconds * 1_000_000_000L;
      long maxBatch = Math.max(1, (long) Math.ceil(o.rate * (double) o.tickMs / 1000.0) * MAX_CATCH_UP_TICKS);
      timer = vertx.setPeriodic(o.tickMs, id -> {
        long now = System.nanoTime();
        long elapsed = now - t0;
        if (!measuring && elapsed >= warmupNanos && tracker.measureFromSeq == Long.MAX_VALUE) {
          tracker.measureStartNanos = now;
          tracker.measureFromSeq = seq;
          measuring = true;
        }
        if (measuring) {
          tickLag.recordValue(Math.min(PlayTracker.HIGHEST_MICROS, Math.max(0, (now - nextTickAt) / 1000)));
        }
        nextTickAt = now + tickNanos;
        if (elapsed >= endNanos) {
          tracker.measureToSeq = seq;
          tracker.measureEndNanos = now;
          measuring = false;
          vertx.cancelTimer(timer);
          done.complete();
          return;
        }
        long target = (long) (elapsed / 1e9 * o.rate);
        long due = target - scheduled;
        if (due > maxBatch) {
          slipped += due - maxBatch;
          if (measuring) {
            slippedMeasured += due - maxBatch;
          }
          scheduled += due - maxBatch;
          due = maxBatch;
        }
        for (long k = 0; k < due; k++) {
          publishOne();
        }
        scheduled += due;
      });
    });
    return done.future();
  }

  private void publishOne() {
    long s = seq;
    if (s >= tracker.capacity) {
      overflow++;
      return;
    }
    seq++;
    int zone = tracker.zoneOf(s);
    boolean inZone = tracker.isZoneSighting(s);
    boolean m = measuring;
    long nowMs = System.currentTimeMillis();
    String payload = "{\"v\":1,\"ts\":" + nowMs + ",\"track\":\"t-" + zone + "\",\"shopper\":\"" + shoppers[zone]
        + "\",\"confidence\":0.97,\"trace\":\"b" + s + "\"}";
    MqttClient c = inZone ? zoneCams[zone] : aisleCam;
    String topic = inZone ? zoneTopics[zone] : aisleTopic;
    tracker.published(s, System.nanoTime(), inZone, m);
    if (stopped || !c.isConnected()) {
      // vertx-mqtt throws (NPE) when publishing on a closed client: count it as a failed publish.
      publishFailures++;
      if (m) {
        publishFailuresMeasured++;
      }
      tracker.publishFailed(s, inZone, m);
      return;
    }
    c.publish(topic, Buffer.buffer(payload), qos, false, false).onComplete(ar -> {
      if (ar.succeeded()) {
        // QoS 1: the hub's PUBACK arrived; QoS 0: the packet was written.
        publishAcked++;
        if (m) {
          publishAckedMeasured++;
        }
        return;
      }
      publishFailures++;
      if (m) {
        publishFailuresMeasured++;
      }
      tracker.publishFailed(s, inZone, m);
    });
  }

  /** Stops publishing (before the hub goes away); safe from any thread. */
  void stopPublishing() {
    stopped = true;
    if (context != null) {
      context.runOnContext(v -> {
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
      });
    }
  }

  /** Sightings published so far (the next sequence number). */
  long published() {
    return seq;
  }
}
