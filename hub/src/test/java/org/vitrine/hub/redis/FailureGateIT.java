package org.vitrine.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.ops.Backoff;

/** The back-off counted in a real redis-server, on a clock the test moves. */
@ExtendWith(VertxExtension.class)
class FailureGateIT {

  private static EmbeddedRedis server;
  private static Redis redis;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    server = EmbeddedRedis.start(Files.createTempDirectory("gate").resolve("redis"));
    redis = Redis.createClient(vertx, server.url());
  }

  @AfterAll
  static void stop() {
    redis.close();
    server.close();
  }

  @Test
  void blocksAfterTheFreeFailuresDoublingUpToTheMaximumAndASuccessForgets() {
    AtomicLong now = new AtomicLong(1_000_000);
    FailureGate gate = new FailureGate(redis, "test", new Backoff(3, 1_000, 8_000, 60_000), now::get);

    // GIVEN two failures: still free
    assertThat(gate.failed("ann@10.0.0.7").await()).isZero();
    assertThat(gate.failed("ann@10.0.0.7").await()).isZero();
    assertThat(gate.waitMillis("ann@10.0.0.7").await()).isZero();

    // WHEN the third and further failures come: 1 s, 2 s, 4 s, 8 s, 8 s
    assertThat(gate.failed("ann@10.0.0.7").await()).isEqualTo(1_000);
    assertThat(gate.waitMillis("ann@10.0.0.7").await()).isEqualTo(1_000);
    now.addAndGet(400);
    assertThat(gate.waitMillis("ann@10.0.0.7").await()).isEqualTo(600);
    assertThat(gate.failed("ann@10.0.0.7").await()).isEqualTo(2_000);
    assertThat(gate.failed("ann@10.0.0.7").await()).isEqualTo(4_000);
    assertThat(gate.failed("ann@10.0.0.7").await()).isEqualTo(8_000);
    assertThat(gate.failed("ann@10.0.0.7").await()).isEqualTo(8_000);

    // THEN another key is untouched, the Redis key names nobody, and a success forgets everything
    assertThat(gate.waitMillis("bob@10.0.0.7").await()).isZero();
    var keys = redis.send(Request.cmd(Command.KEYS).arg("vitrine:fail:*")).await();
    assertThat(keys.size()).isEqualTo(1);
    assertThat(keys.get(0).toString()).startsWith("vitrine:fail:test:").doesNotContain("ann").doesNotContain("10.0.0.7");
    long ttl = redis.send(Request.cmd(Command.PTTL).arg(keys.get(0).toString())).await().toLong();
    assertThat(ttl).isBetween(50_000L, 60_000L);
    gate.succeeded("ann@10.0.0.7").await();
    assertThat(gate.waitMillis("ann@10.0.0.7").await()).isZero();
    assertThat(gate.failed("ann@10.0.0.7").await()).isZero();
  }

  @Test
  void theLoginPolicyIsTenFreeThenOneSecondDoublingToFifteenMinutes() {
    assertThat(Backoff.LOGIN.blockMillis(9)).isZero();
    assertThat(Backoff.LOGIN.blockMillis(10)).isEqualTo(1_000);
    assertThat(Backoff.LOGIN.blockMillis(11)).isEqualTo(2_000);
    assertThat(Backoff.LOGIN.blockMillis(30)).isEqualTo(15 * 60_000);
    assertThat(Backoff.LOGIN.blockMillis(Long.MAX_VALUE)).isEqualTo(15 * 60_000);
  }
}
