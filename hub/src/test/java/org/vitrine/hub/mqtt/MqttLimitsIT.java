package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Proc;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * The MQTT endpoint's limits and log hygiene, tried with clients nobody here wrote: a forged user
 * name is logged escaped, a flood of bad logins or garbage is one line (no stack trace), the
 * keep-alive is capped as Mosquitto caps it, and one device cannot hold endless sessions.
 */
@ExtendWith(HubExtension.class)
class MqttLimitsIT {

  private static TestHub hub;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ROOT");

  @BeforeEach
  void watchLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopWatching() {
    root.detachAppender(logs);
  }

  private List<String> lines(String containing) {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(logs.list)) {
      if (e.getFormattedMessage().contains(containing)) {
        out.add(e.getFormattedMessage());
      }
    }
    return out;
  }

  private static MqttConnectReturnCode connectV3(Vertx vertx, String user, String password, int keepAlive) {
    MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("limits-" + System.nanoTime())
        .setUsername(user).setPassword(password).setKeepAliveInterval(keepAlive));
    try {
      c.connect(hub.mqttPort(), "127.0.0.1").await();
      c.disconnect().await();
      return MqttConnectReturnCode.CONNECTION_ACCEPTED;
    } catch (Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof MqttConnectionException m) {
          return m.code();
        }
      }
      throw new AssertionError(e);
    }
  }

  @Test
  void aUserNameWithCrLfIsLoggedEscapedAndAFloodOfBadLoginsIsOneLine(Vertx vertx) {
    String forged = "x\r\n12:00:00.000 INFO  MqttGateway - device cam-cafe connected";
    for (int i = 0; i < 50; i++) {
      assertThat(connectV3(vertx, forged, "nope", 30)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    }
    List<String> refused = lines("mqtt-connect-refused");
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0)).contains("x\\r\\n12:00:00.000 INFO").doesNotContain("\n").doesNotContain("\r");
    assertThat(hub.hub.counters().get("mqtt.connect.refused")).isGreaterThanOrEqualTo(50);
  }

  @Test
  void garbageAndPacketsBeforeConnectAreOneWarnLineWithoutAStackTrace() throws Exception {
    // bytes that are no MQTT at all, and a well-formed PUBLISH sent before any CONNECT
    byte[][] probes = {"GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(), {0x30, 0x07, 0x00, 0x01, 'a', 'h', 'e', 'l', 'l'},
        {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}};
    for (byte[] probe : probes) {
      try (Socket s = new Socket("127.0.0.1", hub.mqttPort())) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(probe);
        out.flush();
        // the hub closes the connection
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }
    }
    Thread.sleep(300);
    List<ILoggingEvent> serious = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(logs.list)) {
      if (e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null) {
        serious.add(e);
      }
    }
    assertThat(serious).as("no ERROR and no stack trace for a client's garbage: %s",
        serious.stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList()).isEmpty();
    // one WARN line per kind (a garbage frame, a packet before CONNECT), the third probe only counted
    List<String> told = lines("protocol-error from");
    assertThat(told).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
  }

  @Test
  void theKeepAliveIsCappedAsMosquittoCapsIt(Vertx vertx) throws Exception {
    // MQTT 3.1.1 cannot be told another keep-alive: none (0) or one above the cap is refused
    assertThat(connectV3(vertx, "cam-cafe", "demo-cam-cafe", 3600)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    assertThat(connectV3(vertx, "cam-cafe", "demo-cam-cafe", 60)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    for (String k : new String[] {"0", "3600"}) {
      Proc pub = Proc.start("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()), "-u", "cam-cafe",
          "-P", "demo-cam-cafe", "-k", k, "-t", "vitrine/v1/devices/cam-cafe/sightings", "-m", "{\"track\":\"t-k\"}");
      assertThat(pub.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.process.exitValue()).as("mosquitto_pub -k %s: %s", k, pub.output()).isNotZero();
    }
    Proc ok = Proc.start("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()), "-u", "cam-cafe",
        "-P", "demo-cam-cafe", "-k", "60", "-t", "vitrine/v1/devices/cam-cafe/sightings", "-m", "{\"track\":\"t-k\"}");
    assertThat(ok.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ok.process.exitValue()).as("mosquitto_pub -k 60: %s", ok.output()).isZero();

    // MQTT 5 (Eclipse Paho): the client is told the server's keep-alive instead
    org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(
        "tcp://127.0.0.1:" + hub.mqttPort(), "paho-keepalive", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName("cam-cafe");
    o.setPassword("demo-cam-cafe".getBytes());
    o.setKeepAliveInterval(0);
    IMqttToken token = paho.connectWithResult(o);
    try {
      assertThat(token.getResponseProperties().getServerKeepAlive()).isEqualTo(600);
    } finally {
      paho.disconnect();
      paho.close();
    }
  }

  @Test
  void oneDeviceCannotHoldEndlessSessions(Vertx vertx) throws Exception {
    List<MqttClient> held = new ArrayList<>();
    try {
      for (int i = 0; i < MqttGateway.SESSIONS_PER_DEVICE; i++) {
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("held-" + i).setUsername("cam-apparel")
            .setPassword("demo-cam-apparel"));
        c.connect(hub.mqttPort(), "127.0.0.1").await();
        held.add(c);
      }
      assertThat(connectV3(vertx, "cam-apparel", "demo-cam-apparel", 30))
          .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      assertThat(lines("mqtt-connection-limit")).hasSize(1);
    } finally {
      for (MqttClient c : held) {
        c.disconnect().await();
      }
    }
    // once they are gone the device connects again
    assertThat(Eventually.value(() -> connectV3(vertx, "cam-apparel", "demo-cam-apparel", 30),
        r -> r == MqttConnectReturnCode.CONNECTION_ACCEPTED)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
  }
}
