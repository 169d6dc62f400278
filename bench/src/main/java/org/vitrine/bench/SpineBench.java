package org.vitrine.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The spine benchmark: camera sighting over MQTT → hub (presence, rules, director) → {@code play}
 * frame at every screen of the zone, measured end to end.
 *
 * <p>Generates a store conf for the load, starts the hub as a child process, connects N WebSocket
 * screens and one MQTT client per camera, publishes sightings at a fixed rate (each with a unique
 * trace), and records the latency from publish to the {@code play} (matched by reason.trace) at
 * each screen of the zone. Prints a summary and writes it as JSON to
 * bench/target/spine-bench-&lt;timestamp&gt;.json. Exit codes: 0 done, 2 hub did not start,
 * 3 time budget exceeded, 4 screens/cameras did not connect, 5 hub died during the run, 1 other error,
 * 64 bad usage.
 */
public final class SpineBench {

  private final BenchOptions o;
  private final long startNanos = System.nanoTime();
  private final long deadlineNanos;
  private final String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  private Path tmp;
  private volatile HubProcess hub;
  private volatile Vertx vertx;
  private final List<ScreenFleet> screenFleets = new ArrayList<>();
  private volatile CameraFleet cameraFleet;
  private boolean cleanedUp;
  private volatile boolean aborting;
  private String hubJarSha = "unknown";
  private String hubJarModified = "unknown";

  private SpineBench(BenchOptions o) {
    this.o = o;
    this.deadlineNanos = startNanos + TimeUnit.SECONDS.toNanos((long) o.warmupSeconds + o.durationSeconds + o.overheadSeconds);
  }

  public static void main(String[] args) {
    BenchOptions o;
    try {
      o = BenchOptions.parse(args);
    } catch (BenchOptions.UsageException e) {
      if (e.getMessage() != null) {
        System.err.println("spine-bench: " + e.getMessage());
      }
      System.err.print(BenchOptions.USAGE);
      System.exit(e.getMessage() == null ? 0 : 64);
      return;
    }
    int code;
    SpineBench bench = new SpineBench(o);
    try {
      code = bench.run();
    } catch (Throwable t) {
      System.err.println("[bench] failed: " + t);
      t.printStackTrace();
      code = 1;
    }
    bench.cleanup();
    System.exit(code);
  }

