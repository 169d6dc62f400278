package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.RedisTraces;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/** "Forget me" removes every trace of a shopper: an auditor scanning all of Redis finds nothing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class ErasureIT {

  private static TestHub hub;
  private static Rest rest;

  @BeforeAll
  static void startHub(Vertx vertx) throws Exception {
    hub = TestHub.start(vertx, TestHub.demoConf());
    rest = new Rest(hub.httpPort());
  }

  @AfterAll
  static void stopHub() throws Exception {
    hub.close();
  }

  @Test
  void afterForgetMeNoKeyFieldOrStreamEntryInRedisNamesTheShopper(Vertx vertx) throws Exception {
    Redis redis = hub.hub.repository().redis();
    float[] david = Faces.person(70);
    try (ScreenClient entrance = ScreenClient.connect(vertx, hub.httpPort(), "entrance-1");
         Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         Camera cafeCam = Camera.demo(vertx, hub.mqttPort(), "cam-cafe")) {
      // GIVEN David checked in, was welcomed at the entrance (presence, visit, cap, screen state),
      String phoneKey = Checkins.checkIn(rest, door, "t-door-17", david, "david").getString("key");
      door.seesFace("t-door-17", david, 0.9);
      JsonObject play = entrance.next("play", Duration.ofSeconds(5));
      assertThat(entrance.shopperOf(play)).isEqualTo("david");
      // AND the screen reported proof of play for his content and for a playlist item
      entrance.send(new JsonObject().put("type", "played").put("screen", "entrance-1").put("content", "platinum-welcome")
          .put("playId", play.getString("playId")).put("startedAt", 1).put("endedAt", 2).put("reason", play.getJsonObject("reason")));
      entrance.send(new JsonObject().put("type", "played").put("screen", "entrance-1").put("content", "welcome")
          .put("startedAt", 3).put("endedAt", 4).put("reason", new JsonObject().put("kind", "playlist")));
      // AND an anonymous person was counted in the cafe
      cafeCam.seesFace("t-someone", Faces.person(71), 0.9);
      List<String> before = List.of();
      for (int i = 0; i < 50 && before.stream().noneMatch(t -> t.startsWith("vitrine:proof-of-play")); i++) {
        Thread.sleep(100);
        before = RedisTraces.find(redis, "david");
      }
      System.out.println("traces of david before erasure:\n  " + String.join("\n  ", before));
      assertThat(before).anyMatch(t -> t.startsWith("vitrine:face:david")).anyMatch(t -> t.startsWith("vitrine:consent:david"))
          .anyMatch(t -> t.startsWith("vitrine:presence")).anyMatch(t -> t.startsWith("vitrine:visits"))
          .anyMatch(t -> t.startsWith("vitrine:cap:platinum-entrance:david")).anyMatch(t -> t.startsWith("vitrine:screen-state"))
          .anyMatch(t -> t.startsWith("vitrine:proof-of-play")).anyMatch(t -> t.startsWith("vitrine:shoppers"))
          .anyMatch(t -> t.startsWith("vitrine:shopper-key:david"));
      // AND nobody but his phone or an admin can read his check-in or erase him
      String key = org.vitrine.hub.checkin.CheckinApi.SHOPPER_KEY_HEADER;
      assertThat(rest.get("/api/shoppers/david/identity").status()).isEqualTo(401);
      assertThat(rest.delete("/api/shoppers/david/identity").status()).isEqualTo(401);
      assertThat(rest.withHeader(key, "AAAAAAAAAAAAAAAAAAAAAA").delete("/api/shoppers/david/identity").json()
          .getString("error")).isEqualTo("not-yours");
      assertThat(rest.withHeader("Authorization", "Bearer forged").delete("/api/shoppers/david/identity").status()).isEqualTo(401);
      assertThat(rest.asConsoleUser("viewer").delete("/api/shoppers/david/identity").status()).isEqualTo(403);
      assertThat(rest.withHeader(key, phoneKey).get("/api/shoppers/david/identity").json().getBoolean("enrolled")).isTrue();

      // WHEN he asks to be forgotten, in one call from his phone
      Rest.Answer erased = rest.withHeader(key, phoneKey).delete("/api/shoppers/david/identity");

      // THEN the answer lists what went
      assertThat(erased.status()).isEqualTo(200);
      JsonObject removed = erased.json().getJsonObject("removed");
      assertThat(removed.getLong("faces")).isEqualTo(1);
      assertThat(removed.getLong("phoneKey")).isEqualTo(1);
      assertThat(removed.getLong("consent")).isEqualTo(1);
      assertThat(removed.getLong("profile")).isEqualTo(1);
      assertThat(removed.getLong("presence")).isEqualTo(1);
      assertThat(removed.getLong("caps")).isGreaterThanOrEqualTo(1);
      assertThat(removed.getLong("proofOfPlay")).isEqualTo(1);
      // AND the screen showing his content goes back to its playlist
      assertThat(entrance.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("shopper-erased");
      // AND nothing in the whole of Redis names him any more
      assertThat(RedisTraces.find(redis, "david")).isEmpty();
      // AND the sightings log keeps nothing of his camera track, not even from before he was recognised
      assertThat(RedisTraces.find(redis, "t-door-17")).isEmpty();
      // AND the anonymous count and the playlist proof of play are still there
      assertThat(hub.hub.repository().anonymousCount("cafe", System.currentTimeMillis()).await()).isEqualTo(1);
      assertThat(RedisTraces.find(redis, "\"kind\":\"playlist\"")).isNotEmpty();

      // WHEN his face (same track, and a new one) and a device naming him arrive afterwards
      // (track ids are the camera's, like t-door-17: they do not contain his id, or the scan below would find them)
      door.seesFace("t-door-17", david, 0.9);
      door.seesFace("t-door-18", Faces.similar(david, 0.8, 72), 0.95);
      door.sees("david", "t-named", null);
      // THEN he is a stranger now: an anonymous count, an unknown-shopper notice, no play, no trace
      assertThat(door.nextError(5).getString("error")).isEqualTo("unknown-shopper");
      entrance.expectNo("play", Duration.ofSeconds(1));
      assertThat(RedisTraces.find(redis, "david")).isEmpty();
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/david/identity").json().getBoolean("enrolled")).isFalse();
      // AND erasing again is harmless
      assertThat(rest.asConsoleUser("admin").delete("/api/shoppers/david/identity").status()).isEqualTo(200);
    }
  }
}
