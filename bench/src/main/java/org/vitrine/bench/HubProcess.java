package org.vitrine.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hub under test as a child process: {@code java -jar hub/target/vitrine-hub.jar} with the
 * generated conf, free ports and a fresh data dir. {@link #stop()} sends SIGTERM (the hub then
 * stops its redis-server), escalates to SIGKILL and kills leftover descendants; it is idempotent
 * and also runs from the JVM shutdown hook (Ctrl-C).
 */
final class HubProcess {

  /** The scrape token the bench's hub is started with (VITRINE_METRICS_TOKEN): /api/health's details need it. */
  static final String METRICS_TOKEN = "bench-" + java.util.UUID.randomUUID();

  final int httpPort;
  final int mqttPort;
  /** With --tls: the HTTPS and MQTT over TLS ports and the store CA the clients trust; else -1 and null. */
  final int httpsPort;
  final int mqttsPort;
  final Path caPem;
  final Path log;
  final Path gcLog;
  /** System.nanoTime() just before the hub process started (≈ its JVM uptime 0). */
  final long startedNanos;
  private final Process process;
  private final Path dataDir;
  private volatile boolean stopped;

  private HubProcess(Process process, int httpPort, int mqttPort, int httpsPort, int mqttsPort, Path caPem, Path log, Path gcLog,
      long startedNanos, Path dataDir) {
    this.process = process;
    this.httpsPort = httpsPort;
    this.mqttsPort = mqttsPort;
    this.caPem = caPem;
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
    this.log = log;
    this.gcLog = gcLog;
    this.startedNanos = startedNanos;
  }