  private int run() throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(this::cleanup, "bench-cleanup"));
    startWatchdog();
    JsonObject machine = Machine.describe();
    long clk = Machine.clockTicks();
    int zones = o.zones();
    Files.createDirectories(o.outDir);
    tmp = Files.createTempDirectory("vitrine-spine-bench-");
    Path conf = tmp.resolve("conf");
    StoreConfWriter names = new StoreConfWriter(zones, o.screensPerZone, o.singleRule);
    names.write(conf);
    Path hubLogCopy = o.outDir.resolve("spine-bench-" + stamp + "-hub.log");
    log("conf: %d zones x %d screens + aisle, %d cameras, %d shoppers, %d rule(s) in %s",
        zones, o.screensPerZone, zones + 1, zones, o.singleRule ? 1 : zones, conf);

    // ---- hub ------------------------------------------------------------------------------
    long hubT0 = System.nanoTime();
    Path hubJar;
    try {
      hubJar = HubProcess.snapshotJar(o.hubJar, tmp.resolve("hub"));
    } catch (IOException e) {
      System.err.println("[bench] cannot start the hub: " + e.getMessage());
      return 2;
    }
    hubJarSha = sha256(hubJar);
    hubJarModified = jarModified(o.hubJar);
    boolean healthy = false;
    for (int attempt = 1; attempt <= 3 && !healthy; attempt++) {
      try {
        // A fresh data dir per attempt: a failed start may leave a half-imported store behind.
        hub = HubProcess.start(o, hubJar, conf, tmp.resolve("data-" + attempt), tmp.resolve("hub.log"));
      } catch (IOException e) {
        System.err.println("[bench] cannot start the hub: " + e.getMessage());
        return 2;
      }
      healthy = hub.awaitHealthy(budgetMillis(60_000));
      if (!healthy && !hub.alive() && hub.logTail(40).contains("Address already in use") && attempt < 3) {
        // The free ports were taken by another process between probing and binding: try others.
        log("hub could not bind its ports (taken meanwhile by another process): retrying with new ports");
        hub.stop();
      } else {
        break;
      }
    }
    if (!healthy) {
      System.err.println("[bench] the hub did not become healthy (" + (hub.alive() ? "still starting after the time limit" : "process exited")
          + "); last lines of its log:\n" + hub.logTail(30));
      hub.stop();
      copyQuietly(hub.log, hubLogCopy);
      System.err.println("[bench] hub log: " + hubLogCopy);
      return 2;
    }
    double hubStartSeconds = (System.nanoTime() - hubT0) / 1e9;
    log("hub pid %d healthy after %.1f s (http %d, mqtt %d, -Xmx%s)%s", hub.pid(), hubStartSeconds, hub.httpPort, hub.mqttPort, o.hubXmx,
        o.tls ? " — clients over TLS: wss " + hub.httpsPort + ", mqtts " + hub.mqttsPort : "");

    // ---- clients --------------------------------------------------------------------------
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.screenLoops + 1).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10_000));
    int capacity = (int) Math.min(Integer.MAX_VALUE - 16, (long) o.rate * (o.warmupSeconds + o.durationSeconds + 2) + 1024);
    PlayTracker tracker = new PlayTracker(zones, o.screensPerZone, capacity, o.durationSeconds);
    Histogram screenLag = new ConcurrentHistogram(PlayTracker.HIGHEST_MICROS, 3);
    Histogram tickLag = new Histogram(PlayTracker.HIGHEST_MICROS, 3);
    List<String> allScreens = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      for (int j = 0; j < o.screensPerZone; j++) {
        allScreens.add(names.screen(z, j));
      }
    }
    long pairT0 = System.nanoTime();
    java.util.Map<String, String> tokens = hub.screenTokens(allScreens);
    log("%d screen tokens issued through the admin API in %.1f s", tokens.size(), (System.nanoTime() - pairT0) / 1e9);
    CameraFleet cameras = new CameraFleet(o.tls ? hub.mqttsPort : hub.mqttPort, hub.caPem, names, tracker, o, tickLag);
    cameraFleet = cameras;
    long connectT0 = System.nanoTime();
    List<Future<String>> deployments = new ArrayList<>();
    deployments.add(vertx.deployVerticle(cameras));
    for (int l = 0; l < o.screenLoops; l++) {
      List<String> ids = new ArrayList<>();
      List<Integer> zoneIdx = new ArrayList<>();
      for (int z = l; z < zones; z += o.screenLoops) {
        for (int j = 0; j < o.screensPerZone; j++) {
          ids.add(names.screen(z, j));
          zoneIdx.add(z);
        }
      }
      ScreenFleet fleet = new ScreenFleet(o.tls ? hub.httpsPort : hub.httpPort, hub.caPem, ids.toArray(String[]::new), tokens,
          zoneIdx.stream().mapToInt(Integer::intValue).toArray(), tracker,
          Math.max(1, o.connectConcurrency / o.screenLoops), screenLag);
      screenFleets.add(fleet);
      deployments.add(vertx.deployVerticle(fleet));
    }
    try {
      await(Future.all(deployments), budgetMillis(90_000));
    } catch (Exception e) {
      System.err.println("[bench] clients did not connect: " + rootMessage(e)
          + " (welcomed " + screenFleets.stream().mapToInt(ScreenFleet::welcomed).sum() + "/" + o.screens + ")");
      return 4;
    }
    double connectSeconds = (System.nanoTime() - connectT0) / 1e9;
    HealthSampler health = new HealthSampler(hub.httpPort, hub.pid());
    HealthSampler.Sample before = health.sample();
    log("%d screens welcomed and %d cameras connected in %.1f s (hub says screens=%s devices=%s)", o.screens, zones + 1,
        connectSeconds, before == null ? "?" : before.screens(), before == null ? "?" : before.devices());

    // ---- load -----------------------------------------------------------------------------
    log("publishing %d sightings/s: %d s warmup + %d s measured", o.rate, o.warmupSeconds, o.durationSeconds);
    CompletableFuture<Void> load = cameras.runLoad().toCompletionStage().toCompletableFuture();
    long selfPid = ProcessHandle.current().pid();
    List<ProcessHandle> redis = hub.redisProcesses();
    Integer redisPort = redis.isEmpty() ? null : RedisStats.port(redis.get(0));
    RedisStats.Snapshot redis0 = null;
    long[] cpu0 = null;
    long[] cpu1 = null;
    long nextSample = System.nanoTime();
    long nextProgress = System.nanoTime() + 5_000_000_000L;
    while (!load.isDone()) {
      long now = System.nanoTime();
      if (cpu0 == null && now >= tracker.measureStartNanos) {
        cpu0 = cpuSnapshot(selfPid, redis);
        redis0 = RedisStats.snapshot(redisPort, hub.redisPassword());
      }
      if (now >= nextSample) {
        health.sample();
        nextSample += 1_000_000_000L;
      }
      if (now >= nextProgress) {
        log("t=%.0fs published=%d plays=%d resumes=%d outstanding=%d", (now - startNanos) / 1e9, cameras.published(),
            tracker.measuredPlays.get() + tracker.warmupPlays.get(), tracker.resumes.get(), tracker.outstanding.get());
        nextProgress += 5_000_000_000L;
      }
      if (aborting) {
        return 130;
      }
      if (!hub.alive()) {
        System.err.println("[bench] the hub died during the run; last lines of its log:\n" + hub.logTail(30));
        copyQuietly(hub.log, hubLogCopy);
        return 5;
      }
      Thread.sleep(50);
    }
    load.get();
    cpu1 = cpuSnapshot(selfPid, redis);
    RedisStats.Snapshot redis1 = RedisStats.snapshot(redisPort, hub.redisPassword());
    if (cpu0 == null) {
      cpu0 = cpu1;
    }
    health.sample();

    // ---- drain: late plays ---------------------------------------------------------------
    long drainEnd = System.nanoTime() + Math.min(TimeUnit.SECONDS.toNanos(o.drainSeconds),
        TimeUnit.MILLISECONDS.toNanos(budgetMillis(Long.MAX_VALUE)));
    while (tracker.outstanding.get() > 0 && System.nanoTime() < drainEnd) {
      Thread.sleep(50);
    }
    double drainSeconds = (System.nanoTime() - tracker.measureEndNanos) / 1e9;
    Thread.sleep(200); // let the hub flush its counters to the health snapshot
    HealthSampler.Sample after = health.sample();

    // ---- report ---------------------------------------------------------------------------
    JsonObject report = new JsonObject();
    report.put("bench", "spine").put("timestamp", stamp);
    report.put("machine", machine.put("loadAvgAtEnd", Machine.loadAvg()));
    report.put("parameters", new JsonObject(o.asMap()));
    double windowSeconds = (tracker.measureEndNanos - tracker.measureStartNanos) / 1e9;
    long measuredPublished = tracker.measureToSeq - tracker.measureFromSeq;
    JsonObject pub = new JsonObject()
        .put("target", o.rate)
        .put("measuredSightings", measuredPublished)
        .put("windowSeconds", round(windowSeconds, 3))
        .put("achievedPerSecond", round(measuredPublished / windowSeconds, 1))
        .put("totalSightingsInclWarmup", cameras.published())
        .put("ackedMeasured", cameras.publishAckedMeasured)
        .put("publishFailures", cameras.publishFailures)
        .put("publishFailuresMeasured", cameras.publishFailuresMeasured)
        .put("slippedByPacer", cameras.slipped)
        .put("slippedByPacerMeasured", cameras.slippedMeasured)
        .put("overflow", cameras.overflow);
    report.put("publish", pub);
    JsonObject plays = new JsonObject()
        .put("expected", tracker.expectedPlays.get())
        .put("received", tracker.measuredPlays.get())
        .put("missing", tracker.outstanding.get())
        .put("missingAfterSeconds", round(drainSeconds, 1))
        .put("duplicates", tracker.duplicatePlays.get())
        .put("wrongZone", tracker.wrongZonePlaysMeasured.get())
        .put("wrongZoneInclWarmup", tracker.wrongZonePlays.get())
        .put("withoutBenchTrace", tracker.untracedPlays.get())
        .put("warmupPlays", tracker.warmupPlays.get())
        .put("latencyMs", latency(tracker.playLatency))
        .put("perSecond", perSecond(tracker.playsPerSecond, o.durationSeconds, (double) o.rate / 2 * o.screensPerZone));
    report.put("plays", plays);
    JsonObject resumes = new JsonObject()
        .put("received", tracker.resumes.get())
        .put("latencyMsApprox", latency(tracker.resumeLatency))
        .put("perSecond", perSecond(tracker.resumesPerSecond, o.durationSeconds, (double) o.rate / 2 * o.screensPerZone));
    report.put("resumes", resumes);
    report.put("screens", new JsonObject().put("connectSeconds", round(connectSeconds, 2))
        .put("unexpectedCloses", tracker.screenCloses.get()).put("errorFrames", tracker.errorFrames.get())
        .put("otherFrames", tracker.otherFrames.get()));
    JsonObject hubJson = hubSection(health, tracker, before, after, hubStartSeconds, cpu0, cpu1, clk, redis.size());
    double fromUptime = (tracker.measureStartNanos - hub.startedNanos) / 1e9;
    double toUptime = (tracker.measureEndNanos - hub.startedNanos) / 1e9;
    hubJson.put("gcMeasured", hub.gcPauses(fromUptime, toUptime));
    hubJson.put("gcWholeRun", hub.gcPauses(0, Double.MAX_VALUE));
    hubJson.put("redisMeasured", RedisStats.delta(redis0, redis1));
    report.put("hub", hubJson);
    double cpuWall = (cpu1[0] - cpu0[0]) / 1e9;
    report.put("client", new JsonObject()
        .put("cpuPercent", cpuPercent(cpu0[1], cpu1[1], clk, cpuWall))
        .put("eventLoops", o.screenLoops + 1)
        .put("screenLoopLagMs", latency(screenLag))
        .put("pacerTickLagMs", latency(tickLag)));
    double machineBusy = cpuPercent(cpu0[4], cpu1[4], clk, cpuWall);
    double ours = hubJson.getDouble("cpuPercent", 0.0) + (redis.isEmpty() ? 0 : hubJson.getDouble("redisCpuPercent", 0.0))
        + report.getJsonObject("client").getDouble("cpuPercent", 0.0);
    report.getJsonObject("machine").put("cpuDuringMeasure", new JsonObject()
        .put("busyPercent", machineBusy)
        .put("capacityPercent", 100 * Machine.nproc())
        .put("stealPercent", cpuPercent(cpu0[5], cpu1[5], clk, cpuWall))
        .put("otherProcessesPercent", machineBusy < 0 ? -1 : round(Math.max(0, machineBusy - ours), 1)));
    report.put("files", new JsonObject().put("hubLog", hubLogCopy.toString()));
    Path json = o.outDir.resolve("spine-bench-" + stamp + ".json");
    report.getJsonObject("files").put("json", json.toString());

    copyQuietly(hub.log, hubLogCopy);
    copyQuietly(hub.gcLog, o.outDir.resolve("spine-bench-" + stamp + "-hub-gc.log"));
    Files.writeString(json, report.encodePrettily() + "\n");
    System.out.println(Summary.text(report));
    return 0;
  }

  private JsonObject hubSection(HealthSampler health, PlayTracker tracker, HealthSampler.Sample before,
      HealthSampler.Sample after, double startSeconds, long[] cpu0, long[] cpu1, long clk, int redisCount) {
    List<HealthSampler.Sample> window = health.between(tracker.measureStartNanos, tracker.measureEndNanos + 500_000_000L);
    long heapMaxUsedWindow = window.stream().mapToLong(HealthSampler.Sample::heapUsed).max().orElse(-1);
    long heapMaxUsedAll = health.samples.stream().mapToLong(HealthSampler.Sample::heapUsed).max().orElse(-1);
    long rssMax = health.samples.stream().mapToLong(HealthSampler.Sample::rss).max().orElse(-1);
    double cpuWall = (cpu1[0] - cpu0[0]) / 1e9;
    JsonObject h = new JsonObject()
        .put("jar", o.hubJar.toString())
        .put("jarSha256", hubJarSha)
        .put("jarModified", hubJarModified)
        .put("pid", hub.pid())
        .put("startSeconds", round(startSeconds, 2))
        .put("heapMaxBytes", after != null ? after.heapMax() : before != null ? before.heapMax() : -1)
        .put("heapUsedMaxBytesMeasured", heapMaxUsedWindow)
        .put("heapUsedMaxBytesAll", heapMaxUsedAll)
        .put("heapUsedBytesAfterConnect", before == null ? -1 : before.heapUsed())
        .put("rssMaxBytes", rssMax)
        .put("screensConnected", before == null ? -1 : before.screens())
        .put("devicesConnected", before == null ? -1 : before.devices())
        .put("healthSamples", health.samples.size())
        .put("healthFailures", health.failures)
        .put("cpuPercent", cpuPercent(cpu0[2], cpu1[2], clk, cpuWall))
        .put("redisCpuPercent", redisCount == 0 ? null : cpuPercent(cpu0[3], cpu1[3], clk, cpuWall));
    // eventLoopDelayMs: the hub keeps a window of its most recent probe samples; report the sample
    // taken at the end of the measured window and the worst values seen while measuring.
    HealthSampler.Sample last = window.isEmpty() ? null : window.get(window.size() - 1);
    if (last != null && last.loopDelay() != null) {
      JsonObject d = new JsonObject().put("atEnd", last.loopDelay());
      d.put("maxP99DuringRun", window.stream().filter(s -> s.loopDelay() != null)
          .mapToDouble(s -> s.loopDelay().getDouble("p99", 0.0)).max().orElse(0));
      d.put("maxDuringRun", window.stream().filter(s -> s.loopDelay() != null)
          .mapToDouble(s -> s.loopDelay().getDouble("max", 0.0)).max().orElse(0));
      h.put("eventLoopDelayMs", d);
    } else {
      h.put("eventLoopDelayMs", null);
    }
    if (after != null) {
      h.put("counters", after.counters());
    }
    if (window.size() >= 2) {
      JsonObject first = window.get(0).counters();
      JsonObject lastC = window.get(window.size() - 1).counters();
      JsonObject delta = new JsonObject();
      lastC.forEach(e -> {
        long d = ((Number) e.getValue()).longValue() - first.getLong(e.getKey(), 0L);
        if (d != 0) {
          delta.put(e.getKey(), d);
        }
      });
      h.put("countersDeltaMeasured", delta)
          .put("countersDeltaSeconds", round((window.get(window.size() - 1).nanos() - window.get(0).nanos()) / 1e9, 1));
    }
    return h;
  }

  // ---- helpers --------------------------------------------------------------------------

  /** The hub jar under test changes while others work on the hub: identify it in the report. */
  private static String sha256(Path file) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(d).substring(0, 16);
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String jarModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant().toString();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** [wall nanos, self ticks, hub ticks, redis ticks, machine busy ticks, machine steal ticks]. */
  private long[] cpuSnapshot(long selfPid, List<ProcessHandle> redis) {
    long r = 0;
    for (ProcessHandle h : redis) {
      r += Math.max(0, HubProcess.cpuTicks(h.pid()));
    }
    long[] machine = Machine.cpuTicks();
    return new long[] {System.nanoTime(), HubProcess.cpuTicks(selfPid), HubProcess.cpuTicks(hub.pid()), r,
        machine == null ? -1 : machine[0], machine == null ? -1 : machine[1]};
  }

  /** CPU used as a percentage of one core (200 % = both cores of a 2-core machine). */
  private static double cpuPercent(long t0, long t1, long clk, double wallSeconds) {
    if (t0 < 0 || t1 < 0 || wallSeconds <= 0) {
      return -1;
    }
    return round((t1 - t0) / (double) clk / wallSeconds * 100, 1);
  }

  static JsonObject latency(Histogram h) {
    JsonObject j = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return j;
    }
    return j.put("p50", ms(h.getValueAtPercentile(50)))
        .put("p90", ms(h.getValueAtPercentile(90)))
        .put("p99", ms(h.getValueAtPercentile(99)))
        .put("p999", ms(h.getValueAtPercentile(99.9)))
        .put("max", ms(h.getMaxValue()))
        .put("mean", round(h.getMean() / 1000.0, 3));
  }

  private static JsonObject perSecond(java.util.concurrent.atomic.AtomicLongArray buckets, int seconds, double expected) {
    long total = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    JsonArray each = new JsonArray();
    for (int s = 0; s < Math.min(seconds, buckets.length()); s++) {
      long n = buckets.get(s);
      each.add(n);
      total += n;
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
    return new JsonObject().put("expected", expected).put("mean", round(total / (double) Math.max(1, seconds), 1))
        .put("min", min == Long.MAX_VALUE ? 0 : min).put("max", max).put("each", each);
  }

  private static double ms(long micros) {
    return round(micros / 1000.0, 3);
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  private long budgetMillis(long wanted) {
    long reserve = TimeUnit.SECONDS.toNanos(20); // to stop the hub and write the report
    long left = (deadlineNanos - reserve - System.nanoTime()) / 1_000_000;
    return Math.max(0, Math.min(wanted, left));
  }

  private static <T> T await(Future<T> f, long timeoutMillis) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("not done within " + timeoutMillis + " ms");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private void startWatchdog() {
    Thread t = new Thread(() -> {
      try {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.sleep(left);
        }
      } catch (InterruptedException e) {
        return;
      }
      System.err.printf("[bench] time budget exceeded (warmup + duration + %d s): aborting%n", o.overheadSeconds);
      Runtime.getRuntime().halt(exitAfterCleanup(3));
    }, "bench-watchdog");
    t.setDaemon(true);
    t.start();
  }

  private int exitAfterCleanup(int code) {
    Thread c = new Thread(this::cleanup);
    c.start();
    try {
      c.join(25_000);
    } catch (InterruptedException ignored) {
      Thread.currentThread().interrupt();
    }
    return code;
  }

  /** Stops the hub (and its redis-server), closes the clients, removes the temp dir. Idempotent. */
  private void cleanup() {
    aborting = true;
    cleanupOnce();
  }

  private synchronized void cleanupOnce() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    aborting = true;
    screenFleets.forEach(f -> f.stopping = true);
    if (cameraFleet != null) {
      cameraFleet.stopPublishing();
    }
    if (hub != null) {
      Integer exit = hub.stop();
      if (exit == null) {
        System.err.println("[bench] WARNING: hub pid " + hub.pid() + " still alive after stop");
      }
    }
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // closing is best effort
      }
    }
    if (tmp != null && !o.keepConf) {
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp dir, best effort
      }
    } else if (tmp != null) {
      System.err.println("[bench] kept conf and data in " + tmp);
    }
  }

  private static void copyQuietly(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("[bench] cannot copy " + from + " to " + to + ": " + e.getMessage());
    }
  }

  private void log(String fmt, Object... args) {
    System.out.printf("[bench %6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, String.format(fmt, args));
  }
}
