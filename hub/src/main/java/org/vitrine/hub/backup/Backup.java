package org.vitrine.hub.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vitrine.hub.config.ConfigException;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.redis.EmbeddedRedis;

/**
 * {@code ./vitrine backup [archive]} and {@code ./vitrine restore <archive>}: the store's Redis as
 * a consistent snapshot (an RDB streamed from the running redis-server with {@code redis-cli --rdb},
 * or from one started on the data for the purpose when the hub is stopped), its media, its TLS
 * CA and certificates, and its conf files for reference, in one tar.gz (mode 600: it holds the CA
 * key and the store's data). A restore needs the hub stopped; it moves what is there aside
 * ({@code *.before-restore-<time>}) and turns the snapshot into the append-only file the hub loads.
 * Uses the hub's settings (conf/hub.yaml and the VITRINE_* variables), so it finds the same files.
 */
public final class Backup {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private Backup() {
  }

  public static void main(String[] args) {
    try {
      HubConfig config = HubConfig.load(System.getenv());
      if (args.length >= 1 && args[0].equals("backup")) {
        Path archive = args.length >= 2 ? Path.of(args[1]) : Path.of("backups", "vitrine-" + LocalDateTime.now().format(STAMP) + ".tar.gz");
        System.out.println("backup written: " + backup(config, archive));
      } else if (args.length == 2 && args[0].equals("restore")) {
        restore(config, Path.of(args[1]));
        System.out.println("restored from " + args[1] + ": start the hub (./vitrine run or your service)");
      } else {
        System.err.println("usage: ./vitrine backup [archive.tar.gz] | ./vitrine restore <archive.tar.gz>");
        System.exit(2);
      }
    } catch (ConfigException | IllegalStateException | IOException e) {
      System.err.println("vitrine: " + e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
    }
  }

  /** Writes the archive; returns its path. Works while the hub runs (it reads a snapshot) and while it is stopped. */
  public static Path backup(HubConfig config, Path archive) throws IOException, InterruptedException {
    if (!config.embeddedRedis()) {
      throw new IllegalStateException("the hub uses an external Redis (" + (config.redis.sentinels.isEmpty() ? "redis.url" : "Sentinel")
          + "): back it up with its own tools (redis-cli --rdb, or your Redis service's snapshots); the media are in "
          + config.console.mediaDir);
    }
    Path dataDir = Path.of(config.redis.dataDir).toAbsolutePath();
    Path staging = Files.createTempDirectory("vitrine-backup");
    try {
      Files.createDirectories(staging.resolve("redis"));
      Path rdb = staging.resolve("redis").resolve("dump.rdb");
      if (EmbeddedRedis.running(dataDir).isPresent()) {
        snapshot(dataDir, Integer.parseInt(Files.readString(dataDir.resolve(EmbeddedRedis.PORT_FILE)).trim()), rdb);
      } else if (Files.isDirectory(dataDir)) {
        // the hub is stopped: a redis-server of its own loads the append-only file, and a snapshot is read from it
        try (EmbeddedRedis redis = EmbeddedRedis.start(dataDir)) {
          snapshot(dataDir, redis.port(), rdb);
        }
      } else {
        throw new IllegalStateException("no store data in " + dataDir + " (VITRINE_DATA_DIR)");
      }
      copyTree(Path.of(config.console.mediaDir), staging.resolve("media"));
      copyTree(Path.of(config.tls.dir), staging.resolve("tls"));
      copyTree(config.confDir, staging.resolve("conf"));
      Files.writeString(staging.resolve("manifest.json"), "{\"vitrine\":1,\"createdAt\":\"" + Instant.now() + "\",\"redis\":\"dump.rdb\","
          + "\"media\":" + Files.exists(staging.resolve("media")) + ",\"tls\":" + Files.exists(staging.resolve("tls")) + "}\n");
      Path out = archive.toAbsolutePath();
      Files.createDirectories(out.getParent());
      Files.deleteIfExists(out);
      Files.createFile(out, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      run(List.of("tar", "czf", out.toString(), "-C", staging.toString(), "."), Map.of());
      return out;
    } finally {
      deleteTree(staging);
    }
  }

  /** Replaces the store's data with the archive's. The hub must be stopped. */
  public static void restore(HubConfig config, Path archive) throws IOException, InterruptedException {
    if (!config.embeddedRedis()) {
      throw new IllegalStateException("the hub uses an external Redis: restore its snapshot with its own tools");
    }
    Path dataDir = Path.of(config.redis.dataDir).toAbsolutePath();
    if (EmbeddedRedis.running(dataDir).isPresent()) {
      throw new IllegalStateException("the hub (its redis-server) is running on " + dataDir + ": stop it first");
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("no backup at " + archive);
    }
    Path staging = Files.createTempDirectory("vitrine-restore");
    try {
      run(List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", staging.toString()), Map.of());
      Path rdb = staging.resolve("redis").resolve("dump.rdb");
      if (!Files.isRegularFile(staging.resolve("manifest.json")) || !Files.isRegularFile(rdb)) {
        throw new IllegalStateException(archive + " is no Vitrine backup (no manifest.json or redis/dump.rdb)");
      }
      String stamp = LocalDateTime.now().format(STAMP);
      moveAside(dataDir, stamp);
      Files.createDirectories(dataDir);
      Files.copy(rdb, dataDir.resolve("dump.rdb"));
      toAppendOnly(dataDir);
      if (Files.exists(staging.resolve("media"))) {
        moveAside(Path.of(config.console.mediaDir).toAbsolutePath(), stamp);
        copyTree(staging.resolve("media"), Path.of(config.console.mediaDir));
      }
      if (Files.exists(staging.resolve("tls"))) {
        moveAside(Path.of(config.tls.dir).toAbsolutePath(), stamp);
        copyTree(staging.resolve("tls"), Path.of(config.tls.dir));
      }
    } finally {
      deleteTree(staging);
    }
  }

  /** An RDB of the running redis-server, streamed over its socket (the password through the environment, not argv). */
  private static void snapshot(Path dataDir, int port, Path rdb) throws IOException, InterruptedException {
    String password = EmbeddedRedis.password(dataDir);
    run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--no-auth-warning", "--rdb", rdb.toString()),
        Map.of("REDISCLI_AUTH", password));
    if (!Files.isRegularFile(rdb) || Files.size(rdb) == 0) {
      throw new IOException("redis-cli wrote no snapshot to " + rdb);
    }
  }

  /**
   * The snapshot becomes the append-only file the hub loads: a redis-server of its own loads the
   * RDB with AOF off, AOF is switched on (Redis rewrites it from the data), and it stops. Redis 7
   * with AOF on ignores an RDB when it finds no AOF, so this step is what makes a restore load.
   */
  private static void toAppendOnly(Path dataDir) throws IOException, InterruptedException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dataDir.toString(),
        "--appendonly", "no", "--save", "", "--dbfilename", "dump.rdb").redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("restore.log").toFile()).start();
    try {
      await(port, "PING", "PONG", 30_000);
      cli(port, "CONFIG", "SET", "appendonly", "yes");
      // the rewrite that writes the new AOF from the data runs in the background
      await(port, "INFO persistence", "aof_enabled:1", 60_000);
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline) {
        String info = cli(port, "INFO", "persistence");
        if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0") && info.contains("aof_enabled:1")) {
          break;
        }
        Thread.sleep(100);
      }
      cli(port, "SHUTDOWN");
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (!Files.exists(dataDir.resolve("appendonlydir").resolve("appendonly.aof.manifest"))) {
      throw new IOException("the snapshot did not become an append-only file in " + dataDir + "; see restore.log there");
    }
  }

  private static void await(int port, String command, String expected, long millis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      try {
        last = cli(port, command.split(" "));
        if (last.contains(expected)) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.getMessage();
      }
      Thread.sleep(100);
    }
    throw new IOException("redis-server on " + port + " never answered " + expected + " to " + command + " (last: " + last + ")");
  }

  private static String cli(int port, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(List.of(command));
    return run(cmd, Map.of());
  }

  private static String run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(cmd.get(0) + " did not finish in 5 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException(cmd.get(0) + " failed (" + p.exitValue() + "): " + out.strip());
    }
    return out;
  }

  private static void moveAside(Path dir, String stamp) throws IOException {
    if (Files.exists(dir)) {
      Files.move(dir, dir.resolveSibling(dir.getFileName() + ".before-restore-" + stamp));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> all = Files.walk(from)) {
      for (Path f : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
