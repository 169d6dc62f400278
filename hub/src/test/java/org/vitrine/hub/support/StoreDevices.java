package org.vitrine.hub.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import io.vertx.core.json.JsonObject;

/**
 * The demo store's commerce devices as real MQTT 5 clients (Eclipse Paho): a shelf, an RFID reader
 * publishing Zebra IoT Connector tag data events, an exit gate reporting passages and showing what
 * the hub answers on its display topic. Each also listens on its errors topic.
 */
public final class StoreDevices implements AutoCloseable {

  private final MqttClient client;
  private final String id;
  /** What the hub published to this device (display answers, error notices), as JSON. */
  public final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

  private StoreDevices(MqttClient client, String id) {
    this.client = client;
    this.id = id;
  }

  /** Connects as demo device {@code id} (password demo-&lt;id&gt;) and subscribes to its display and errors topics. */
  public static StoreDevices connect(int port, String id) throws MqttException {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id + "-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(id);
    o.setPassword(("demo-" + id).getBytes(StandardCharsets.UTF_8));
    o.setConnectionTimeout(5);
    o.setAutomaticReconnect(false);
    StoreDevices d = new StoreDevices(c, id);
    c.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse r) {
      }

      @Override
      public void mqttErrorOccurred(MqttException e) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage m) {
        JsonObject j = new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8));
        d.received.add(j.put("_topic", topic));
      }

      @Override
      public void deliveryComplete(IMqttToken t) {
      }

      @Override
      public void connectComplete(boolean reconnect, String uri) {
      }

      @Override
      public void authPacketArrived(int reason, MqttProperties p) {
      }
    });
    c.connect(o);
    c.subscribe(new String[] {prefix(id) + "display", prefix(id) + "errors"}, new int[] {1, 1});
    return d;
  }

  private static String prefix(String id) {
    return "vitrine/v1/devices/" + id + "/";
  }

  public void publish(String channel, String payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(prefix(id) + channel, m);
  }

  /** A shelf's pickup or putback of a product. */
  public void shelf(String type, String product) throws MqttException {
    publish("events", new JsonObject().put("v", 1).put("type", type).put("product", product).encode());
  }

  /** A Zebra IoT Connector tag data event (SIMPLE mode) for each EPC, batched in one message. */
  public void reads(String... epcs) throws MqttException {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < epcs.length; i++) {
      b.append(i == 0 ? "" : ",").append("{\"data\":{\"eventNum\":").append(i + 1).append(",\"format\":\"epc\",\"idHex\":\"")
          .append(epcs[i].toLowerCase()).append("\",\"antenna\":1,\"peakRssi\":-55,\"reads\":2,\"channel\":920.25},\"timestamp\":\"")
          .append(Instant.now().toString().replace("Z", "+0000")).append("\",\"type\":\"SIMPLE\"}");
    }
    publish("tags", b.append("]").toString());
  }

  /** A gate's passage out. */
  public void passage(String passage) throws MqttException {
    publish("passages", new JsonObject().put("v", 1).put("passage", passage).put("direction", "out")
        .put("ts", System.currentTimeMillis()).encode());
  }

  /** The next message from the hub on {@code channel} within {@code seconds}. */
  public JsonObject next(String channel, long seconds) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      JsonObject j = received.poll(100, TimeUnit.MILLISECONDS);
      if (j != null && j.getString("_topic").endsWith("/" + channel)) {
        return j;
      }
    }
    throw new AssertionError(id + ": nothing on " + channel + " within " + seconds + " s");
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
