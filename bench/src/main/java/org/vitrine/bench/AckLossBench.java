package org.vitrine.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * What a crash loses of what the hub acknowledged. The hub jar runs as a child process on the demo
 * store (its embedded redis-server, AOF on); Eclipse Paho (MQTT 5, QoS 1) publishes anonymous
 * sightings, each with its own track id, and books every PUBACK. At a random moment within the
 * run either the hub or its redis-server gets kill -9; afterwards the sighting log in Redis is
 * read back and every acknowledged track id looked up there.
 * <pre>
 * java -cp bench/target/vitrine-bench.jar org.vitrine.bench.AckLossBench --fault hub|redis [--runs 5] [--rate 500]
 *     [--fsync everysec|always] [--hub-jar hub/target/vitrine-hub.jar]
 * </pre>
 * Also prints the PUBACK latency (publish → PUBACK) before the fault: the price of acknowledging
 * only what is stored.
 */
public final class AckLossBench {

  private AckLossBench() {
  }

  public static void main(String[] args) throws Exception {
    String fault = "hub";
    int runs = 5;
    int rate = 500;
    String fsync = "everysec";
    Path hubJar = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--fault" -> fault = args[i + 1];
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--fsync" -> fsync = args[i + 1];
        case "--hub-jar" -> hubJar = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!fault.equals("hub") && !fault.equals("redis")) {
      throw new IllegalArgumentException("--fault hub or redis");
    }
    BenchOptions o = BenchOptions.parse(new String[0]);
    JsonObject machine = Machine.describe();
    System.out.printf(Locale.ROOT, "[ack-loss] kill -9 of the %s, %d runs, %d sightings/s QoS 1, appendfsync %s; %s, %s CPUs, load %s%n",
        fault, runs, rate, fsync, machine.getValue("cpuModel"), machine.getValue("nproc"), machine.getValue("loadAvgAtStart"));
    Path tmp = Files.createTempDirectory("vitrine-ack-bench-");
    Path jar = HubProcess.snapshotJar(hubJar == null ? o.hubJar : hubJar, tmp.resolve("hub"));
    Vertx vertx = Vertx.vertx();
    List<long[]> results = new ArrayList<>();
    List<Double> p50s = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    try {
      for (int run = 1; run <= runs; run++) {
        Path dir = tmp.resolve("run-" + run);
        HubProcess hub = HubProcess.start(o, jar, o.root.resolve("conf"), dir.resolve("redis"), Files.createDirectories(dir).resolve("hub.log"),
            Map.of("VITRINE_REDIS_FSYNC", fsync, "VITRINE_VOICE", "off", "VITRINE_MEDIA_DIR", dir.resolve("media").toString()));
        try {
          if (!hub.awaitHealthy(60_000)) {
            throw new IllegalStateException("hub not healthy: " + hub.logTail(20));
          }
          Ledger cam = new Ledger(hub.mqttPort);
          cam.walk(rate, 3_000, null); // warm-up, not counted in latency
          cam.latencies.clear();
          long killAfter = 2_000 + ThreadLocalRandom.current().nextLong(2_000);
          String what = fault;
          cam.walk(rate, killAfter + (fault.equals("redis") ? 4_000 : 1_000), () -> {
            try {
              if (what.equals("hub")) {
                hub.kill();
              } else {
                for (ProcessHandle r : hub.redisProcesses()) {
                  r.destroyForcibly();
                }
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }, killAfter);
          cam.settle(10_000);
          double[] lat = percentiles(cam.latencies);
          if (fault.equals("redis") && !awaitStored(vertx, hub, cam)) {
            System.out.println("[ack-loss] run " + run + ": the hub did not come back UP in time");
          }
          Set<String> stored = tracks(vertx, hub.redisUrl());
          Set<String> lost = new HashSet<>(cam.acknowledged);
          lost.removeAll(stored);
          long[] r = {cam.sent, cam.acknowledged.size(), cam.refused.size(), cam.sent - cam.acknowledged.size() - cam.refused.size(), lost.size()};
          results.add(r);
          p50s.add(lat[0]);
          p99s.add(lat[1]);
          System.out.printf(Locale.ROOT, "[ack-loss] run %d: killed after %.1f s; sent %d, acknowledged %d, refused %d, unanswered %d, "
              + "ACKNOWLEDGED BUT LOST %d; PUBACK latency before the fault p50 %.1f ms, p99 %.1f ms%n",
              run, killAfter / 1000.0, r[0], r[1], r[2], r[3], r[4], lat[0], lat[1]);
          cam.close();
        } finally {
          hub.stop();
          for (ProcessHandle leftover : List.copyOf(org.vitrine.hub.redis.EmbeddedRedis.running(dir.resolve("redis")).stream().toList())) {
            leftover.destroyForcibly();
          }
        }
      }
    } finally {
      vertx.close();
    }
    long lostTotal = results.stream().mapToLong(r -> r[4]).sum();
    long ackedTotal = results.stream().mapToLong(r -> r[1]).sum();
    System.out.printf(Locale.ROOT, "[ack-loss] %d runs: acknowledged but lost %d of %d acknowledged; PUBACK latency p50 median %.1f ms, "
        + "p99 median %.1f ms%n", runs, lostTotal, ackedTotal, median(p50s), median(p99s));
  }

  /** After a Redis kill: waits until the hub keeps sightings again (health UP), so the log can be read. */
  private static boolean awaitStored(Vertx vertx, HubProcess hub, Ledger cam) throws InterruptedException {
    return hub.awaitHealthy(30_000);
  }

  private static Set<String> tracks(Vertx vertx, String url) {
    Redis redis = Redis.createClient(vertx, url);
    try {
      Set<String> tracks = new HashSet<>();
      String start = "-";
      while (true) {
        Response page = redis.send(Request.cmd(Command.XRANGE).arg("vitrine:sightings").arg(start).arg("+").arg("COUNT").arg(5000))
            .await(30, TimeUnit.SECONDS);
        String last = null;
        for (Response entry : page) {
          last = entry.get(0).toString();
          Response f = entry.get(1);
          for (int i = 0; i + 1 < f.size(); i += 2) {
            if ("track".equals(f.get(i).toString())) {
              tracks.add(f.get(i + 1).toString());
            }
          }
        }
        if (page.size() < 5000) {
          return tracks;
        }
        start = "(" + last;
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the sighting log: " + e, e);
    } finally {
      redis.close();
    }
  }

  private static double[] percentiles(ConcurrentLinkedQueue<Long> nanos) {
    List<Long> l = new ArrayList<>(nanos);
    if (l.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Collections.sort(l);
    return new double[] {l.get(l.size() / 2) / 1e6, l.get(Math.min(l.size() - 1, (int) (l.size() * 0.99))) / 1e6};
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
  }

  /** Paho publishing as the demo store's entrance camera, with the books on every answer. */
  private static final class Ledger {
    final MqttAsyncClient client;
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    final Semaphore window = new Semaphore(500);
    long sent;
    private int next;

    Ledger(int port) throws MqttException {
      client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "ack-bench-" + System.nanoTime(), new MemoryPersistence());
      MqttConnectionOptions opts = new MqttConnectionOptions();
      opts.setUserName("cam-entrance");
      opts.setPassword("demo-cam-entrance".getBytes(StandardCharsets.UTF_8));
      opts.setAutomaticReconnect(false);
      client.connect(opts).waitForCompletion(15_000);
    }

    void walk(int rate, long millis, Runnable fault) throws InterruptedException {
      walk(rate, millis, fault, Long.MAX_VALUE);
    }

    /** Publishes at {@code rate}/s for {@code millis}; runs {@code fault} after {@code faultAfter} ms. */
    void walk(int rate, long millis, Runnable fault, long faultAfter) throws InterruptedException {
      long start = System.nanoTime();
      long period = 1_000_000_000L / rate;
      boolean faulted = false;
      for (long i = 0; ; i++) {
        long now = System.nanoTime();
        long elapsedMs = (now - start) / 1_000_000;
        if (elapsedMs >= millis) {
          return;
        }
        if (fault != null && !faulted && elapsedMs >= faultAfter) {
          fault.run();
          faulted = true;
        }
        if (client.isConnected() && window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          publish("s-" + next++);
        }
        long wait = start + (i + 1) * period - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    }

    private void publish(String track) {
      long t0 = System.nanoTime();
      MqttMessage m = new MqttMessage(("{\"v\":1,\"ts\":" + System.currentTimeMillis() + ",\"track\":\"" + track + "\"}")
          .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      sent++;
      try {
        client.publish("vitrine/v1/devices/cam-entrance/sightings", m, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken t) {
            int[] codes = t.getReasonCodes();
            (codes != null && codes.length > 0 && codes[0] >= 0x80 ? refused : acknowledged).add(track);
            latencies.add(System.nanoTime() - t0);
            window.release();
          }

          @Override
          public void onFailure(IMqttToken t, Throwable e) {
            if (e instanceof MqttException me && me.getReasonCode() >= 0x80 && me.getReasonCode() <= 0xFF) {
              refused.add(track);
            }
            window.release();
          }
        });
      } catch (MqttException e) {
        window.release(); // the connection is gone: not sent
        sent--;
      }
    }

    /** Waits until every answer still due came, or the connection is gone. */
    void settle(long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      while (window.availablePermits() < 500 && client.isConnected() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    }

    void close() {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
      } catch (MqttException ignored) {
        // the hub may be gone
      }
    }
  }
}