  /**
   * Copies the hub jar and its lib/ next to it into {@code into}: other people rebuild
   * hub/target while a run is going, and a jar replaced under a running JVM breaks it.
   */
  static Path snapshotJar(Path hubJar, Path into) throws IOException {
    if (!Files.isRegularFile(hubJar)) {
      throw new IOException("hub jar not found: " + hubJar + " (build it: mvn -B -q -o -pl signage-web,hub -DskipTests install)");
    }
    Files.createDirectories(into.resolve("lib"));
    Path jar = into.resolve(hubJar.getFileName());
    Files.copy(hubJar, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path lib = hubJar.resolveSibling("lib");
    if (Files.isDirectory(lib)) {
      try (var files = Files.list(lib)) {
        for (Path f : files.toList()) {
          Files.copy(f, into.resolve("lib").resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return jar;
  }

  static HubProcess start(BenchOptions o, Path hubJar, Path confDir, Path dataDir, Path log) throws IOException {
    return start(o, hubJar, confDir, dataDir, log, Map.of());
  }

  /** The same, with more environment for the hub (VITRINE_REDIS_FSYNC, …). */
  static HubProcess start(BenchOptions o, Path hubJar, Path confDir, Path dataDir, Path log, Map<String, String> extraEnv)
      throws IOException {
    int http = freePort();
    int mqtt = freePort();
    while (mqtt == http) {
      mqtt = freePort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx" + o.hubXmx);
    Path gcLog = log.resolveSibling("hub-gc.log");
    cmd.add("-Xlog:gc:file=" + gcLog + ":uptime");
    if (!o.hubJvmOpts.isBlank()) {
      cmd.addAll(List.of(o.hubJvmOpts.trim().split("\\s+")));
    }
    cmd.add("-jar");
    cmd.add(hubJar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(o.root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("VITRINE_CONF_DIR", confDir.toString());
    env.put("VITRINE_DATA_DIR", dataDir.toString());
    env.put("VITRINE_HTTP_HOST", "127.0.0.1");
    env.put("VITRINE_HTTP_PORT", Integer.toString(http));
    env.put("VITRINE_MQTT_HOST", "127.0.0.1");
    env.put("VITRINE_MQTT_PORT", Integer.toString(mqtt));
    // without --tls the bench measures the plain ports: no TLS listeners (and no fixed 8443/8883 to collide on)
    int https = o.tls ? freePort() : -1;
    int mqtts = o.tls ? freePort() : -1;
    Path tlsDir = dataDir.resolveSibling(dataDir.getFileName() + "-tls");
    env.put("VITRINE_HTTPS_PORT", Integer.toString(https));
    env.put("VITRINE_MQTTS_PORT", Integer.toString(mqtts));
    env.put("VITRINE_TLS_DIR", tlsDir.toString());
    // Nobody must "leave the store" by silence during a run: presence comes from sightings only.
    env.put("VITRINE_PRESENCE_SILENCE_SECONDS", "3600");
    env.put("VITRINE_LOG_LEVEL", o.hubLogLevel);
    // the bench logs in as the demo admin to pair its screens, and reads /api/health with the scrape token
    env.put("VITRINE_DEMO", "on");
    env.put("VITRINE_METRICS_TOKEN", METRICS_TOKEN);
    // thousands of screens from one address (this machine): the per-address cap is for real stores
    env.put("VITRINE_MAX_CONNECTIONS_PER_ADDRESS", "100000");
    env.putAll(extraEnv);
    long t0 = System.nanoTime();
    return new HubProcess(pb.start(), http, mqtt, https, mqtts, o.tls ? tlsDir.resolve("ca.pem") : null, log, gcLog, t0, dataDir);
  }

  /** The password the hub made for its embedded Redis (for the bench's INFO calls), or null. */
  String redisPassword() {
    try {
      return Files.readString(dataDir.resolve(org.vitrine.hub.redis.EmbeddedRedis.PASSWORD_FILE)).trim();
    } catch (IOException e) {
      return null;
    }
  }

  long pid() {
    return process.pid();
  }

  /** kill -9 of the hub alone: its redis-server is left running, as after a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Where the embedded Redis listens, with its password (read from the files the hub leaves in its data dir). */
  String redisUrl() throws IOException {
    return "redis://:" + redisPassword() + "@127.0.0.1:"
        + Files.readString(dataDir.resolve(org.vitrine.hub.redis.EmbeddedRedis.PORT_FILE)).trim();
  }

  /**
   * A token for every screen, issued as an admin does for kiosks ({@code POST /api/screens/{id}/token}),
   * 32 requests at a time: screens are paired before they may connect.
   */
  java.util.Map<String, String> screenTokens(java.util.List<String> screens) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/auth/login"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"admin\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("bench cannot log in as the demo admin: " + login.statusCode() + " " + login.body());
    }
    String bearer = "Bearer " + new io.vertx.core.json.JsonObject(login.body()).getString("token");
    java.util.Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
    List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
    for (String id : screens) {
      inFlight.acquire();
      all.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/screens/" + id + "/token"))
              .header("authorization", bearer).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> {
            inFlight.release();
            if (r != null && r.statusCode() == 201) {
              tokens.put(id, new io.vertx.core.json.JsonObject(r.body()).getString("token"));
            }
          }));
    }
    java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
    if (tokens.size() != screens.size()) {
      throw new IllegalStateException("only " + tokens.size() + " of " + screens.size() + " screens got a token");
    }
    return tokens;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Polls GET /api/health until it answers 200; false if the hub died or the time ran out. */
  boolean awaitHealthy(long timeoutMillis) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** The embedded redis-server(s) the hub started (its descendants running redis-server). */
  List<ProcessHandle> redisProcesses() {
    return process.descendants().filter(h -> h.info().command().map(c -> c.contains("redis")).orElse(false))
        .toList();
  }

  /** SIGTERM, wait, SIGKILL; then any descendant (redis-server) still alive is terminated too. */
  synchronized Integer stop() {
    if (stopped) {
      return process.isAlive() ? null : process.exitValue();
    }
    stopped = true;
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        System.err.println("[bench] hub did not stop within 15 s after SIGTERM: killing it");
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle c : children) {
      if (c.isAlive()) {
        System.err.println("[bench] stopping leftover hub child process " + c.pid() + " " + c.info().command().orElse(""));
        c.destroy();
        try {
          c.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          c.destroyForcibly();
        }
      }
    }
    return process.isAlive() ? null : process.exitValue();
  }

  /** The last lines of the hub's log (for failure messages). */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /**
   * GC pauses from the hub's -Xlog:gc file: count, total and max ms, for pauses logged at hub
   * uptime >= fromSeconds (use 0 for the whole run).
   */
  io.vertx.core.json.JsonObject gcPauses(double fromSeconds, double toSeconds) {
    java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*Pause.* (\\d+\\.\\d+)ms$");
    long count = 0;
    double total = 0;
    double max = 0;
    try {
      for (String l : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
        java.util.regex.Matcher m = line.matcher(l.trim());
        if (m.matches()) {
          double at = Double.parseDouble(m.group(1));
          if (at >= fromSeconds && at < toSeconds) {
            double ms = Double.parseDouble(m.group(2));
            count++;
            total += ms;
            max = Math.max(max, ms);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return new io.vertx.core.json.JsonObject().put("pauses", count).put("totalMs", SpineBench.round(total, 1))
        .put("maxMs", SpineBench.round(max, 2));
  }

  /** utime + stime of a process in clock ticks, from /proc/<pid>/stat; -1 if unavailable. */
  static long cpuTicks(long pid) {
    try (RandomAccessFile f = new RandomAccessFile("/proc/" + pid + "/stat", "r")) {
      String s = f.readLine();
      String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size in bytes from /proc/<pid>/status; -1 if unavailable. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not on Linux
    }
    return -1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
