package org.vitrine.hub.support;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A camera as Eclipse Paho (MQTT 5) plays it, keeping the books on what the hub answered: every
 * sighting has its own track id, and each is acknowledged (PUBACK/PUBREC below 0x80), refused (a
 * reason code of 0x80 or more), or left without an answer (the connection died first). A test
 * then compares what was acknowledged with what the hub stored.
 */
public final class SightingLedger implements AutoCloseable {

  private final MqttAsyncClient client;
  private final String topic;
  private final Semaphore window = new Semaphore(200);
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private Thread walker;

  private SightingLedger(MqttAsyncClient client, String device) {
    this.client = client;
    this.topic = "vitrine/v1/devices/" + device + "/sightings";
  }

  /** Connected as a demo-store camera (password demo-&lt;id&gt;). */
  public static SightingLedger connect(int port, String device) throws Exception {
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, device + "-ledger-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(device);
    o.setPassword(("demo-" + device).getBytes(StandardCharsets.UTF_8));
    o.setConnectionTimeout(10);
    o.setAutomaticReconnect(false);
    c.connect(o).waitForCompletion(15_000);
    return new SightingLedger(c, device);
  }

  /** Publishes one anonymous sighting with this track id; the answer is booked when it comes. */
  public void publish(String track, int qos) throws InterruptedException {
    if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("200 sightings have waited 10 s for an answer");
    }
    String json = "{\"v\":1,\"ts\":" + System.currentTimeMillis() + ",\"track\":\"" + track + "\"}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(qos);
    sent.incrementAndGet();
    unanswered.add(track);
    try {
      client.publish(topic, m, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          book(track, token.getReasonCodes());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          // Paho fails the token on a PUBACK/PUBREC of 0x80 or more (the hub's answer) as on a lost connection (no answer)
          if (e instanceof org.eclipse.paho.mqttv5.common.MqttException me && me.getReasonCode() >= 0x80 && me.getReasonCode() <= 0xFF) {
            book(track, new int[] {me.getReasonCode()});
          } else {
            window.release(); // no answer: stays unanswered
          }
        }
      });
    } catch (Exception e) {
      window.release(); // not even sent (the connection is gone): stays unanswered, never acknowledged
    }
  }

  private void book(String track, int[] codes) {
    boolean ok = true;
    if (codes != null) {
      for (int code : codes) {
        ok &= code < 0x80;
      }
    }
    unanswered.remove(track);
    (ok ? acknowledged : refused).add(track);
    window.release();
  }

  /** Publishes {@code perSecond} sightings a second, tracks {@code prefix}-0, -1, …, until {@link #stopWalking()}. */
  public void keepWalking(String prefix, int perSecond, int qos) {
    walker = new Thread(() -> {
      long periodNanos = 1_000_000_000L / perSecond;
      long next = System.nanoTime();
      for (int i = 0; !stop.get() && client.isConnected(); i++) {
        try {
          publish(prefix + "-" + i, qos);
        } catch (InterruptedException | IllegalStateException e) {
          return;
        }
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }, "ledger-walker");
    walker.setDaemon(true);
    walker.start();
  }

  /** Stops publishing and waits up to {@code seconds} for the answers still due. */
  public void stopWalking(int seconds) throws InterruptedException {
    stop.set(true);
    if (walker != null) {
      walker.join(10_000);
    }
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (window.availablePermits() < 200 && client.isConnected() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  public Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  public Set<String> refused() {
    return Set.copyOf(refused);
  }

  public Set<String> unanswered() {
    return Set.copyOf(unanswered);
  }

  public int sent() {
    return sent.get();
  }

  public boolean connected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    stop.set(true);
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } catch (Exception ignored) {
      // the hub may be gone already
    }
    try {
      client.close(true);
    } catch (Exception ignored) {
      // closing is best effort
    }
  }
}
