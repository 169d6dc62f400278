package org.vitrine.hub.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.ops.PrivateFile;

/**
 * A real redis-server owned by the hub, for the zero-setup demo: the one on PATH, else the Linux
 * binary shipped inside {@code com.github.codemonstur:embedded-redis}. AOF is on and the data
 * directory is kept, so a restarted hub finds its state again. Blocking: call it off the event loop.
 *
 * <p>It asks for a password: any local process can reach 127.0.0.1, and the store's faces and
 * consent are in there. The password is random, made once and kept in {@code redis.password}
 * (mode 600) in the data directory; it reaches redis-server through {@code redis.conf} (mode 600,
 * written at every start), never its command line, which every user sees in {@code ps}.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";
  /** The password's file in the data directory (mode 600). */
  public static final String PASSWORD_FILE = "redis.password";
  /** The port the running redis-server listens on (written at every start). */
  public static final String PORT_FILE = "vitrine-redis.port";
  /** The config file with the password, first argument of redis-server (mode 600). */
  static final String CONF_FILE = "redis.conf";

  private final Process process;
  private final int port;
  private final Path dataDir;
  private final String password;
  /** What the check of the append-only file found before this start (null: whole, or not checked). */
  private final AofCheck.Damage damage;
  private final String fsync;

  private EmbeddedRedis(Process process, int port, Path dataDir, String password, AofCheck.Damage damage, String fsync) {
    this.fsync = fsync;
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
    this.password = password;
    this.damage = damage;
  }

  public static EmbeddedRedis start(Path dataDir) {
    return start(dataDir, 0, EVERYSEC);
  }

  /** Redis' default: the AOF is written before each reply and fsynced once a second. */
  public static final String EVERYSEC = "everysec";
  /** Fsynced before each reply: nothing acknowledged is lost even on a power cut, at the cost of a disk sync per write batch. */
  public static final String ALWAYS = "always";

  /**
   * Starts redis-server on {@code port} (0 = a free one). The supervisor restarts a dead one on its
   * old port, so the hub's client, which knows only that address, reconnects by itself.
   */
  public static EmbeddedRedis start(Path dataDir, int port, String fsync) {
    if (!EVERYSEC.equals(fsync) && !ALWAYS.equals(fsync)) {
      throw new IllegalArgumentException("appendfsync must be everysec or always, got " + fsync);
    }
    try {
      Files.createDirectories(dataDir);
      stopLeftover(dataDir);
      Path binary = findBinary(dataDir);
      if (port == 0) {
        port = freePort();
      }
      String password = password(dataDir);
      Path conf = dataDir.resolve(CONF_FILE);
      PrivateFile.write(conf, "# Written by the Vitrine hub at every start (from " + PASSWORD_FILE + "); edits are lost.\n"
          + "requirepass " + password + "\n", true);
      // the conf file must come first; the rest is no secret and stays visible on the command line
      List<String> cmd = List.of(binary.toString(), conf.toAbsolutePath().toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--dir", dataDir.toAbsolutePath().toString(), "--appendonly", "yes", "--appendfsync", fsync,
          "--save", "", "--daemonize", "no", "--protected-mode", "yes", "--logfile", "redis.log");
      // a torn tail is found and copied aside before Redis loads (and cuts) it
      AofCheck.Damage damage = AofCheck.run(dataDir, binary);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      Files.writeString(dataDir.resolve("vitrine-redis.pid"), Long.toString(p.pid()));
      // where it listens, for tools beside the hub (./vitrine backup) to reach it with the password file
      Files.writeString(dataDir.resolve(PORT_FILE), Integer.toString(port));
      EmbeddedRedis redis = new EmbeddedRedis(p, port, dataDir, password, damage, fsync);
      redis.awaitReady();
      LOG.info("embedded redis-server ({}) on 127.0.0.1:{}, data in {} (AOF on, password in {})", binary, port,
          dataDir.toAbsolutePath(), PASSWORD_FILE);
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded redis-server in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** Its appendfsync policy ({@link #EVERYSEC} or {@link #ALWAYS}); a restart keeps it. */
  public String fsync() {
    return fsync;
  }

  /** With the password: {@code redis://:<password>@127.0.0.1:<port>}. Never log it (RedisConnections.redact). */
  public String url() {
    return "redis://:" + password + "@127.0.0.1:" + port;
  }

  /**
   * The password of the embedded Redis of {@code dataDir}: made (32 random bytes, hex) and kept
   * at the first start, the same ever after. Blocking.
   */
  public static String password(Path dataDir) throws IOException {
    return PrivateFile.readOrCreate(dataDir.resolve(PASSWORD_FILE), () -> {
      byte[] bytes = new byte[32];
      new java.security.SecureRandom().nextBytes(bytes);
      return java.util.HexFormat.of().formatHex(bytes);
    });
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The damage found in the append-only file before this start, for /api/health; null when whole. */
  public Map<String, Object> aofDamage() {
    return damage == null ? null : damage.view();
  }

  /** Whether the redis-server process still runs (a kill -9 or a crash ends it). */
  public boolean alive() {
    return process.isAlive();
  }

  /** How it ended, for the outage's log line: null while it runs. */
  public String exitReason() {
    if (process.isAlive()) {
      return null;
    }
    int code = process.exitValue();
    return "embedded redis-server (pid " + process.pid() + ") exited with code " + code
        + (code > 128 ? " (signal " + (code - 128) + (code == 137 ? ", killed" : "") + ")" : "");
  }

  /** SIGTERM: redis flushes the AOF and exits. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(dataDir.resolve("vitrine-redis.pid"));
    } catch (IOException ignored) {
      // a stale pid file is checked against the live process next time
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with code " + process.exitValue() + "; see " + dataDir.resolve("redis.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        s.setSoTimeout(2000);
        s.getOutputStream().write(("*2\r\n$4\r\nAUTH\r\n$" + password.length() + "\r\n" + password + "\r\n*1\r\n$4\r\nPING\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        String auth = readLine(s.getInputStream());
        if (!auth.startsWith("+OK") && !auth.startsWith("-LOADING")) {
          throw new IllegalStateException("redis-server refused the password from " + dataDir.resolve(PASSWORD_FILE) + ": " + auth);
        }
        // While loading a big AOF redis answers -LOADING; wait for +PONG.
        if (readLine(s.getInputStream()).startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (IllegalStateException refused) {
        process.destroyForcibly();
        throw new IOException(refused.getMessage());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for redis-server");
      }
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not answer PING within 15 s; see " + dataDir.resolve("redis.log"));
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  /** The redis-server running on {@code dataDir} now (its pid file names a live redis process), if any. */
  public static Optional<ProcessHandle> running(Path dataDir) {
    try {
      Path pidFile = dataDir.resolve("vitrine-redis.pid");
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("redis")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A hub killed with -9 leaves its redis-server running on the same AOF: stop that one first. */
  private static void stopLeftover(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("vitrine-redis.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      Optional<ProcessHandle> old = ProcessHandle.of(pid)
          // Debian's redis-server is a link to redis-check-rdb: match "redis", not "redis-server".
          .filter(h -> h.info().command().map(c -> c.contains("redis")).orElse(false));
      if (old.isPresent()) {
        LOG.warn("stopping a leftover redis-server (pid {}) that still holds {}", pid, dataDir);
        old.get().destroy();
        old.get().onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("could not check leftover redis-server from {}: {}", pidFile, e.toString());
    }
    Files.deleteIfExists(pidFile);
  }

  private static Path findBinary(Path dataDir) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path target = dataDir.toAbsolutePath().getParent().resolve("bin").resolve("redis-server");
    if (!Files.isExecutable(target)) {
      try (InputStream in = EmbeddedRedis.class.getResourceAsStream(BUNDLED)) {
        if (in == null) {
          throw new IOException("no redis-server on PATH and none bundled; install redis-server or set VITRINE_REDIS_URL");
        }
        Files.createDirectories(target.getParent());
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (!target.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + target + " executable");
      }
      LOG.info("no redis-server on PATH: using the one bundled with embedded-redis ({})", target);
    }
    return target;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
