package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.MemberSystem;
import org.vitrine.hub.support.RedisTraces;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * "Forget me" on the phone removes every trace of the visit and leaves the loyalty membership; an
 * admin, or the member system with its own token, erases the member everywhere: an auditor
 * scanning all of Redis then finds nothing.
 */
class ErasureIT {

  private static MemberSystem members;
  private static TestHub hub;
  private static Rest rest;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> members = MemberSystem.start(v)).tweak(c -> {
    members.configure(c);
    // faces leave the check-in camera's memory after 3 s: each test's check-in finds the entrance to itself
    c.checkin.faceSeconds = 3;
  }).after(() -> members.close());

  @BeforeAll
  static void startHub() throws Exception {
    rest = new Rest(hub.httpPort());
  }

  @Test
  void forgetMeErasesTheVisitAndAnAdminErasesTheMemberUntilNoKeyFieldOrStreamEntryInRedisNamesThem(Vertx vertx) throws Exception {
    Redis redis = hub.hub.redis();
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
      long now = System.currentTimeMillis();
      // the screen reports the play without a shopper (it never got one): proof of play knows it from the hub
      entrance.send(new JsonObject().put("type", "played").put("screen", "entrance-1").put("content", "platinum-welcome")
          .put("playId", play.getString("playId")).put("startedAt", now - 2000).put("endedAt", now - 1000)
          .put("reason", play.getJsonObject("reason")));
      entrance.send(new JsonObject().put("type", "played").put("screen", "entrance-1").put("content", "welcome")
          .put("startedAt", now - 1000).put("endedAt", now).put("reason", new JsonObject().put("kind", "playlist")));
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

      // THEN the answer lists what went: the visit, not the membership
      assertThat(erased.status()).isEqualTo(200);
      JsonObject removed = erased.json().getJsonObject("removed");
      assertThat(removed.getLong("faces")).isEqualTo(1);
      assertThat(removed.getLong("phoneKey")).isEqualTo(1);
      assertThat(removed.getLong("consent")).isEqualTo(1);
      assertThat(removed.getLong("presence")).isEqualTo(1);
      assertThat(removed.getLong("caps")).isGreaterThanOrEqualTo(1);
      assertThat(removed.getLong("proofOfPlay")).isEqualTo(1);
      assertThat(removed.containsKey("profile")).isFalse();
      // AND the screen showing his content goes back to its playlist
      assertThat(entrance.next("resume", Duration.ofSeconds(5)).getJsonObject("reason").getString("cause")).isEqualTo("shopper-erased");
      // AND what is left in the whole of Redis is his loyalty membership: profile, visit count, conf base
      List<String> left = RedisTraces.find(redis, "david");
      System.out.println("traces of david after forget me:\n  " + String.join("\n  ", left));
      assertThat(left).isNotEmpty().allMatch(t -> t.startsWith("vitrine:shoppers (hash): david =")
          || t.startsWith("vitrine:visits (hash): david =") || t.startsWith("vitrine:conf-base:shoppers (hash): david ="));
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/david").json().getString("name")).isEqualTo("David");
      assertThat(RedisTraces.find(redis, "t-door-17")).isEmpty();
      // AND the phone's key is spent: it cannot erase (or read) anything any more
      assertThat(rest.withHeader(key, phoneKey).delete("/api/shoppers/david/identity").status()).isEqualTo(401);

      // WHEN an admin deletes the member (the console's "delete shopper": erase everywhere)
      Rest.Answer all = rest.asConsoleUser("admin").delete("/api/shoppers/david");
      assertThat(all.status()).isEqualTo(200);
      assertThat(all.json().getJsonObject("removed").getLong("profile")).isEqualTo(1);
      // THEN nothing in the whole of Redis names him any more
      assertThat(RedisTraces.find(redis, "david")).isEmpty();
      // AND the sightings log keeps nothing of his camera track, not even from before he was recognised
      assertThat(RedisTraces.find(redis, "t-door-17")).isEmpty();
      // AND the anonymous count and the playlist proof of play are still there
      assertThat(hub.hub.presenceStore().anonymousCount("cafe", System.currentTimeMillis()).await()).isEqualTo(1);
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

  @Test
  void anAdminsForgetMeErasesTheVisitOnly(Vertx vertx) throws Exception {
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      Checkins.checkIn(rest, door, "t-door-41", Faces.person(73), "chloe");
      Rest.Answer visit = rest.asConsoleUser("admin").delete("/api/shoppers/chloe/identity");
      assertThat(visit.status()).isEqualTo(200);
      assertThat(visit.json().getJsonObject("removed").getLong("faces")).isEqualTo(1);
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/chloe/identity").json().getBoolean("enrolled")).isFalse();
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/chloe").status()).isEqualTo(200);
    }
  }

  @Test
  void theMemberSystemErasesAMemberWithItsOwnTokenAndNoOtherTokenCan(Vertx vertx) throws Exception {
    Redis redis = hub.hub.redis();
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      // GIVEN Anna checked in with her shopping app
      door.seesFace("t-door-42", Faces.person(74), 0.9);
      Checkins.agree(rest, t -> Checkins.byMemberToken(t, members.memberToken("anna")));
      door.seesFace("t-door-42", Faces.person(74), 0.9);
      assertThat(RedisTraces.find(redis, "anna")).anyMatch(t -> t.startsWith("vitrine:face:anna"))
          .anyMatch(t -> t.startsWith("vitrine:shoppers"));

      // WHEN anyone else asks the hub to erase her: no token, a forged one, her own sign-in, another scope
      Rest.Answer none = rest.delete("/api/members/anna");
      Rest.Answer forged = rest.withHeader("Authorization", "Bearer " + members.forgedToken("member-system-backoffice"))
          .delete("/api/members/anna");
      Rest.Answer hers = rest.withHeader("Authorization", "Bearer " + members.memberToken("anna")).delete("/api/members/anna");
      Rest.Answer readOnly = rest.withHeader("Authorization", "Bearer " + members.serviceToken("vitrine:members:read"))
          .delete("/api/members/anna");
      Rest.Answer console = rest.asConsoleUser("admin").delete("/api/members/anna");
      // THEN each is refused in JSON, and nothing went
      assertThat(none.status()).isEqualTo(401);
      assertThat(forged.status()).isEqualTo(401);
      assertThat(console.status()).as("a console login is not the member system").isEqualTo(401);
      assertThat(hers.status()).isEqualTo(403);
      assertThat(readOnly.status()).isEqualTo(403);
      assertThat(List.of(none, forged, hers, readOnly, console)).allMatch(a -> a.json().getString("error") != null);
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/anna/identity").json().getBoolean("enrolled")).isTrue();

      // WHEN the member system's back office erases her with its erase scope
      Rest.Answer erased = rest.withHeader("Authorization", "Bearer " + members.serviceToken("vitrine:members:read vitrine:members:erase"))
          .delete("/api/members/anna");
      // THEN she is gone everywhere: the membership too, and nothing in Redis names her
      assertThat(erased.status()).as(erased.json().encode()).isEqualTo(200);
      assertThat(erased.json().getBoolean("erased")).isTrue();
      assertThat(RedisTraces.find(redis, "anna")).isEmpty();
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/anna").status()).isEqualTo(404);
    }
  }
}
