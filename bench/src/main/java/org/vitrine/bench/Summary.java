package org.vitrine.bench;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** Renders the report JSON as the human summary block (same numbers as the JSON file). */
final class Summary {

  private Summary() {
  }

  static String text(JsonObject r) {
    JsonObject m = r.getJsonObject("machine");
    JsonObject p = r.getJsonObject("parameters");
    JsonObject pub = r.getJsonObject("publish");
    JsonObject plays = r.getJsonObject("plays");
    JsonObject resumes = r.getJsonObject("resumes");
    JsonObject hub = r.getJsonObject("hub");
    JsonObject client = r.getJsonObject("client");
    JsonObject screens = r.getJsonObject("screens");
    StringBuilder sb = new StringBuilder();
    String rule = "=".repeat(96);
    sb.append(rule).append('\n');
    sb.append(" Vitrine spine bench  ").append(r.getString("timestamp"))
        .append("   (MQTT sighting -> hub -> WebSocket play at every screen of the zone)\n");
    sb.append(rule).append('\n');
    line(sb, "machine", f("%s cpu (%s), %s MiB RAM, %s", m.getValue("nproc"), m.getString("cpuModel"),
        m.getValue("memTotalMiB"), m.getString("os")));
    line(sb, "jvm", m.getString("jvm"));
    line(sb, "load avg", f("%s at start, %s at end (1/5/15 min)", m.getString("loadAvgAtStart"), m.getString("loadAvgAtEnd")));
    line(sb, "parameters", f("screens=%s perZone=%s zones=%s(+aisle) cameras=%s shoppers=%s rules=%s",
        p.getValue("screens"), p.getValue("screensPerZone"), p.getValue("zones"), p.getValue("cameras"),
        p.getValue("shoppers"), p.getValue("rules")));
    line(sb, "", f("rate=%s/s warmup=%ss duration=%ss qos=%s tick=%sms hub -Xmx%s", p.getValue("ratePerSecond"),
        p.getValue("warmupSeconds"), p.getValue("durationSeconds"), p.getValue("mqttQos"), p.getValue("tickMs"),
        p.getValue("hubXmx")));
    sb.append('\n');
    line(sb, "published", f("%s sightings in %.2f s = %.1f/s (target %s/s); acked %s, failed %s, slipped by pacer %s",
        pub.getValue("measuredSightings"), pub.getDouble("windowSeconds"), pub.getDouble("achievedPerSecond"),
        pub.getValue("target"), pub.getValue("ackedMeasured"), pub.getValue("publishFailuresMeasured"),
        pub.getValue("slippedByPacerMeasured")));
    line(sb, "plays", f("expected %s, received %s, MISSING %s (after %.1f s drain), duplicates %s, wrong trace %s"
        + " (incl. warmup %s)", plays.getValue("expected"), plays.getValue("received"), plays.getValue("missing"),
        plays.getDouble("missingAfterSeconds"), plays.getValue("duplicates"), plays.getValue("wrongZone"),
        plays.getValue("wrongZoneInclWarmup")));
    line(sb, "play latency", lat(plays.getJsonObject("latencyMs")) + "   (publish -> play at each screen)");
    JsonObject pps = plays.getJsonObject("perSecond");
    line(sb, "plays/s", f("mean %.1f (expected %.1f), min %s, max %s", pps.getDouble("mean"), pps.getDouble("expected"),
        pps.getValue("min"), pps.getValue("max")));
    line(sb, "resume latency", lat(resumes.getJsonObject("latencyMsApprox")) + "   (approx., resumes carry no trace)");
    line(sb, "screens", f("connected in %.1f s; unexpected closes %s, error frames %s", screens.getDouble("connectSeconds"),
        screens.getValue("unexpectedCloses"), screens.getValue("errorFrames")));
    sb.append('\n');
    line(sb, "hub jar", f("sha256 %s…, built %s", hub.getString("jarSha256"), hub.getString("jarModified")));
    line(sb, "hub heap", f("max used %s (measured window), %s (whole run), of max %s; RSS max %s",
        mib(hub.getLong("heapUsedMaxBytesMeasured")), mib(hub.getLong("heapUsedMaxBytesAll")),
        mib(hub.getLong("heapMaxBytes")), mib(hub.getLong("rssMaxBytes"))));
    JsonObject d = hub.getJsonObject("eventLoopDelayMs");
    if (d != null) {
      JsonObject end = d.getJsonObject("atEnd");
      line(sb, "hub loop delay", f("p50 %s / p99 %s / max %s ms (hub's recent window at end); worst p99 %s, max %s ms",
          end.getValue("p50"), end.getValue("p99"), end.getValue("max"), d.getValue("maxP99DuringRun"),
          d.getValue("maxDuringRun")));
    } else {
      line(sb, "hub loop delay", "n/a (this hub's /api/health has no eventLoopDelayMs)");
    }
    JsonObject mc = m.getJsonObject("cpuDuringMeasure");
    line(sb, "cpu", f("hub %s%%, redis %s%%, bench client %s%%, other processes %s%%, steal %s%%; machine busy %s%% of %s%%",
        hub.getValue("cpuPercent"), hub.getValue("redisCpuPercent"), client.getValue("cpuPercent"),
        mc.getValue("otherProcessesPercent"), mc.getValue("stealPercent"), mc.getValue("busyPercent"),
        mc.getValue("capacityPercent")));
    JsonObject gc = hub.getJsonObject("gcMeasured");
    if (gc != null) {
      line(sb, "hub gc", f("%s pauses, total %s ms, max %s ms (measured window)", gc.getValue("pauses"),
          gc.getValue("totalMs"), gc.getValue("maxMs")));
    }
    JsonObject redis = hub.getJsonObject("redisMeasured");
    if (redis != null) {
      StringBuilder c = new StringBuilder();
      redis.getJsonObject("byCommand").forEach(e -> {
        JsonObject v = (JsonObject) e.getValue();
        c.append(c.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(Math.round(v.getDouble("perSecond")))
            .append("/s");
      });
      line(sb, "redis", f("%s cmd/s, %s clients: %s", Math.round(redis.getDouble("commandsPerSecond")),
          redis.getValue("connectedClients"), c));
    }
    line(sb, "client lag", f("screen loop p99 %s ms max %s ms; pacer tick p99 %s ms max %s ms",
        client.getJsonObject("screenLoopLagMs").getValue("p99"), client.getJsonObject("screenLoopLagMs").getValue("max"),
        client.getJsonObject("pacerTickLagMs").getValue("p99"), client.getJsonObject("pacerTickLagMs").getValue("max")));
    JsonObject counters = hub.getJsonObject("counters");
    if (counters != null) {
      StringBuilder c = new StringBuilder();
      counters.forEach(e -> c.append(c.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue()));
      line(sb, "hub counters", c + "  (since start)");
    }
    JsonObject delta = hub.getJsonObject("countersDeltaMeasured");
    if (delta != null) {
      StringBuilder c = new StringBuilder();
      delta.forEach(e -> c.append(c.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue()));
      line(sb, "", c + "  (during ~" + hub.getValue("countersDeltaSeconds") + " s measured)");
    }
    line(sb, "files", r.getJsonObject("files").getString("json"));
    line(sb, "", r.getJsonObject("files").getString("hubLog"));
    sb.append(rule);
    return sb.toString();
  }

  private static String lat(JsonObject l) {
    if (l == null || l.getLong("count", 0L) == 0) {
      return "no samples";
    }
    return f("p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms  (n=%d)", l.getDouble("p50"), l.getDouble("p90"),
        l.getDouble("p99"), l.getDouble("p999"), l.getDouble("max"), l.getLong("count"));
  }

  private static String mib(Long bytes) {
    return bytes == null || bytes < 0 ? "n/a" : f("%.0f MiB", bytes / 1048576.0);
  }

  private static void line(StringBuilder sb, String label, String text) {
    sb.append(f(" %-15s %s%n", label, text));
  }

  private static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }
}
