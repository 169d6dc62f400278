package org.vitrine.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line options of {@link SpineBench}; {@code --help} prints them. */
final class BenchOptions {

  int screens = 1000;
  int screensPerZone = 5;
  int rate = 500;
  int durationSeconds = 30;
  int warmupSeconds = 5;
  String hubXmx = "1g";
  /** As ./vitrine run starts the hub (its VITRINE_JAVA_OPTS default). */
  String hubJvmOpts = "-XX:MaxGCPauseMillis=10";
  String hubLogLevel = "WARN";
  int qos = 1;
  int tickMs = 10;
  int drainSeconds = 10;
  int connectConcurrency = 100;
  int screenLoops = 1;
  boolean singleRule = false;
  boolean keepConf = false;
  /** Screens over WSS and cameras over MQTT over TLS (the hub's store CA), instead of the plain ports. */
  boolean tls = false;
  /** Seconds the whole run may take beyond warmup + duration (start-up, connect, drain, shutdown). */
  int overheadSeconds = 60;
  Path root = Path.of(System.getProperty("vitrine.root", ".")).toAbsolutePath().normalize();
  Path hubJar;
  Path outDir;

  static final String USAGE = """
      Usage: spine-bench.sh [options]
        --screens N              screens in total (default 1000)
        --screens-per-zone K     screens per zone; zones = N / K (default 5)
        --rate R                 sightings published per second (default 500)
        --duration S             measured seconds (default 30)
        --warmup W               seconds of load before measuring (default 5)
        --hub-xmx SIZE           hub heap, java -Xmx (default 1g)
        --hub-jvm-opts "OPTS"    JVM options for the hub (default "-XX:MaxGCPauseMillis=10", as ./vitrine run)
        --hub-log-level LEVEL    VITRINE_LOG_LEVEL of the hub (default WARN)
        --qos 0|1                MQTT QoS of the sightings (default 1)
        --tick-ms MS             pacing timer period (default 10)
        --drain S                seconds to wait for late plays after the run (default 10)
        --connect-concurrency C  WebSocket/MQTT connects in flight (default 100)
        --screen-loops L         client event loops for the screens (default 1)
        --single-rule            one rule listing every zone instead of one rule per zone
        --keep-conf              keep the generated conf/data temp dir
        --tls                    screens over wss:// and cameras over mqtts:// (the hub's store CA)
        --max-overhead S         hard limit beyond warmup+duration (default 60)
        --hub-jar PATH           default <root>/hub/target/vitrine-hub.jar
        --out DIR                where the JSON report goes (default <root>/bench/target)
      """;

  static BenchOptions parse(String[] args) {
    BenchOptions o = new BenchOptions();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> throw new UsageException(null);
        case "--single-rule" -> o.singleRule = true;
        case "--keep-conf" -> o.keepConf = true;
        case "--tls" -> o.tls = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new UsageException("missing value after " + a);
          }
          String v = args[++i];
          switch (a) {
            case "--screens" -> o.screens = positive(a, v);
            case "--screens-per-zone" -> o.screensPerZone = positive(a, v);
            case "--rate" -> o.rate = positive(a, v);
            case "--duration" -> o.durationSeconds = positive(a, v);
            case "--warmup" -> o.warmupSeconds = nonNegative(a, v);
            case "--hub-xmx" -> o.hubXmx = v;
            case "--hub-jvm-opts" -> o.hubJvmOpts = v;
            case "--hub-log-level" -> o.hubLogLevel = v;
            case "--qos" -> o.qos = nonNegative(a, v);
            case "--tick-ms" -> o.tickMs = positive(a, v);
            case "--drain" -> o.drainSeconds = nonNegative(a, v);
            case "--connect-concurrency" -> o.connectConcurrency = positive(a, v);
            case "--screen-loops" -> o.screenLoops = positive(a, v);
            case "--max-overhead" -> o.overheadSeconds = positive(a, v);
            case "--hub-jar" -> o.hubJar = Path.of(v).toAbsolutePath();
            case "--out" -> o.outDir = Path.of(v).toAbsolutePath();
            default -> throw new UsageException("unknown option " + a);
          }
        }
      }
    }
    if (o.screens % o.screensPerZone != 0) {
      throw new UsageException("--screens (" + o.screens + ") must be a multiple of --screens-per-zone (" + o.screensPerZone + ")");
    }
    if (o.qos > 1) {
      throw new UsageException("--qos must be 0 or 1");
    }
    if (o.hubJar == null) {
      o.hubJar = o.root.resolve("hub/target/vitrine-hub.jar");
    }
    if (o.outDir == null) {
      o.outDir = o.root.resolve("bench/target");
    }
    return o;
  }

  int zones() {
    return screens / screensPerZone;
  }

  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("screens", screens);
    m.put("tls", tls);
    m.put("screensPerZone", screensPerZone);
    m.put("zones", zones());
    m.put("sharedZone", "aisle");
    m.put("cameras", zones() + 1);
    m.put("shoppers", zones());
    m.put("rules", singleRule ? 1 : zones());
    m.put("ratePerSecond", rate);
    m.put("warmupSeconds", warmupSeconds);
    m.put("durationSeconds", durationSeconds);
    m.put("mqttQos", qos);
    m.put("tickMs", tickMs);
    m.put("drainSeconds", drainSeconds);
    m.put("hubXmx", hubXmx);
    m.put("hubJvmOpts", hubJvmOpts);
    m.put("hubLogLevel", hubLogLevel);
    m.put("screenLoops", screenLoops);
    return m;
  }

  private static int positive(String name, String v) {
    int n = number(name, v);
    if (n < 1) {
      throw new UsageException(name + " must be at least 1, got " + v);
    }
    return n;
  }

  private static int nonNegative(String name, String v) {
    int n = number(name, v);
    if (n < 0) {
      throw new UsageException(name + " must not be negative, got " + v);
    }
    return n;
  }

  private static int number(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": '" + v + "' is not a whole number");
    }
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
