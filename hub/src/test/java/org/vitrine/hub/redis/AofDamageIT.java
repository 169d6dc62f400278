package org.vitrine.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.TestHub;

/**
 * A torn append-only file (what a power cut leaves) is no longer loaded silently: the hub's start
 * names the damage in its log and in /api/health, keeps a copy of the damaged file and says how to
 * look at it, and the store runs on what was kept.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class AofDamageIT {

  private static final String SCRAPE = "scrape-token-for-the-aof-test";

  @Test
  void aTornAppendOnlyFileIsNamedInTheLogAndHealthAndCopiedAsideBeforeRedisCutsIt(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("vitrine-aof").resolve("redis");
    TestHub first = TestHub.start(vertx, TestHub.demoConf(), data, 30, c -> c.metrics.token = SCRAPE);
    Api admin = Api.as(first.httpPort(), "admin");
    for (int i = 0; i < 20; i++) {
      assertThat(admin.post("/api/zones", new JsonObject().put("id", "aisle-" + i).put("name", "Aisle " + i)).status()).isEqualTo(201);
    }
    first.close();

    // GIVEN the last write was torn: the tail of the append-only file is cut mid-command
    Path incr;
    try (Stream<Path> files = Files.list(data.resolve("appendonlydir"))) {
      incr = files.filter(f -> f.getFileName().toString().endsWith(".incr.aof")).findFirst().orElseThrow();
    }
    long size = Files.size(incr);
    try (RandomAccessFile f = new RandomAccessFile(incr.toFile(), "rw")) {
      f.setLength(size - 9);
    }

    // WHEN the hub starts on it
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ROOT");
    root.addAppender(logs);
    TestHub again;
    try {
      again = TestHub.start(vertx, TestHub.demoConf(), data, 30, c -> c.metrics.token = SCRAPE);
    } finally {
      root.detachAppender(logs);
    }
    try {
      // THEN its log names the damage once, with the copy and how to look at it
      assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage))
          .singleElement().satisfies(m -> assertThat(m).contains("append-only file is damaged").contains(incr.getFileName().toString())
              .contains("damaged-aof-").contains("redis-check-aof"));
      // AND /api/health says so to staff and the scraper
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + again.httpPort() + "/api/health")).header("authorization", "Bearer " + SCRAPE).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject damage = new JsonObject(r.body()).getJsonObject("redis").getJsonObject("aofDamaged");
      assertThat(damage.getString("file")).isEqualTo(incr.getFileName().toString());
      assertThat(damage.getLong("lostBytes")).isPositive();
      assertThat(damage.getLong("keptBytes") + damage.getLong("lostBytes")).isEqualTo(size - 9);
      // AND the copy holds the file as it was found, before Redis cut its tail
      Path copy = Path.of(damage.getString("copy"));
      assertThat(Files.size(copy.resolve(incr.getFileName()))).isEqualTo(size - 9);
      assertThat(Files.size(incr)).isLessThan(size - 9);
      // AND the store runs on what was kept: every zone but (at most) the last write
      long aisles = Api.as(again.httpPort(), "viewer").get("/api/zones").array().stream()
          .filter(z -> ((JsonObject) z).getString("id").startsWith("aisle-")).count();
      assertThat(aisles).isBetween(19L, 20L);
    } finally {
      again.close();
    }
  }
}
