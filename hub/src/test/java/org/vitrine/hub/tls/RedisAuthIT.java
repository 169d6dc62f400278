package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.TestHub;

/**
 * The embedded Redis asks for a password only the hub knows (other local users reach 127.0.0.1
 * too): made once, kept mode 600 in the data dir, never on redis-server's command line, the same
 * after a restart.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class RedisAuthIT {

  private static final Pattern URL = Pattern.compile("redis://:([0-9a-f]{64})@127\\.0\\.0\\.1:(\\d+)");

  @Test
  void theEmbeddedRedisRefusesClientsWithoutThePasswordWhichSurvivesARestart(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("vitrine-auth").resolve("redis");
    String password;
    TestHub first = TestHub.start(vertx, TestHub.demoConf(), data, 300);
    try {
      Matcher url = URL.matcher(first.hub.redisUrl());
      assertThat(url.matches()).as(first.hub.redisUrl()).isTrue();
      password = url.group(1);
      int port = Integer.parseInt(url.group(2));

      // a client without the password is refused, with the raw protocol and with Vert.x's client
      assertThat(rawPing(port)).startsWith("-NOAUTH");
      Redis anonymous = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
      try {
        assertThatThrownBy(() -> anonymous.send(Request.cmd(Command.HLEN).arg(Keys.ZONES)).await())
            .hasMessageContaining("NOAUTH");
      } finally {
        anonymous.close();
      }
      // the URL the hub gives tests carries the password, and it works
      Redis withPassword = Redis.createClient(vertx, first.hub.redisUrl());
      try {
        assertThat(withPassword.send(Request.cmd(Command.HLEN).arg(Keys.ZONES)).await().toInteger()).isEqualTo(5);
        // the server read its password from the conf file in the data dir
        assertThat(withPassword.send(Request.cmd(Command.INFO).arg("server")).await().toString())
            .contains("config_file:" + data.resolve("redis.conf").toAbsolutePath());
      } finally {
        withPassword.close();
      }
      // the hub works through it: a sighting becomes presence
      try (Camera cam = Camera.demo(vertx, first.mqttPort(), "cam-footwear")) {
        cam.sees("anna", "t-auth", null);
      }
      assertThat(Eventually.value(() -> first.hub.presenceStore().stored().await().get("anna"),
          p -> p != null && p.contains("footwear"))).contains("\"zone\":\"footwear\"");

      // the password is in files only the hub's user reads, and not on the command line ps shows
      assertThat(Files.readString(data.resolve("redis.password")).trim()).isEqualTo(password);
      assertThat(mode(data.resolve("redis.password"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("redis.conf"))).isEqualTo("rw-------");
      assertThat(Files.readString(data.resolve("redis.conf"))).contains("requirepass " + password);
      long pid = Long.parseLong(Files.readString(data.resolve("vitrine-redis.pid")).trim());
      String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
      assertThat(cmdline).contains("redis-server").doesNotContain(password);
    } finally {
      first.close();
    }

    // WHEN the hub starts again on the same data dir
    TestHub second = TestHub.start(vertx, TestHub.demoConf(), data, 300);
    try {
      // THEN the same password protects the same data, which the hub reads again
      Matcher url = URL.matcher(second.hub.redisUrl());
      assertThat(url.matches()).isTrue();
      assertThat(url.group(1)).isEqualTo(password);
      assertThat(rawPing(Integer.parseInt(url.group(2)))).startsWith("-NOAUTH");
      assertThat(second.hub.presenceStore().stored().await().get("anna")).contains("\"zone\":\"footwear\"");
    } finally {
      second.close();
    }
  }

  /** What redis-cli without -a would get for PING. */
  private static String rawPing(int port) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(2000);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
