package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/** Bad input from every side gets a clear answer, a log line and a counter; nothing else breaks. */
@ExtendWith(HubExtension.class)
class BadInputIT {

  private static TestHub hub;

  private long counter(String name) {
    return hub.hub.counters().get(name);
  }

  @Test
  void malformedJsonIsRejectedWithItsReasonAndTheConnectionSurvives(Vertx vertx) throws Exception {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-footwear");
         ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1")) {
      long before = counter("mqtt.rejected.malformed-json");
      // WHEN a camera publishes something that is not JSON
      cam.publish("{\"track\": \"t-1\", shopper: anna");
      // THEN it is told why on its errors topic, and the rejection is counted
      JsonObject error = cam.nextError(5);
      assertThat(error.getString("error")).isEqualTo("malformed-json");
      assertThat(error.getString("message")).startsWith("payload is not JSON");
      assertThat(error.getString("topic")).isEqualTo("vitrine/v1/devices/cam-footwear/sightings");
      assertThat(counter("mqtt.rejected.malformed-json")).isEqualTo(before + 1);
      // AND the same connection still works: a good sighting personalises the screen
      assertThat(cam.connected()).isTrue();
      cam.sees("chloe", "t-chloe-1", null);
      assertThat(screen.shopperOf(screen.next("play", Duration.ofSeconds(5)))).isEqualTo("chloe");
    }
  }

  @Test
  void invalidFieldsAreNamed(Vertx vertx) throws Exception {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      cam.publish("{\"track\":\"t-1\",\"confidence\":7}");
      assertThat(cam.nextError(5).getString("message")).isEqualTo("confidence: must be a number from 0 to 1, got 7");
      cam.publish("{\"shopper\":\"anna\"}");
      assertThat(cam.nextError(5).getString("message")).isEqualTo("track: required");
      cam.publish("{\"track\":\"t-1\",\"face\":\"base64...\"}");
      assertThat(cam.nextError(5).getString("message")).startsWith("unknown field 'face'");
      cam.publish("[1,2,3]");
      assertThat(cam.nextError(5).getString("error")).isEqualTo("invalid-sighting");
      cam.publish("{\"v\":2,\"track\":\"t-1\"}");
      assertThat(cam.nextError(5).getString("message")).startsWith("v: only version 1");
    }
  }

  @Test
  void anOversizedPayloadIsRejectedWithoutClosingTheConnection(Vertx vertx) throws Exception {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-apparel")) {
      long before = counter("mqtt.rejected.payload-too-large");
      String big = "{\"track\":\"t-1\",\"trace\":\"" + "x".repeat(100_000) + "\"}";
      cam.publish(big);
      JsonObject error = cam.nextError(5);
      assertThat(error.getString("error")).isEqualTo("payload-too-large");
      assertThat(error.getString("message")).contains("exceeds the limit of 65536 bytes");
      assertThat(counter("mqtt.rejected.payload-too-large")).isEqualTo(before + 1);
      assertThat(cam.connected()).isTrue();
    }
  }

  @Test
  void anUnknownDeviceAndAWrongPasswordAreRefusedAtConnect(Vertx vertx) {
    long before = counter("mqtt.connect.refused");
    assertThat(refusal(vertx, "cam-nowhere", "whatever-password"))
        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    assertThat(refusal(vertx, "cam-cafe", "not-the-password"))
        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    assertThat(refusal(vertx, null, null))
        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    assertThat(counter("mqtt.connect.refused")).isEqualTo(before + 3);
  }

  private MqttConnectReturnCode refusal(Vertx vertx, String user, String password) {
    MqttClientOptions options = new MqttClientOptions().setClientId("intruder-" + System.nanoTime());
    if (user != null) {
      options.setUsername(user).setPassword(password);
    }
    MqttClient client = MqttClient.create(vertx, options);
    Throwable failure = client.connect(hub.mqttPort(), "127.0.0.1").transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
    assertThat(failure).as("connect must be refused").isInstanceOf(MqttConnectionException.class);
    return ((MqttConnectionException) failure).code();
  }

  @Test
  void aDeviceCannotPublishOrSubscribeOutsideItsOwnTopics(Vertx vertx) throws Exception {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // publishing as another camera is refused and explained
      cam.publish("vitrine/v1/devices/cam-footwear/sightings", Buffer.buffer("{\"track\":\"t-1\",\"shopper\":\"anna\"}"));
      JsonObject error = cam.nextError(5);
      assertThat(error.getString("error")).isEqualTo("topic-not-allowed");
      // subscribing to another device's commands is refused in the SUBACK
      CompletableFuture<java.util.List<Integer>> granted = new CompletableFuture<>();
      cam.client().subscribeCompletionHandler(ack -> granted.complete(ack.grantedQoSLevels()));
      cam.client().subscribe("vitrine/v1/devices/cam-footwear/commands", 1).await();
      assertThat(granted.get(5, TimeUnit.SECONDS)).containsExactly(MqttQoS.FAILURE.value());
      assertThat(cam.connected()).isTrue();
    }
  }

  @Test
  void anUnknownShopperIdIsCountedAsAnonymousAndNoted(Vertx vertx) throws Exception {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-checkout")) {
      cam.sees("mallory", "t-m-1", null);
      JsonObject note = cam.nextError(5);
      assertThat(note.getString("error")).isEqualTo("unknown-shopper");
      assertThat(note.getString("message")).contains("'mallory'");
      assertThat(hub.hub.presenceStore().stored().await()).doesNotContainKey("mallory");
    }
  }

  @Test
  void anUnknownScreenIsClosedWithAClearReason(Vertx vertx) throws Exception {
    ScreenClient ghost = ScreenClient.open(vertx, hub.httpPort());
    ghost.send(new JsonObject().put("type", "hello").put("v", 1).put("screen", "aisle-99"));
    assertThat(ghost.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4404);
    assertThat(ghost.closeReason()).isEqualTo("unknown screen 'aisle-99'");
  }

  @Test
  void aFirstFrameOtherThanHelloIsClosed(Vertx vertx) throws Exception {
    ScreenClient rude = ScreenClient.open(vertx, hub.httpPort());
    rude.send(new JsonObject().put("type", "touch").put("x", 0.5).put("y", 0.5));
    assertThat(rude.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4400);
  }

  @Test
  void badFramesFromAKnownScreenGetAnErrorAndTheScreenStaysLive(Vertx vertx) {
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1");
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         ScreenClient entrance = ScreenClient.connect(vertx, hub.httpPort(), "entrance-1")) {
      screen.sendText("this is not json");
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("error")).isEqualTo("bad-json");
      screen.send(new JsonObject().put("type", "dance"));
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("message")).contains("unknown message type 'dance'");
      screen.send(new JsonObject().put("type", "touch").put("x", 3).put("y", 0.5));
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("message")).isEqualTo("touch: x must be a number from 0 to 1");
      long now = System.currentTimeMillis();
      screen.send(new JsonObject().put("type", "played").put("content", "welcome").put("startedAt", now - 1000).put("endedAt", now - 5000));
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("message")).isEqualTo("played: endedAt is before startedAt");
      screen.send(new JsonObject().put("type", "played").put("content", "welcome").put("startedAt", 10).put("endedAt", 20));
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("message")).startsWith("played: startedAt must be within the last 24 h");
      assertThat(screen.isClosed()).isFalse();
      // AND the hub still serves everyone
      cam.sees("david", "t-d-9", null);
      assertThat(entrance.shopperOf(entrance.next("play", Duration.ofSeconds(5)))).isEqualTo("david");
    }
  }
}
