package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.RedisConnections;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.TestHub;

/**
 * An external Redis over TLS (rediss://, a password in the URL), its certificate from a private
 * CA the hub trusts through redis.caFile: Debian's real redis-server with TLS only (--port 0).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class RedissIT {

  @Test
  void theHubWorksWithARedisOverTlsWhoseCaItIsGivenAndRefusesItOtherwise(Vertx vertx) throws Exception {
    // GIVEN a redis-server speaking only TLS, with a certificate of a private CA, and a password
    Path dir = Files.createTempDirectory("rediss");
    CertificateAuthority ca = CertificateAuthority.create("Redis test CA", Instant.now());
    CertificateAuthority.KeyCert cert = ca.issueServer(SubjectNames.of(List.of("localhost", "127.0.0.1")), Instant.now());
    Path caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, Pem.of(ca.certificate()));
    Files.writeString(dir.resolve("redis.pem"), Pem.of(cert.cert()));
    Files.writeString(dir.resolve("redis-key.pem"), Pem.of(cert.key()));
    byte[] secret = new byte[16];
    ThreadLocalRandom.current().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    int port = freePort();
    // the test's own throwaway server: its password on the command line does not matter here
    Process redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
        "--tls-cert-file", dir.resolve("redis.pem").toString(), "--tls-key-file", dir.resolve("redis-key.pem").toString(),
        "--tls-ca-cert-file", caFile.toString(), "--tls-auth-clients", "no", "--requirepass", password,
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      awaitListening(redis, port, dir);
      String url = "rediss://:" + password + "@127.0.0.1:" + port;
      Path hubData = Files.createTempDirectory("vitrine-data").resolve("redis");

      // WHEN the hub is pointed at it with the CA
      TestHub hub = TestHub.start(vertx, TestHub.demoConf(), hubData, 300, c -> {
        c.redis.url = url;
        c.redis.caFile = caFile.toString();
      });
      try {
        // THEN it imported the store into that Redis (no embedded one was started)
        assertThat(hub.hub.redisUrl()).isEqualTo(url);
        assertThat(hubData.resolve("redis.password")).doesNotExist();
        Redis client = Redis.createClient(vertx, RedisConnections.options(url, caFile.toString()));
        try {
          assertThat(client.send(Request.cmd(Command.HLEN).arg(Keys.ZONES)).await().toInteger()).isEqualTo(5);
        } finally {
          client.close();
        }
        // AND the store runs on it: a sighting becomes presence there
        try (Camera cam = Camera.demo(vertx, hub.mqttPort(), "cam-apparel")) {
          cam.sees("chloe", "t-rediss", null);
        }
        assertThat(Eventually.value(() -> hub.hub.presenceStore().stored().await().get("chloe"),
            p -> p != null && p.contains("apparel"))).contains("\"zone\":\"apparel\"");
      } finally {
        hub.close();
      }

      // WHEN the CA is not given, THEN the hub does not trust that Redis and says so, without the password
      assertThatThrownBy(() -> TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 300,
          c -> c.redis.url = url))
          .hasMessageContaining("cannot reach Redis at rediss://:***@127.0.0.1:" + port)
          .hasMessageNotContaining(password);
    } finally {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitListening(Process redis, int port, Path dir) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (!redis.isAlive()) {
        throw new AssertionError("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("redis-server did not listen on " + port + ": " + Files.readString(dir.resolve("redis.log")));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
