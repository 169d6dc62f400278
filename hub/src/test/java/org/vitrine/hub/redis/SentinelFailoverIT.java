package org.vitrine.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.TestHub;

/**
 * A store that runs a replicated Redis: a master, a replica and Redis Sentinel (Debian's
 * redis-server, real processes). The hub finds the master through the sentinel; when the master
 * is killed, Sentinel promotes the replica and the hub follows it without help.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class SentinelFailoverIT {

  private static final String SCRAPE = "scrape-token-for-the-sentinel-test";
  private final List<Process> processes = new ArrayList<>();

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process start(Path dir, String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-server"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    processes.add(p);
    return p;
  }

  private static String ask(int port, String... command) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(3000);
      StringBuilder sb = new StringBuilder("*" + command.length + "\r\n");
      for (String c : command) {
        sb.append('$').append(c.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(c).append("\r\n");
      }
      s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
      byte[] buf = new byte[8192];
      int n = s.getInputStream().read(buf);
      return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }
  }

  private static void awaitAnswer(int port, String expected, String... command) throws Exception {
    String last = "";
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        last = ask(port, command);
        if (last.contains(expected)) {
          return;
        }
      } catch (java.io.IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(String.join(" ", command) + " on " + port + " never said " + expected + "; last: " + last);
  }

  private static JsonObject health(TestHub hub) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
          + "/api/health")).header("authorization", "Bearer " + SCRAPE).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new JsonObject(r.body());
    } catch (Exception e) {
      return new JsonObject().put("status", "?");
    }
  }

  @Test
  void theHubFindsTheMasterThroughSentinelAndFollowsAFailover(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("vitrine-sentinel");
    int master = freePort();
    int replica = freePort();
    int sentinel = freePort();
    Process masterProcess = start(dir, "master", "--port", String.valueOf(master), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--dbfilename", "master.rdb", "--appendonly", "no", "--save", "");
    Files.createDirectories(dir.resolve("replica"));
    start(dir, "replica", "--port", String.valueOf(replica), "--bind", "127.0.0.1", "--dir", dir.resolve("replica").toString(),
        "--replicaof", "127.0.0.1", String.valueOf(master), "--appendonly", "no", "--save", "");
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, "port " + sentinel + "\nbind 127.0.0.1\nsentinel monitor vitrine 127.0.0.1 " + master + " 1\n"
        + "sentinel down-after-milliseconds vitrine 1000\nsentinel failover-timeout vitrine 10000\n");
    start(dir, "sentinel", conf.toString(), "--sentinel");
    awaitAnswer(replica, "master_link_status:up", "INFO", "replication");
    awaitAnswer(sentinel, String.valueOf(master), "SENTINEL", "get-master-addr-by-name", "vitrine");

    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), dir.resolve("unused"), 30, c -> {
      c.redis.sentinels = List.of("redis://127.0.0.1:" + sentinel);
      c.redis.master = "vitrine";
      c.metrics.token = SCRAPE;
    });
    try {
      Api admin = Api.as(hub.httpPort(), "admin");
      assertThat(admin.post("/api/zones", new JsonObject().put("id", "before-failover").put("name", "Before")).status()).isEqualTo(201);
      awaitAnswer(replica, "before-failover", "HKEYS", "vitrine:zones");

      // Sentinel learns of replicas from the master's INFO, every 10 s: kill the master before it
      // knows the replica and there is nothing to promote
      awaitAnswer(sentinel, String.valueOf(replica), "SENTINEL", "replicas", "vitrine");

      // WHEN the master dies
      long t0 = System.nanoTime();
      masterProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      // THEN Sentinel promotes the replica and the hub, DOWN meanwhile, follows it by itself
      awaitAnswer(sentinel, String.valueOf(replica), "SENTINEL", "get-master-addr-by-name", "vitrine");
      JsonObject up = Eventually.value(() -> health(hub), h -> "UP".equals(h.getString("status"))
          && h.getJsonObject("redis", new JsonObject()).getLong("outages", 0L) >= 1, Duration.ofSeconds(30));
      System.out.printf("master killed → hub UP on the promoted replica after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(up.getString("status")).isEqualTo("UP");
      assertThat(up.getJsonObject("redis").getLong("outages")).isGreaterThanOrEqualTo(1L);
      // AND it reads and writes there: the zone written before, and a new one
      Api again = Api.as(hub.httpPort(), "admin");
      assertThat(again.get("/api/zones/before-failover").status()).isEqualTo(200);
      assertThat(again.post("/api/zones", new JsonObject().put("id", "after-failover").put("name", "After")).status()).isEqualTo(201);
      assertThat(ask(replica, "HKEYS", "vitrine:zones")).contains("after-failover");
    } finally {
      hub.close();
    }
  }

  @org.junit.jupiter.api.AfterEach
  void stopRedis() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
