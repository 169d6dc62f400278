package org.vitrine.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vitrine.hub.analytics.AnalyticsApi;
import org.vitrine.hub.analytics.AnalyticsQueries;
import org.vitrine.hub.analytics.DwellBuckets;
import org.vitrine.hub.analytics.StatsKeys;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Position;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.redis.EmbeddedRedis;

/**
 * Analytics over a busy store's month: fills {@code --days} (30) days of the hub's daily aggregates
 * ({@link StatsKeys}: the same keys and fields the AnalyticsRecorder writes) for {@code --zones} (20)
 * zones, 2 screens each, {@code --visitors} (5,000) people a day (40 % recognised shoppers, each
 * visiting 2–6 zones; every visit an entry, a dwell time, a journey step, a unique-visitor
 * HyperLogLog element), a play every 15 s on every screen for 12 h, touches, voice questions,
 * pickups and orders, into a real redis-server; then asks every analytics table over the whole
 * range through the real REST handler ({@code AnalyticsApi} on a Vert.x HTTP server, JSON) and
 * prints p50/p99/max per table, and for the page's eight tables at once.
 *
 * <pre>java -cp bench/target/vitrine-bench.jar org.vitrine.bench.AnalyticsBench [--days 30] [--zones 20]
 *   [--visitors 5000] [--rounds 200] [--redis redis://127.0.0.1:6379]</pre>
 * Without {@code --redis} it starts its own redis-server (the hub's embedded one) in a temp folder.
 */
public final class AnalyticsBench {

