package org.vitrine.hub.support;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.vitrine.hub.Hub;
import org.vitrine.hub.config.HubConfig;

/** A real hub for tests: real embedded redis-server, MQTT and HTTP on free loopback ports. */
public final class TestHub implements AutoCloseable {

  public final Hub hub;
  public final Path dataDir;
  public final Path confDir;
  /** Where the hub keeps its store CA and server certificate (tls.dir). */
  public final Path tlsDir;

  /** Hubs started and not closed yet: a test that fails before close() must not leave a redis-server behind. */
  private static final java.util.Set<TestHub> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Screen tokens this test hub issued (through the admin API), per screen. */
  private final java.util.Map<String, String> screenTokens = new java.util.concurrent.ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestHub::stopLeftRedisServers, "test-hub-leftovers"));
  }

  private TestHub(Hub hub, Path dataDir, Path confDir, Path tlsDir) {
    this.hub = hub;
    this.dataDir = dataDir;
    this.confDir = confDir;
    this.tlsDir = tlsDir;
  }

  /** At JVM exit: the redis-server of every hub a failed test left open (its pid file says which). */
  private static void stopLeftRedisServers() {
    for (TestHub h : OPEN) {
      try {
        long pid = Long.parseLong(Files.readString(h.dataDir.resolve("vitrine-redis.pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      } catch (IOException | RuntimeException e) {
        // no pid file: its redis-server is gone already
      }
    }
  }

  /** The project's root folder (conf/ and signage-web/ live there). */
  public static Path projectRoot() {
    String prop = System.getProperty("vitrine.project.root");
    Path root = prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("..");
    return root.toAbsolutePath().normalize();
  }

  /** The demo store's conf/ of this repository. */
  public static Path demoConf() {
    return projectRoot().resolve("conf");
  }

  /** The Vosk model the voice module's build unpacks. */
  public static Path voskModel() {
    return projectRoot().resolve("voice/target/vosk-model");
  }

  /** A copy of the demo conf in a temp folder, for tests that change one file. */
  public static Path copyOfDemoConf() throws IOException {
    Path dir = Files.createTempDirectory("vitrine-conf");
    for (String f : new String[] {"hub.yaml", "store.yaml", "content.yaml", "shoppers.yaml", "rules.yaml", "products.yaml"}) {
      Files.copy(demoConf().resolve(f), dir.resolve(f));
    }
    return dir;
  }

  /** The demo store with its speakers on: the real Vosk model, a fresh Redis; fails if voice did not load. */
  public static TestHub withSpeakers(Vertx vertx) throws Exception {
    TestHub hub = start(vertx, demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30, c -> {
      c.voice.enabled = true;
      c.voice.model = voskModel().toString();
    });
    if (!hub.hub.voiceAvailable()) {
      hub.close();
      throw new AssertionError("voice pipeline did not load from " + voskModel());
    }
    return hub;
  }

  public static TestHub start(Vertx vertx, Path confDir) throws Exception {
    return start(vertx, confDir, Files.createTempDirectory("vitrine-data").resolve("redis"), 30);
  }

  public static TestHub start(Vertx vertx, Path confDir, Path dataDir, int silenceSeconds) throws Exception {
    return start(vertx, confDir, dataDir, silenceSeconds, c -> { });
  }

  public static TestHub start(Vertx vertx, Path confDir, Path dataDir, int silenceSeconds,
      java.util.function.Consumer<HubConfig> tweak) throws Exception {
    HubConfig config = new HubConfig();
    config.confDir = confDir;
    config.http.host = "127.0.0.1";
    config.http.port = 0;
    config.mqtt.host = "127.0.0.1";
    config.mqtt.port = 0;
    config.redis.dataDir = dataDir.toString();
    // TLS on free ports too, with the store CA beside the data dir: every test hub serves https and mqtts
    config.tls.httpsPort = 0;
    config.tls.mqttsPort = 0;
    config.tls.dir = dataDir.resolveSibling("tls").toString();
    config.presence.silenceSeconds = silenceSeconds;
    config.console.mediaDir = dataDir.resolveSibling("media").toString();
    config.demo = true; // tests log in as the demo users admin/admin, editor/editor, viewer/viewer
    config.voice.enabled = false; // loading Vosk costs a second and 100 MB: only the voice tests switch it on
    // every test calls from 127.0.0.1, many in a row: the per-address bound has its own test (CheckinApiIT)
    config.checkin.requestsPerMinute = 6000;
    tweak.accept(config);
    Hub hub = Hub.start(vertx, config, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
    TestHub started = new TestHub(hub, dataDir, confDir, Path.of(config.tls.dir));
    OPEN.add(started);
    return started;
  }

  public int httpPort() {
    return hub.httpPort();
  }

  /** The open test hub listening for HTTP on {@code port} (screen clients find their hub's tokens so). */
  public static TestHub onHttpPort(int port) {
    return OPEN.stream().filter(h -> h.httpPort() == port).findFirst()
        .orElseThrow(() -> new AssertionError("no open test hub on HTTP port " + port));
  }

  /**
   * A token for the screen, issued once per test hub as an admin would for a kiosk
   * ({@code POST /api/screens/{id}/token}) and reused by every screen client of this hub.
   */
  public String screenToken(String screen) {
    return screenTokens.computeIfAbsent(screen, id -> {
      Api.Answer a = Api.as(httpPort(), "admin").post("/api/screens/" + id + "/token", null);
      if (a.status() != 201) {
        throw new AssertionError("no token for screen " + id + ": " + a);
      }
      return a.json().getString("token");
    });
  }

  /** The player page of a screen, with its token in the address as an admin would hand it to a kiosk. */
  public String screenUrl(String screen) {
    return "http://127.0.0.1:" + httpPort() + "/screen/" + screen + "#token=" + screenToken(screen);
  }

  /** Forgets the cached token (after a test revoked or replaced it). */
  public void forgetScreenToken(String screen) {
    screenTokens.remove(screen);
  }

  public int mqttPort() {
    return hub.mqttPort();
  }

  /** -1 when a test switched it off. */
  public int httpsPort() {
    return hub.httpsPort();
  }

  public int mqttsPort() {
    return hub.mqttsPort();
  }

  /** The store CA the hub made (the file behind GET /ca.pem), beside the data dir. */
  public Path caPem() {
    return tlsDir.resolve(org.vitrine.hub.tls.StoreCertificates.CA);
  }

  @Override
  public void close() throws Exception {
    hub.stop().await(30, TimeUnit.SECONDS);
    OPEN.remove(this);
  }
}
