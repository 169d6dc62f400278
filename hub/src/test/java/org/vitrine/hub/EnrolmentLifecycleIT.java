package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.ScreenClient;
import org.vitrine.hub.support.TestHub;

/** Enrolments live in Redis: they survive a restart, and vanish by themselves when the visit's TTL ends. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class EnrolmentLifecycleIT {

  @Test
  void aRestartedHubRebuildsItsFacesFromRedis(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("vitrine-enrol").resolve("redis");
    float[] ben = Faces.person(80);
    TestHub first = TestHub.start(vertx, TestHub.demoConf(), data, 30);
    try (Camera door = Camera.demo(vertx, first.mqttPort(), "cam-entrance")) {
      Checkins.checkIn(new Rest(first.httpPort()), door, "t-ben", ben, "ben");
    }
    first.close();
    // WHEN the hub starts again on the same Redis data
    TestHub second = TestHub.start(vertx, TestHub.demoConf(), data, 30);
    try (ScreenClient apparel = ScreenClient.connect(vertx, second.httpPort(), "apparel-1");
         Camera aisle = Camera.demo(vertx, second.mqttPort(), "cam-apparel")) {
      // THEN Ben's face is still known without checking in again
      aisle.seesFace("t-ben-after-restart", Faces.similar(ben, 0.7, 81), 0.8);
      assertThat(apparel.shopperOf(apparel.next("play", Duration.ofSeconds(5)))).isEqualTo("ben");
    } finally {
      second.close();
    }
  }

  @Test
  void facesAndConsentVanishWhenTheirTtlEnds(Vertx vertx) throws Exception {
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-ttl").resolve("redis"), 30,
        c -> c.identity.embeddingTtlSeconds = 4);
    Rest rest = new Rest(hub.httpPort());
    var redis = hub.hub.redis();
    float[] anna = Faces.person(90);
    try (ScreenClient footwear = ScreenClient.connect(vertx, hub.httpPort(), "footwear-1");
         Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance");
         Camera shoes = Camera.demo(vertx, hub.mqttPort(), "cam-footwear")) {
      // GIVEN Anna checked in with a visit TTL of 4 s (long enough to read it back on a slow machine)
      Checkins.checkIn(rest, door, "t-anna", anna, "anna");
      long ttl = redis.send(Request.cmd(Command.PTTL).arg(Keys.face("anna"))).await().toLong();
      assertThat(ttl).isBetween(1L, 4000L);
      assertThat(redis.send(Request.cmd(Command.PTTL).arg(Keys.consent("anna"))).await().toLong()).isBetween(1L, 4000L);
      // WHEN the TTL has passed
      Thread.sleep(5500);
      // THEN Redis has neither her face nor her consent, the API says so
      assertThat(redis.send(Request.cmd(Command.EXISTS).arg(Keys.face("anna")).arg(Keys.consent("anna"))).await().toLong()).isZero();
      assertThat(rest.asConsoleUser("viewer").get("/api/shoppers/anna/identity").json().getBoolean("enrolled")).isFalse();
      // AND her face is a stranger's again: counted, not personalised
      long before = hub.hub.presenceStore().anonymousCount("footwear", System.currentTimeMillis()).await();
      shoes.seesFace("t-anna-late", Faces.similar(anna, 0.8, 91), 0.9);
      footwear.expectNo("play", Duration.ofMillis(800));
      assertThat(Eventually.value(() -> hub.hub.presenceStore().anonymousCount("footwear", System.currentTimeMillis()).await(),
          n -> n >= before + 1)).isEqualTo(before + 1);
    } finally {
      hub.close();
    }
  }
}
