package org.vitrine.hub.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the embedded redis-server loads its append-only file: is it whole? A redis-server or a
 * machine that died mid-write leaves a torn tail, which Redis (aof-load-truncated yes) cuts off
 * while loading, saying so only in redis.log. Here the damage is found first with Redis's own
 * {@code redis-check-aof}, the damaged files are copied aside (Redis is about to truncate them),
 * and the hub says what happened: in its log, in /api/health, with how to look at what was lost.
 * Blocking: runs in the start-up chain off the event loop.
 */
final class AofCheck {

  private static final Logger LOG = LoggerFactory.getLogger(AofCheck.class);
  private static final Pattern ANALYSED =
      Pattern.compile("AOF analyzed: filename=(\\S+), size=(\\d+), ok_up_to=(\\d+), ok_up_to_line=(\\d+), diff=(\\d+)");

  /** What was found: the file, how many bytes are kept and how many are lost, where the copy is. */
  record Damage(String file, long size, long okUpTo, long lostBytes, Path copy, String repair) {

    Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file);
      m.put("bytes", size);
      m.put("keptBytes", okUpTo);
      m.put("lostBytes", lostBytes);
      m.put("copy", copy.toString());
      m.put("repair", repair);
      return m;
    }
  }

  private AofCheck() {
  }

  /** The damage of the AOF in {@code dataDir}, or null when it is whole (or cannot be checked: then a WARN says why). */
  static Damage run(Path dataDir, Path redisServer) {
    Path aofDir = dataDir.resolve("appendonlydir");
    Path manifest = aofDir.resolve("appendonly.aof.manifest");
    if (!Files.exists(manifest)) {
      return null; // a fresh store, or Redis 6 (the bundled binary) with a single appendonly.aof: nothing to check here
    }
    Path tool = checker(redisServer);
    if (tool == null) {
      LOG.warn("no redis-check-aof next to {} or on PATH: the append-only file is not checked before loading", redisServer);
      return null;
    }
    try {
      Process p = new ProcessBuilder(tool.toString(), manifest.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("redis-check-aof took more than 2 minutes: the append-only file is loaded unchecked");
        return null;
      }
      if (p.exitValue() == 0) {
        return null;
      }
      Matcher last = null;
      Matcher m = ANALYSED.matcher(out);
      while (m.find()) {
        if (Long.parseLong(m.group(5)) > 0) {
          last = m;
          break;
        }
      }
      Path copy = dataDir.resolve("damaged-aof-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      copyTree(aofDir, copy);
      String file = last == null ? "?" : last.group(1);
      String repair = "redis-check-aof " + copy.resolve("appendonly.aof.manifest")
          + " (shows where it breaks; --fix on that copy cuts it there, as Redis did)";
      Damage d = new Damage(file, last == null ? -1 : Long.parseLong(last.group(2)), last == null ? -1 : Long.parseLong(last.group(3)),
          last == null ? -1 : Long.parseLong(last.group(5)), copy, repair);
      LOG.error("the store database's append-only file is damaged: {} keeps {} of {} bytes, the last {} bytes (what Redis "
          + "wrote just before it stopped) are dropped while loading. A copy of the damaged files is in {}; {}",
          d.file(), d.okUpTo(), d.size(), d.lostBytes(), copy, repair);
      return d;
    } catch (IOException e) {
      LOG.warn("the append-only file could not be checked ({}): loaded unchecked", e.toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** redis-check-aof beside the redis-server binary, else on PATH. */
  private static Path checker(Path redisServer) {
    Path sibling = redisServer.resolveSibling("redis-check-aof");
    if (Files.isExecutable(sibling)) {
      return sibling;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
      Path c = Path.of(dir, "redis-check-aof");
      if (Files.isExecutable(c)) {
        return c;
      }
    }
    return null;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
