package org.vitrine.hub.mqtt.conformance;

import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.DeviceMessage;

/** The third-party clients of the conformance suite, set up as a demo-store device (password demo-&lt;id&gt;). */
final class Clients {

  private Clients() {
  }

  static String password(String device) {
    return "demo-" + device;
  }

  /** Eclipse Paho Java, MQTT 5. */
  static MqttClient paho(int port, String clientId) throws MqttException {
    return new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
  }

  static MqttConnectionOptions pahoOptions(String device) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(device);
    o.setPassword(password(device).getBytes(StandardCharsets.UTF_8));
    o.setConnectionTimeout(5);
    o.setAutomaticReconnect(false);
    return o;
  }

  /** The HiveMQ MQTT client, MQTT 5 (connect with {@code simpleAuth} from {@link #auth5}). */
  static Mqtt5ClientBuilder hive5(int port, String clientId) {
    return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port);
  }

  /** The HiveMQ MQTT client, MQTT 3.1.1. */
  static Mqtt3ClientBuilder hive3(int port, String clientId) {
    return Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port);
  }

  static com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth auth5(String device) {
    return com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth.builder().username(device)
        .password(password(device).getBytes(StandardCharsets.UTF_8)).build();
  }

  static com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth auth3(String device) {
    return com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth.builder().username(device)
        .password(password(device).getBytes(StandardCharsets.UTF_8)).build();
  }

  /** A hub→device message on vitrine/v1/devices/&lt;device&gt;/&lt;channel&gt;, as a rule's mqtt action sends it; returns how many sessions got or will get it. */
  static int hubSends(Vertx vertx, String device, String channel, String payload, int qos) {
    return vertx.eventBus().<Integer>request(Addresses.DEVICE_PUBLISH, new DeviceMessage(device, channel, payload, qos))
        .await().body();
  }

  /** A clean-up step that must not hide the test's own failure (a client the hub already dropped, say). */
  interface Step {
    void run() throws Exception;
  }

  static void quietly(Step... steps) {
    for (Step step : steps) {
      try {
        step.run();
      } catch (Exception | AssertionError ignored) {
        // the assertion before it is what the test reports
      }
    }
  }
}
