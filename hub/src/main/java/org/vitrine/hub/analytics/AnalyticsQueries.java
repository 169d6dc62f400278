package org.vitrine.hub.analytics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.redis.Responses;

/**
 * The analytics tables over a range of store-local days, read from the daily aggregates: one
 * HGETALL per day of the topic (pipelined), HyperLogLog unions (PFCOUNT of many keys) for unique
 * visitors; the folding runs on a worker thread. The cost grows with the days asked, never with
 * the number of events.
 */
public final class AnalyticsQueries {

  /** The longest range one query may ask for. */
  public static final int MAX_DAYS = 400;

  private final Vertx vertx;
  private final Redis redis;
  private final CatalogHolder catalog;
  private final DwellBuckets buckets;
  private final long conversionWindowSeconds;

  public AnalyticsQueries(Vertx vertx, Redis redis, CatalogHolder catalog, DwellBuckets buckets, long conversionWindowSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.catalog = catalog;
    this.buckets = buckets;
    this.conversionWindowSeconds = conversionWindowSeconds;
  }

  /** The table names, in the order the page shows them. */
  public static final List<String> TABLES = List.of("footfall", "visitors", "dwell", "journeys", "hours", "plays",
      "engagement", "conversion");

  public Future<Table> table(String name, LocalDate from, LocalDate to) {
    List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
    return switch (name) {
      case "footfall" -> fold(StatsKeys.FOOTFALL, days, this::footfall);
      case "visitors" -> visitors(days);
      case "dwell" -> fold(StatsKeys.DWELL, days, this::dwell);
      case "journeys" -> fold(StatsKeys.JOURNEYS, days, this::journeys);
      case "hours" -> fold(StatsKeys.FOOTFALL, days, this::hours);
      case "plays" -> fold(StatsKeys.PLAYS, days, this::plays);
      case "engagement" -> fold(StatsKeys.ENGAGEMENT, days, this::engagement);
      case "conversion" -> {
        Future<List<Day>> conv = hashes(StatsKeys.CONVERSION, days);
        Future<List<Day>> eng = hashes(StatsKeys.ENGAGEMENT, days);
        yield Future.all(conv, eng).compose(both -> vertx.executeBlocking(() -> conversion(conv.result(), eng.result()), false));
      }
      default -> Future.failedFuture(new IllegalArgumentException("no analytics table '" + name + "'"));
    };
  }

  private record Day(LocalDate date, Map<String, String> fields) {
  }