  private static final ZoneId TZ = ZoneId.of("Europe/Paris");
  private static final List<Integer> BOUNDS = List.of(60, 300, 900, 1800, 3600);
  private static final int CONTENT = 60;

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("--days", "30", "--zones", "20", "--visitors", "5000", "--rounds", "200"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    int days = Integer.parseInt(a.get("--days"));
    int zones = Integer.parseInt(a.get("--zones"));
    int visitors = Integer.parseInt(a.get("--visitors"));
    int rounds = Integer.parseInt(a.get("--rounds"));
    EmbeddedRedis embedded = null;
    String url = a.get("--redis");
    if (url == null) {
      embedded = EmbeddedRedis.start(Files.createTempDirectory("analytics-bench").resolve("redis"));
      url = embedded.url();
    }
    Vertx vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000));
    try {
      Catalog catalog = store(zones);
      LocalDate last = LocalDate.now(TZ);
      LocalDate first = last.minusDays(days - 1);
      long t = System.nanoTime();
      long commands = fill(redis, catalog, first, days, visitors);
      System.out.printf(Locale.ROOT, "filled %d days × %d zones × %,d visitors/day: %,d Redis commands in %.1f s; Redis memory %s%n",
          days, zones, visitors, commands, (System.nanoTime() - t) / 1e9, memory(redis));

      AnalyticsQueries queries = new AnalyticsQueries(vertx, redis, new CatalogHolder(catalog), new DwellBuckets(BOUNDS), 1800);
      Router router = Router.router(vertx);
      new AnalyticsApi(queries, new CatalogHolder(catalog)).addTo(router);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + server.actualPort() + "/api/analytics/";
      String range = "?from=" + first + "&to=" + last;
      HttpClient http = HttpClient.newHttpClient();

      System.out.printf(Locale.ROOT, "%nqueries over %d days (%s … %s), %d rounds after 20 warm-up rounds, milliseconds:%n", days, first, last, rounds);
      System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %10s%n", "table", "p50", "p99", "max", "rows", "bytes");
      for (String table : AnalyticsQueries.TABLES) {
        long[] ms = new long[rounds];
        String body = "";
        for (int i = -20; i < rounds; i++) {
          long s = System.nanoTime();
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + table + range)).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException(table + ": " + r.statusCode() + " " + r.body());
          }
          if (i >= 0) {
            ms[i] = System.nanoTime() - s;
          }
          body = r.body();
        }
        int rows = new io.vertx.core.json.JsonObject(body).getJsonArray("rows").size();
        print(table, ms, rows, body.length());
      }
      // the page: all eight tables at once
      long[] page = new long[rounds];
      for (int i = -20; i < rounds; i++) {
        long s = System.nanoTime();
        var all = AnalyticsQueries.TABLES.stream().map(tb -> http.sendAsync(HttpRequest.newBuilder(URI.create(base + tb + range)).build(),
            HttpResponse.BodyHandlers.ofString())).toList();
        for (var f : all) {
          f.get(30, TimeUnit.SECONDS);
        }
        if (i >= 0) {
          page[i] = System.nanoTime() - s;
        }
      }
      print("page (all 8)", page, 0, 0);
      server.close().await(10, TimeUnit.SECONDS);
    } finally {
      redis.close();
      vertx.close().await(10, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static void print(String name, long[] nanos, int rows, int bytes) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "%-12s %8.2f %8.2f %8.2f %8s %10s%n", name, s[(int) (0.50 * (s.length - 1))] / 1e6,
        s[(int) (0.99 * (s.length - 1))] / 1e6, s[s.length - 1] / 1e6, rows == 0 ? "" : rows, bytes == 0 ? "" : String.format("%,d", bytes));
  }

  private static Catalog store(int zones) {
    List<Zone> zs = new ArrayList<>();
    List<Screen> screens = new ArrayList<>();
    List<ContentItem> content = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      zs.add(new Zone("zone-" + z, "Zone " + z, new Position(z * 4, 50)));
      for (int s = 0; s < 2; s++) {
        screens.add(new Screen("screen-" + z + "-" + s, "zone-" + z, "Screen " + z + "/" + s, null, null));
      }
    }
    for (int c = 0; c < CONTENT; c++) {
      content.add(new ContentItem("content-" + c, "image", "Content " + c, "/media/welcome.svg", null, null));
    }
    return new Catalog(new StoreInfo("Bench store", TZ.getId()), zs, screens, List.of(), content, List.of(), List.of(), List.of());
  }

  /** One store day at a time, as the recorder would have left it: counters summed in memory, then HINCRBY + PFADD. */
  private static long fill(Redis redis, Catalog catalog, LocalDate first, int days, int visitors) {
    Random rnd = new Random(42);
    DwellBuckets buckets = new DwellBuckets(BOUNDS);
    List<String> zoneIds = catalog.zones().stream().map(Zone::id).toList();
    long commands = 0;
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      Map<String, Map<String, Long>> hashes = new HashMap<>();
      Map<String, List<String>> hlls = new HashMap<>();
      for (int v = 0; v < visitors; v++) {
        boolean known = rnd.nextDouble() < 0.4;
        String person = known ? "s:" + Integer.toHexString(rnd.nextInt(20_000) * 7919) : "cam/t-" + d + "-" + v;
        int hour = 8 + (int) Math.min(11, Math.abs(rnd.nextGaussian() * 3 + 5));
        String at = StatsKeys.OUTSIDE;
        for (int step = 2 + rnd.nextInt(5); step > 0; step--) {
          String zone = zoneIds.get(rnd.nextInt(zoneIds.size()));
          if (zone.equals(at)) {
            continue;
          }
          inc(hashes, StatsKeys.day(day, StatsKeys.FOOTFALL), StatsKeys.field(zone, hour, known ? "r" : "a"), 1);
          long dwell = (long) Math.abs(rnd.nextGaussian() * 240 + 200);
          inc(hashes, StatsKeys.day(day, StatsKeys.DWELL), StatsKeys.field(zone, "visits"), 1);
          inc(hashes, StatsKeys.day(day, StatsKeys.DWELL), StatsKeys.field(zone, "seconds"), dwell);
          inc(hashes, StatsKeys.day(day, StatsKeys.DWELL), StatsKeys.field(zone, buckets.keys().get(buckets.of(dwell))), 1);
          hlls.computeIfAbsent(known ? StatsKeys.recognised(day, zone) : StatsKeys.anonymous(day, zone), k -> new ArrayList<>())
              .add(known ? person : person + "/" + zone);
          if (known) {
            hlls.computeIfAbsent(StatsKeys.recognised(day, null), k -> new ArrayList<>()).add(person);
            inc(hashes, StatsKeys.day(day, StatsKeys.JOURNEYS), StatsKeys.field(at, zone), 1);
          }
          at = zone;
        }
        if (known) {
          inc(hashes, StatsKeys.day(day, StatsKeys.JOURNEYS), StatsKeys.field(at, StatsKeys.OUTSIDE), 1);
        }
      }
      for (Screen s : catalog.screens()) {
        for (int p = 0; p < 12 * 240; p++) { // a play every 15 s, 12 hours
          String content = "content-" + rnd.nextInt(20) * 3 % CONTENT;
          String k = StatsKeys.field(content, s.id());
          inc(hashes, StatsKeys.day(day, StatsKeys.PLAYS), k + "|plays", 1);
          inc(hashes, StatsKeys.day(day, StatsKeys.PLAYS), k + "|ms", 15_000);
          inc(hashes, StatsKeys.day(day, StatsKeys.PLAYS), k + "|audience", rnd.nextInt(8));
          inc(hashes, StatsKeys.day(day, StatsKeys.PLAYS), k + (rnd.nextInt(5) == 0 ? "|rule" : "|playlist"), 1);
          if (p % 10 == 0) {
            inc(hashes, StatsKeys.day(day, StatsKeys.CONVERSION), StatsKeys.field(content, s.zone(), "shown"), 1);
            if (rnd.nextInt(4) == 0) {
              inc(hashes, StatsKeys.day(day, StatsKeys.CONVERSION), StatsKeys.field(content, s.zone(), "converted"), 1);
              inc(hashes, StatsKeys.day(day, StatsKeys.CONVERSION), StatsKeys.field(content, s.zone(), "orders"), 1);
            }
          }
          if (rnd.nextInt(30) == 0) {
            inc(hashes, StatsKeys.day(day, StatsKeys.ENGAGEMENT), StatsKeys.field("touch", s.id(), content), 1);
          }
        }
      }
      for (String zone : zoneIds) {
        for (String intent : List.of("vitrine:FindProduct", "vitrine:ShowProducts", "vitrine:Price", "vitrine:OrderCoffee")) {
          inc(hashes, StatsKeys.day(day, StatsKeys.ENGAGEMENT), StatsKeys.field("voice", zone, intent), rnd.nextInt(40));
        }
        inc(hashes, StatsKeys.day(day, StatsKeys.ENGAGEMENT), StatsKeys.field("pickup", zone, "product-" + rnd.nextInt(5)), rnd.nextInt(60));
        inc(hashes, StatsKeys.day(day, StatsKeys.ENGAGEMENT), StatsKeys.field("order", zone), rnd.nextInt(80));
      }
      inc(hashes, StatsKeys.day(day, StatsKeys.ENGAGEMENT), StatsKeys.field("checkin", zoneIds.get(0)), 300);
      List<Request> batch = new ArrayList<>();
      hashes.forEach((key, fields) -> fields.forEach((f, n) -> batch.add(Request.cmd(Command.HINCRBY).arg(key).arg(f).arg(n))));
      hlls.forEach((key, elements) -> {
        for (int i = 0; i < elements.size(); i += 500) {
          Request r = Request.cmd(Command.PFADD).arg(key);
          elements.subList(i, Math.min(elements.size(), i + 500)).forEach(r::arg);
          batch.add(r);
        }
      });
      for (int i = 0; i < batch.size(); i += 1000) {
        redis.batch(batch.subList(i, Math.min(batch.size(), i + 1000))).await();
      }
      commands += batch.size();
    }
    return commands;
  }

  private static void inc(Map<String, Map<String, Long>> hashes, String key, String field, long n) {
    hashes.computeIfAbsent(key, k -> new HashMap<>()).merge(field, n, Long::sum);
  }

  private static String memory(Redis redis) {
    String info = redis.send(Request.cmd(Command.INFO).arg("memory")).await().toString();
    return info.lines().filter(l -> l.startsWith("used_memory_human:")).map(l -> l.substring(l.indexOf(':') + 1)).findFirst().orElse("?");
  }
}
