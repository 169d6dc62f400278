package org.vitrine.hub.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A camera device as a real Vert.x MqttClient (MQTT 3.1.1) logged in with its credentials. */
public final class Camera implements AutoCloseable {

  private final MqttClient client;
  private final String id;
  public final LinkedBlockingQueue<JsonObject> errors = new LinkedBlockingQueue<>();

  private Camera(MqttClient client, String id) {
    this.client = client;
    this.id = id;
  }

  public static Camera connect(Vertx vertx, int port, String id, String password) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
        .setClientId(id + "-" + System.nanoTime()).setUsername(id).setPassword(password)
        .setMaxMessageSize(2 * 1024 * 1024));
    client.connect(port, "127.0.0.1").await();
    Camera cam = new Camera(client, id);
    client.publishHandler(m -> cam.errors.add(m.payload().toJsonObject()));
    client.subscribe("vitrine/v1/devices/" + id + "/errors", 1).await();
    return cam;
  }

  /** Demo cameras: password "demo-" + id, as in conf/store.yaml. */
  public static Camera demo(Vertx vertx, int port, String id) {
    return connect(vertx, port, id, "demo-" + id);
  }

  public void sees(String shopper, String track, String trace) {
    JsonObject s = new JsonObject().put("v", 1).put("ts", System.currentTimeMillis()).put("track", track);
    if (shopper != null) {
      s.put("shopper", shopper).put("confidence", 0.93);
    }
    if (trace != null) {
      s.put("trace", trace);
    }
    publish(s.encode());
  }

  /** A sighting as the camera agent sends it: a face embedding and its quality, no shopper. */
  public void seesFace(String track, float[] embedding, double quality) {
    io.vertx.core.json.JsonArray e = new io.vertx.core.json.JsonArray();
    for (float f : embedding) {
      e.add(Math.round(f * 10_000) / 10_000.0);
    }
    publish(new JsonObject().put("v", 1).put("ts", System.currentTimeMillis()).put("track", track)
        .put("quality", quality).put("embedding", e).encode());
  }

  /**
   * Keeps seeing this face every {@code everyMillis}, at once and until closed, from a thread of its
   * own (publishing waits for the PUBACK, which an event-loop thread may not do), as the agent does.
   */
  public AutoCloseable keepSeeingFace(long everyMillis, String track, float[] embedding, double quality) {
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "camera-" + id + "-keeps-seeing-a-face");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      if (client.isConnected()) {
        seesFace(track, embedding, quality);
      }
    }, 0, everyMillis, TimeUnit.MILLISECONDS);
    return () -> {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    };
  }

  /**
   * Keeps seeing these shoppers (shopper, track, shopper, track, ...) every {@code everyMillis} until
   * closed: for tests whose shoppers must outlast a short silence timeout however slow the machine.
   */
  public AutoCloseable keepSeeing(long everyMillis, String... shopperTrackPairs) {
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "camera-" + id + "-keeps-seeing");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      for (int i = 0; i + 1 < shopperTrackPairs.length; i += 2) {
        if (client.isConnected()) {
          sees(shopperTrackPairs[i], shopperTrackPairs[i + 1], null);
        }
      }
    }, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    return () -> {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    };
  }

  public void publish(String payload) {
    publish("vitrine/v1/devices/" + id + "/sightings", Buffer.buffer(payload));
  }

  public void publish(String topic, Buffer payload) {
    client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false).await();
  }

  public JsonObject nextError(long seconds) throws InterruptedException {
    JsonObject e = errors.poll(seconds, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no error notice from the hub within " + seconds + " s");
    }
    return e;
  }

  public boolean connected() {
    return client.isConnected();
  }

  public MqttClient client() {
    return client;
  }

  @Override
  public void close() {
    if (client.isConnected()) {
      client.disconnect().await();
    }
  }
}
