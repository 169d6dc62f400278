package org.vitrine.hub.screens;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * Screens are paired like Yodeck or Xibo displays, and the screen socket is a trust boundary:
 * a socket without its screen's token is refused (4401), a revoked one is closed at once, a
 * waiting player gets its token through a code an admin enters, frames are bounded, and no play
 * names a member.
 */
class ScreenPairingIT {

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().tweak(c -> c.limits.helloSeconds = 2);

  private static TestHub hub;

  private static Api admin() {
    return Api.as(hub.httpPort(), "admin");
  }

  @Test
  void aSocketWithoutItsScreensTokenIsRefusedWith4401(Vertx vertx) throws Exception {
    String cafeToken = hub.screenToken("cafe-1");
    for (String token : new String[] {null, "not-a-token-not-a-token-not-a-token", cafeToken}) {
      ScreenClient stranger = ScreenClient.open(vertx, hub.httpPort());
      JsonObject hello = new JsonObject().put("type", "hello").put("v", 1).put("screen", "apparel-1");
      if (token != null) {
        hello.put("token", token);
      }
      stranger.send(hello);
      assertThat(stranger.awaitClose(Duration.ofSeconds(5))).as("token %s", token).isEqualTo((short) 4401);
      stranger.close();
    }
    // the screen's own token is welcome
    try (ScreenClient own = ScreenClient.connect(vertx, hub.httpPort(), "apparel-1")) {
      assertThat(own.isClosed()).isFalse();
    }
  }

  @Test
  void aRevokedScreenIsClosedAtOnceAndItsTokenNoLongerWorks(Vertx vertx) throws Exception {
    String token = hub.screenToken("checkout-1");
    ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1", token);
    long start = System.nanoTime();
    assertThat(admin().delete("/api/screens/checkout-1/token").status()).isEqualTo(204);
    assertThat(screen.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4401);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("revoke → screen socket closed: %d ms%n", millis);
    assertThat(millis).isLessThan(2000);
    hub.forgetScreenToken("checkout-1");
    ScreenClient again = ScreenClient.open(vertx, hub.httpPort());
    again.send(new JsonObject().put("type", "hello").put("v", 1).put("screen", "checkout-1").put("token", token));
    assertThat(again.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4401);
    screen.close();
    again.close();

    // a new token replaces the old one: the socket holding the old one closes, the new one plays
    String first = admin().post("/api/screens/checkout-1/token", null).json().getString("token");
    ScreenClient old = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1", first);
    String second = admin().post("/api/screens/checkout-1/token", null).json().getString("token");
    assertThat(old.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4401);
    try (ScreenClient renewed = ScreenClient.connect(vertx, hub.httpPort(), "checkout-1", second)) {
      assertThat(renewed.isClosed()).isFalse();
    }
    old.close();
  }

