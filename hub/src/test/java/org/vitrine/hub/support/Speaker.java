package org.vitrine.hub.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.vitrine.voice.audio.WavChunk;

/**
 * A Hermes satellite (as Rhasspy runs one) on a real Vert.x MqttClient: logs in as a speaker
 * device, subscribes to the Hermes topics and streams audio as 64 ms WAV chunks on
 * {@code hermes/audioServer/<siteId>/audioFrame}.
 */
public final class Speaker implements AutoCloseable {

  public static final int FRAME_BYTES = 2048; // 1024 samples at 16 kHz = 64 ms
  public static final List<String> SUBSCRIPTIONS = List.of("hermes/asr/textCaptured", "hermes/nlu/intentParsed",
      "hermes/nlu/intentNotRecognized", "hermes/intent/#", "hermes/tts/say", "hermes/error/#");

  /** One message the hub published to this satellite. */
  public record Received(String topic, Buffer payload, long at) {
    public JsonObject json() {
      return payload.toJsonObject();
    }
  }

  private final MqttClient client;
  public final String siteId;
  private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  private final List<Received> seen = new ArrayList<>();

  private Speaker(MqttClient client, String siteId) {
    this.client = client;
    this.siteId = siteId;
  }

  public static Speaker connect(Vertx vertx, int port, String device, String password, String siteId) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
        .setClientId(device + "-" + System.nanoTime()).setUsername(device).setPassword(password)
        .setMaxMessageSize(4 * 1024 * 1024));
    client.connect(port, "127.0.0.1").await();
    Speaker s = new Speaker(client, siteId);
    client.publishHandler(m -> s.inbox.add(new Received(m.topicName(), m.payload(), System.nanoTime())));
    List<String> topics = new ArrayList<>(SUBSCRIPTIONS);
    topics.add("hermes/audioServer/" + siteId + "/playBytes/#");
    Map<String, Integer> subs = new java.util.LinkedHashMap<>();
    topics.forEach(t -> subs.put(t, 0));
    client.subscribe(subs).await();
    return s;
  }

  /** Demo speakers: device speaker-&lt;site&gt;, password demo-speaker-&lt;site&gt;, siteId = zone (conf/store.yaml). */
  public static Speaker demo(Vertx vertx, int port, String zone) {
    return connect(vertx, port, "speaker-" + zone, "demo-speaker-" + zone, zone);
  }

  /** Streams 16 kHz mono PCM as WAV chunks as fast as the socket takes them; returns when all are written. */
  public void stream(byte[] pcm) {
    for (int at = 0; at < pcm.length; at += FRAME_BYTES) {
      publishFrame(siteId, WavChunk.wrap(pcm, at, Math.min(FRAME_BYTES, pcm.length - at)));
    }
  }

  /**
   * Streams in real time (one 64 ms chunk every 64 ms), as a microphone does; returns the
   * System.nanoTime() at which the chunk holding the end of the speech was sent.
   */
  public long streamRealTime(byte[] pcm, int speechEndByte) throws InterruptedException {
    long start = System.nanoTime();
    long endOfSpeech = -1;
    for (int at = 0, i = 0; at < pcm.length; at += FRAME_BYTES, i++) {
      long due = start + i * 64_000_000L;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      publishFrame(siteId, WavChunk.wrap(pcm, at, Math.min(FRAME_BYTES, pcm.length - at)));
      if (endOfSpeech < 0 && at + FRAME_BYTES >= speechEndByte) {
        endOfSpeech = System.nanoTime();
      }
    }
    return endOfSpeech;
  }

  public void publishFrame(String site, byte[] wav) {
    publish("hermes/audioServer/" + site + "/audioFrame", Buffer.buffer(wav));
  }

  public void publish(String topic, Buffer payload) {
    client.publish(topic, payload, MqttQoS.AT_MOST_ONCE, false, false).await();
  }

  /** The next message on a topic matching {@code topic}, skipping others; fails after the timeout. */
  public Received next(Predicate<String> topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Received r = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
        if (r == null) {
          throw new AssertionError("no message matching within " + timeout + "; seen: "
              + seen.stream().map(x -> x.topic() + (x.topic().contains("playBytes") ? " <wav>" : " " + x.payload())).toList());
        }
        seen.add(r);
        if (topic.test(r.topic())) {
          return r;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Received next(String topic, Duration timeout) {
    return next(topic::equals, timeout);
  }

  /** Everything received so far and not yet consumed is dropped. */
  public void drain() {
    inbox.clear();
  }

  public boolean connected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    if (client.isConnected()) {
      client.disconnect().await();
    }
  }
}