  private Future<List<Day>> hashes(String topic, List<LocalDate> days) {
    List<Request> reads = new ArrayList<>();
    days.forEach(d -> reads.add(Request.cmd(Command.HGETALL).arg(StatsKeys.day(d, topic))));
    return redis.batch(reads).map(answers -> {
      List<Day> out = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        out.add(new Day(days.get(i), Responses.asMap(answers.get(i))));
      }
      return out;
    });
  }

  private Future<Table> fold(String topic, List<LocalDate> days, Function<List<Day>, Table> f) {
    return hashes(topic, days).compose(read -> vertx.executeBlocking(() -> f.apply(read), false));
  }

  // ------------------------------------------------------------------------------ footfall, visitors, hours

  private Table footfall(List<Day> days) {
    Catalog c = catalog.get();
    Table.Builder t = new Table.Builder("footfall").col("date", "Date").col("hour", "Hour").col("zone", "Zone")
        .col("zoneName", "Zone name").col("recognisedEntries", "Recognised entries")
        .col("anonymousEntries", "Anonymous entries").col("entries", "Entries");
    for (Day d : days) {
      // zone → hour → [recognised, anonymous]
      Map<String, TreeMap<Integer, long[]>> byZone = new TreeMap<>(zoneOrder(c));
      d.fields().forEach((field, value) -> {
        String[] p = field.split("\\|");
        if (p.length == 3) {
          long[] n = byZone.computeIfAbsent(p[0], z -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(p[1]), h -> new long[2]);
          n[p[2].equals("r") ? 0 : 1] += Long.parseLong(value);
        }
      });
      List<Object[]> lines = new ArrayList<>();
      byZone.forEach((zone, hours) -> hours.forEach((hour, n) -> lines.add(new Object[] {hour, zone, n})));
      lines.sort(Comparator.comparingInt(l -> (Integer) l[0]));
      for (Object[] l : lines) {
        long[] n = (long[]) l[2];
        Map<String, Object> r = t.row();
        r.put("date", d.date().toString());
        r.put("hour", l[0]);
        r.put("zone", l[1]);
        r.put("zoneName", zoneName(c, (String) l[1]));
        r.put("recognisedEntries", n[0]);
        r.put("anonymousEntries", n[1]);
        r.put("entries", n[0] + n[1]);
      }
    }
    return t.build();
  }

  private Future<Table> visitors(List<LocalDate> days) {
    Catalog c = catalog.get();
    return hashes(StatsKeys.FOOTFALL, days).compose(read -> {
      Map<String, long[]> entries = new TreeMap<>(zoneOrder(c));
      c.zones().forEach(z -> entries.put(z.id(), new long[2]));
      read.forEach(d -> d.fields().forEach((field, value) -> {
        String[] p = field.split("\\|");
        if (p.length == 3) {
          entries.computeIfAbsent(p[0], z -> new long[2])[p[2].equals("r") ? 0 : 1] += Long.parseLong(value);
        }
      }));
      List<String> zones = new ArrayList<>(entries.keySet());
      List<Request> counts = new ArrayList<>();
      for (String z : zones) {
        counts.add(pfcount(days, d -> StatsKeys.recognised(d, z)));
        counts.add(pfcount(days, d -> StatsKeys.anonymous(d, z)));
      }
      counts.add(pfcount(days, d -> StatsKeys.recognised(d, null)));
      Request allAnon = Request.cmd(Command.PFCOUNT);
      zones.forEach(z -> days.forEach(d -> allAnon.arg(StatsKeys.anonymous(d, z))));
      counts.add(allAnon);
      return redis.batch(counts).map(n -> {
        Table.Builder t = new Table.Builder("visitors").col("zone", "Zone").col("zoneName", "Zone name")
            .col("entries", "Entries").col("recognisedVisitors", "Recognised shoppers (unique)")
            .col("anonymousVisitors", "Anonymous people (unique tracks)").col("visitors", "Visitors (unique)");
        long[] total = new long[2];
        for (int i = 0; i < zones.size(); i++) {
          long[] e = entries.get(zones.get(i));
          total[0] += e[0];
          total[1] += e[1];
          visitorRow(t, zones.get(i), zoneName(c, zones.get(i)), e[0] + e[1], n.get(2 * i).toLong(), n.get(2 * i + 1).toLong());
        }
        visitorRow(t, "", "Whole store", total[0] + total[1], n.get(2 * zones.size()).toLong(), n.get(2 * zones.size() + 1).toLong());
        return t.build();
      });
    });
  }

  private static Request pfcount(List<LocalDate> days, Function<LocalDate, String> key) {
    Request r = Request.cmd(Command.PFCOUNT);
    days.forEach(d -> r.arg(key.apply(d)));
    return r;
  }

  private static void visitorRow(Table.Builder t, String zone, String name, long entries, long recognised, long anonymous) {
    Map<String, Object> r = t.row();
    r.put("zone", zone);
    r.put("zoneName", name);
    r.put("entries", entries);
    r.put("recognisedVisitors", recognised);
    r.put("anonymousVisitors", anonymous);
    r.put("visitors", recognised + anonymous);
  }

  private Table hours(List<Day> days) {
    Table.Builder t = new Table.Builder("hours").col("weekday", "Weekday (1 = Monday)").col("day", "Day")
        .col("hour", "Hour").col("entries", "Entries").col("days", "Days in range").col("perDay", "Entries per day");
    long[][] entries = new long[8][24];
    int[] daysOf = new int[8];
    for (Day d : days) {
      int wd = d.date().getDayOfWeek().getValue();
      daysOf[wd]++;
      d.fields().forEach((field, value) -> {
        String[] p = field.split("\\|");
        if (p.length == 3) {
          entries[wd][Integer.parseInt(p[1])] += Long.parseLong(value);
        }
      });
    }
    for (int wd = 1; wd <= 7; wd++) {
      for (int h = 0; h < 24; h++) {
        if (entries[wd][h] > 0) {
          Map<String, Object> r = t.row();
          r.put("weekday", wd);
          r.put("day", DayOfWeek.of(wd).getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
          r.put("hour", h);
          r.put("entries", entries[wd][h]);
          r.put("days", daysOf[wd]);
          r.put("perDay", round1((double) entries[wd][h] / daysOf[wd]));
        }
      }
    }
    return t.build();
  }

  // ------------------------------------------------------------------------------ dwell, journeys

  private Table dwell(List<Day> days) {
    Catalog c = catalog.get();
    Table.Builder t = new Table.Builder("dwell").col("zone", "Zone").col("zoneName", "Zone name")
        .col("visits", "Visits").col("averageSeconds", "Average dwell (s)");
    List<String> keys = buckets.keys();
    List<String> labels = buckets.labels();
    for (int i = 0; i < keys.size(); i++) {
      t.col(keys.get(i), labels.get(i));
    }
    Map<String, Map<String, Long>> byZone = new TreeMap<>(zoneOrder(c));
    c.zones().forEach(z -> byZone.put(z.id(), new HashMap<>()));
    sum(days, byZone);
    byZone.forEach((zone, n) -> {
      Map<String, Object> r = t.row();
      long visits = n.getOrDefault("visits", 0L);
      r.put("zone", zone);
      r.put("zoneName", zoneName(c, zone));
      r.put("visits", visits);
      r.put("averageSeconds", visits == 0 ? 0.0 : round1((double) n.getOrDefault("seconds", 0L) / visits));
      keys.forEach(k -> r.put(k, n.getOrDefault(k, 0L)));
    });
    return t.build();
  }

  /** Sums fields "a|b" of every day into map a → (b → total). */
  private static void sum(List<Day> days, Map<String, Map<String, Long>> into) {
    for (Day d : days) {
      d.fields().forEach((field, value) -> {
        int bar = field.indexOf('|');
        if (bar > 0) {
          into.computeIfAbsent(field.substring(0, bar), k -> new HashMap<>())
              .merge(field.substring(bar + 1), Long.parseLong(value), Long::sum);
        }
      });
    }
  }

  private Table journeys(List<Day> days) {
    Catalog c = catalog.get();
    Table.Builder t = new Table.Builder("journeys").col("from", "From zone").col("fromName", "From")
        .col("to", "To zone").col("toName", "To").col("moves", "Moves");
    Map<String, Long> moves = new HashMap<>();
    days.forEach(d -> d.fields().forEach((f, v) -> moves.merge(f, Long.parseLong(v), Long::sum)));
    moves.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> {
          String[] p = e.getKey().split("\\|", -1);
          boolean in = p[0].equals(StatsKeys.OUTSIDE);
          boolean out = p[1].equals(StatsKeys.OUTSIDE);
          Map<String, Object> r = t.row();
          r.put("from", in ? "" : p[0]);
          r.put("fromName", in ? "Store entrance (came in)" : zoneName(c, p[0]));
          r.put("to", out ? "" : p[1]);
          r.put("toName", out ? "Left the store" : zoneName(c, p[1]));
          r.put("moves", e.getValue());
        });
    return t.build();
  }

  // ------------------------------------------------------------------------------ plays, engagement, conversion

  private Table plays(List<Day> days) {
    Catalog c = catalog.get();
    Table.Builder t = new Table.Builder("plays").col("content", "Content").col("title", "Title").col("screen", "Screen")
        .col("screenName", "Screen name").col("zone", "Zone").col("plays", "Plays").col("seconds", "Seconds on screen")
        .col("audience", "Audience (people present)").col("rulePlays", "Plays for a shopper (rules)")
        .col("voicePlays", "Plays for a spoken request").col("playlistPlays", "Playlist plays");
    Map<String, Map<String, Long>> byItem = new TreeMap<>();
    for (Day d : days) {
      d.fields().forEach((field, value) -> {
        int bar = field.lastIndexOf('|');
        byItem.computeIfAbsent(field.substring(0, bar), k -> new HashMap<>()).merge(field.substring(bar + 1), Long.parseLong(value), Long::sum);
      });
    }
    byItem.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Map<String, Long>>>comparingLong(e -> -e.getValue().getOrDefault("plays", 0L))
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          String[] p = e.getKey().split("\\|", -1);
          Map<String, Long> n = e.getValue();
          Map<String, Object> r = t.row();
          r.put("content", p[0]);
          r.put("title", c.content(p[0]).map(ContentItem::title).orElse(p[0]));
          r.put("screen", p[1]);
          r.put("screenName", c.screen(p[1]).map(s -> s.name() == null ? s.id() : s.name()).orElse(p[1]));
          r.put("zone", c.screen(p[1]).map(Screen::zone).orElse(""));
          r.put("plays", n.getOrDefault("plays", 0L));
          r.put("seconds", round1(n.getOrDefault("ms", 0L) / 1000.0));
          r.put("audience", n.getOrDefault("audience", 0L));
          r.put("rulePlays", n.getOrDefault("rule", 0L));
          r.put("voicePlays", n.getOrDefault("voice", 0L));
          r.put("playlistPlays", n.getOrDefault("playlist", 0L));
        });
    return t.build();
  }

  private static final List<String> KINDS = List.of("touch", "voice", "checkin", "pickup", "order");

  private Table engagement(List<Day> days) {
    Catalog c = catalog.get();
    Table.Builder t = new Table.Builder("engagement").col("kind", "Kind").col("zone", "Zone").col("zoneName", "Zone name")
        .col("screen", "Screen").col("content", "Content").col("intent", "Voice intent").col("product", "Product")
        .col("count", "Count");
    Map<String, Long> n = new HashMap<>();
    days.forEach(d -> d.fields().forEach((f, v) -> n.merge(f, Long.parseLong(v), Long::sum)));
    n.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Long>>comparingInt(e -> KINDS.indexOf(e.getKey().split("\\|")[0]))
            .thenComparing(Map.Entry.<String, Long>comparingByValue().reversed()).thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          String[] p = e.getKey().split("\\|", -1);
          Map<String, Object> r = t.row();
          String kind = p[0];
          String zone = kind.equals("touch") ? c.screen(p[1]).map(Screen::zone).orElse("") : p[1];
          r.put("kind", kind);
          r.put("zone", zone);
          r.put("zoneName", zone.isEmpty() ? "" : zoneName(c, zone));
          r.put("screen", kind.equals("touch") ? p[1] : "");
          r.put("content", kind.equals("touch") && p.length > 2 ? p[2] : "");
          r.put("intent", kind.equals("voice") && p.length > 2 ? p[2] : "");
          r.put("product", kind.equals("pickup") && p.length > 2 ? p[2] : "");
          r.put("count", e.getValue());
        });
    return t.build();
  }

  private Table conversion(List<Day> conv, List<Day> eng) {
    Catalog c = catalog.get();
    Table.Builder t = new Table.Builder("conversion").col("content", "Content").col("title", "Title").col("zone", "Zone")
        .col("zoneName", "Zone name").col("showings", "Showings").col("converted", "Showings followed by an order")
        .col("conversionRate", "Conversion rate").col("orders", "Orders after a showing")
        .col("zoneOrders", "All orders in the zone").col("windowMinutes", "Window (minutes)");
    Map<String, Long> zoneOrders = new HashMap<>();
    eng.forEach(d -> d.fields().forEach((f, v) -> {
      if (f.startsWith("order|")) {
        zoneOrders.merge(f.substring("order|".length()), Long.parseLong(v), Long::sum);
      }
    }));
    Map<String, Map<String, Long>> byItem = new TreeMap<>();
    conv.forEach(d -> d.fields().forEach((field, value) -> {
      int bar = field.lastIndexOf('|');
      byItem.computeIfAbsent(field.substring(0, bar), k -> new HashMap<>()).merge(field.substring(bar + 1), Long.parseLong(value), Long::sum);
    }));
    byItem.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Map<String, Long>>>comparingLong(e -> -e.getValue().getOrDefault("orders", 0L))
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          String[] p = e.getKey().split("\\|", -1);
          Map<String, Long> n = e.getValue();
          long shown = n.getOrDefault("shown", 0L);
          long converted = n.getOrDefault("converted", 0L);
          Map<String, Object> r = t.row();
          r.put("content", p[0]);
          r.put("title", c.content(p[0]).map(ContentItem::title).orElse(p[0]));
          r.put("zone", p[1]);
          r.put("zoneName", zoneName(c, p[1]));
          r.put("showings", shown);
          r.put("converted", converted);
          r.put("conversionRate", shown == 0 ? 0.0 : Math.round(1000.0 * converted / shown) / 1000.0);
          r.put("orders", n.getOrDefault("orders", 0L));
          r.put("zoneOrders", zoneOrders.getOrDefault(p[1], 0L));
          r.put("windowMinutes", round1(conversionWindowSeconds / 60.0));
        });
    return t.build();
  }

  // ------------------------------------------------------------------------------ helpers

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String zoneName(Catalog c, String zone) {
    return c.zone(zone).map(z -> z.name() == null ? z.id() : z.name()).orElse(zone);
  }

  /** Zones in the store's order (as configured), unknown ones after, by id. */
  private static Comparator<String> zoneOrder(Catalog c) {
    Map<String, Integer> index = new HashMap<>();
    for (Zone z : c.zones()) {
      index.put(z.id(), index.size());
    }
    return Comparator.<String>comparingInt(z -> index.getOrDefault(z, Integer.MAX_VALUE)).thenComparing(z -> z);
  }
}