  @Test
  void aWaitingPlayerShowsACodeAndAnAdminPairsItWithThatCode(Vertx vertx) throws Exception {
    // GIVEN a player without a credential asks for a pairing code
    ScreenClient player = ScreenClient.open(vertx, hub.httpPort());
    player.send(new JsonObject().put("type", "pair").put("v", 1));
    JsonObject pairing = player.next("pairing", Duration.ofSeconds(5));
    String code = pairing.getString("code");
    assertThat(code).matches("[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}");
    assertThat(pairing.getLong("expiresAt")).isGreaterThan(System.currentTimeMillis() + 9 * 60_000);
    // it waits past the hello time limit: a pairing page may wait as long as it takes
    Thread.sleep(2500);
    assertThat(player.isClosed()).isFalse();

    // WHEN an admin types the code (in lower case, as people do) and picks the screen
    assertThat(Api.as(hub.httpPort(), "editor").post("/api/screens/apparel-2/pair", new JsonObject().put("code", code)).status())
        .isEqualTo(403);
    assertThat(admin().post("/api/devices/speaker-apparel/pair", new JsonObject().put("code", code)).status())
        .as("a screen's code is not a speaker's").isEqualTo(409);
    Api.Answer paired = admin().post("/api/screens/apparel-2/pair", new JsonObject().put("code", code.toLowerCase()));
    assertThat(paired.status()).as("%s", paired).isEqualTo(200);

    // THEN the player gets its own token, and with it plays as that screen
    JsonObject got = player.next("paired", Duration.ofSeconds(5));
    assertThat(got.getString("screen")).isEqualTo("apparel-2");
    assertThat(player.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 1000);
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "apparel-2", got.getString("token"))) {
      assertThat(screen.isClosed()).isFalse();
    }
    // AND a code works once; a wrong one is a clear 404
    assertThat(admin().post("/api/screens/apparel-2/pair", new JsonObject().put("code", code)).status()).isEqualTo(404);
    assertThat(admin().post("/api/screens/apparel-2/pair", new JsonObject().put("code", "AAA-AAA")).status()).isEqualTo(404);
    assertThat(admin().post("/api/screens/apparel-2/pair", new JsonObject().put("code", "0O1I")).status()).isEqualTo(400);

    // AND the console sees it paired, by whom, and when it was last seen
    JsonObject row = Eventually.value(() -> admin().get("/api/pairings").json().getJsonArray("screens").stream()
            .map(o -> (JsonObject) o).filter(o -> o.getString("id").equals("apparel-2")).findFirst().orElseThrow(),
        r -> r.getLong("lastSeen") != null);
    assertThat(row.getBoolean("paired")).isTrue();
    assertThat(row.getString("pairedBy")).isEqualTo("admin");
    assertThat(row.getString("lastSeenFrom")).isEqualTo("127.0.0.1");
    player.close();
  }

  @Test
  void aSocketThatSaysNoHelloIsClosed(Vertx vertx) throws Exception {
    ScreenClient silent = ScreenClient.open(vertx, hub.httpPort());
    assertThat(silent.awaitClose(Duration.ofSeconds(6))).isEqualTo((short) 4408);
    silent.close();
  }

  @Test
  void playFramesNameNoMemberYetProofOfPlayKnowsWhomTheyWereFor(Vertx vertx) throws Exception {
    Redis redis = Redis.createClient(vertx, hub.hub.redisUrl());
    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1").settled();
         Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
      cam.sees("anna", "t-pop-anna", null);
      JsonObject play = footwear.next("play", Duration.ofSeconds(5));
      assertThat(play.encode()).doesNotContain("anna");
      assertThat(play.getJsonObject("reason").containsKey("shopper")).isFalse();

      // WHEN the screen reports the play, claiming it was for someone else
      long now = System.currentTimeMillis();
      footwear.send(new JsonObject().put("type", "played").put("content", play.getJsonObject("content").getString("id"))
          .put("playId", play.getString("playId")).put("startedAt", now - 2000).put("endedAt", now)
          .put("reason", new JsonObject().put("kind", "rule").put("shopper", "mallory").put("junk", "x".repeat(3000))));
      // THEN proof of play keeps the hub's own reason: for Anna, nothing the screen made up
      String reason = Eventually.value(() -> lastProofOfPlayReason(redis), r -> r != null && r.contains("anna"));
      assertThat(reason).contains("\"shopper\":\"anna\"").doesNotContain("mallory").doesNotContain("junk");

      // AND a report of a play this hub never sent cannot carry a shopper either
      footwear.send(new JsonObject().put("type", "played").put("content", "welcome").put("playId", "p-made-up")
          .put("startedAt", now - 2000).put("endedAt", now).put("reason", new JsonObject().put("kind", "rule").put("shopper", "ben")));
      String madeUp = Eventually.value(() -> lastProofOfPlayReason(redis), r -> r != null && !r.contains("anna"));
      assertThat(madeUp).isEqualTo("{\"kind\":\"rule\"}");
    } finally {
      redis.close();
    }
  }

  @Test
  void framesAreBoundedInSizeRateAndTime(Vertx vertx) throws Exception {
    try (ScreenClient screen = ScreenClient.connect(vertx, hub.httpPort(), "cafe-orders").settled()) {
      long now = System.currentTimeMillis();
      screen.sendText(new JsonObject().put("type", "showing").put("content", "x".repeat(5000)).encode());
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("error")).isEqualTo("too-large");
      screen.send(new JsonObject().put("type", "touch").put("x", 0.5).put("y", 0.5).put("ts", now + 3_600_000));
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("message")).startsWith("touch: ts must be within");
      screen.send(new JsonObject().put("type", "played").put("content", "welcome").put("startedAt", now - 2 * 86_400_000L)
          .put("endedAt", now));
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("message")).startsWith("played: startedAt must be within");

      // a flood: touches fire rules, so only a few of 200 count; frames past the budget are dropped and said so
      long touchesBefore = hub.hub.counters().get("screens.touch");
      for (int i = 0; i < 200; i++) {
        screen.send(new JsonObject().put("type", "touch").put("x", 0.1).put("y", 0.1));
      }
      assertThat(screen.next("error", Duration.ofSeconds(5)).getString("error")).isEqualTo("rate-limited");
      Thread.sleep(500);
      long counted = hub.hub.counters().get("screens.touch") - touchesBefore;
      assertThat(counted).isBetween(1L, 10L);
      assertThat(hub.hub.counters().get("ws.rejected.rate-limited")).isGreaterThan(100);
      assertThat(screen.isClosed()).isFalse();
    }
  }

  @Test
  void aScreenIdWithCrLfIsLoggedEscapedNotAsAForgedLine(Vertx vertx) throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ScreenGateway.class);
    logger.addAppender(logs);
    try {
      ScreenClient forger = ScreenClient.open(vertx, hub.httpPort());
      forger.send(new JsonObject().put("type", "hello").put("screen", "x\r\n12:00:00.000 INFO  AuthApi - console login: admin"));
      assertThat(forger.awaitClose(Duration.ofSeconds(5))).isEqualTo((short) 4404);
      forger.close();
      String line = Eventually.value(() -> logs.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.contains("console login")).findFirst().orElse(""), m -> !m.isEmpty());
      assertThat(line).contains("x\\r\\n12:00:00.000 INFO").doesNotContain("\r").doesNotContain("\n");
    } finally {
      logger.detachAppender(logs);
    }
  }

  private static String lastProofOfPlayReason(Redis redis) {
    Response r = redis.send(Request.cmd(Command.XREVRANGE).arg("vitrine:proof-of-play").arg("+").arg("-").arg("COUNT").arg(1)).await();
    if (r == null || r.size() == 0) {
      return null;
    }
    Response fields = r.get(0).get(1);
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (fields.get(i).toString().equals("reason")) {
        return fields.get(i + 1).toString();
      }
    }
    return null;
  }
}
