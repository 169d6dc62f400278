package org.vitrine.bench;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Position;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.rules.Replay;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleBook;
import org.vitrine.hub.rules.RuleEngine;

/**
 * The pure rule engine on one thread: 10,000 generated rules over 50 zones and every trigger kind,
 * a generated stream of store events. Measures events/s for matching alone and for matching plus
 * arbitration (occupancy, dwell, caps in memory, per-screen stages: the {@link Replay} simulation,
 * which runs the live director's {@code Arbiter}), with the (event, zone) index and with a linear
 * scan of all rules as the baseline. Warm-up first; each figure is the best of the measured rounds.
 *
 * <pre>java -cp bench/target/vitrine-bench.jar org.vitrine.bench.RulesBench [--rules 10000] [--zones 50]
 *   [--events 100000] [--rounds 5] [--warmup 3] [--seed 42]</pre>
 */
public final class RulesBench {

  private static final String[] INTERESTS = {"running", "coffee", "tea", "sneakers", "denim", "kids", "outdoor", "yoga",
      "tennis", "hiking", "books", "music", "gaming", "beauty", "cycling", "swimming", "cooking", "travel", "art", "tech"};
  private static final String[] SEGMENTS = {"family", "student", "senior", "young-professional", "tourist"};
  private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
  private static final String[] SIZES = {"XS", "S", "M", "L", "XL", "38", "40", "42", "44"};
  private static final String[] INTENTS = {"ShowProducts", "ShowDirections", "PlaceOrder", "CallAssistant", "Greeting", "Price"};
  private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final int[] DWELL = {10, 20, 30, 60, 120};
  private static final int SCREENS_PER_ZONE = 4;
  private static final int CONTENT = 200;
  private static final int PRODUCTS = 50;
  private static final int SHOPPERS = 2000;
  private static final ZoneId TZ = ZoneId.of("Europe/Paris");

  private final Random rnd;
  private final int zones;

  private RulesBench(long seed, int zones) {
    this.rnd = new Random(seed);
    this.zones = zones;
  }

  public static void main(String[] args) {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int ruleCount = Integer.parseInt(opt.getOrDefault("rules", "10000"));
    int zoneCount = Integer.parseInt(opt.getOrDefault("zones", "50"));
    int eventCount = Integer.parseInt(opt.getOrDefault("events", "100000"));
    int rounds = Integer.parseInt(opt.getOrDefault("rounds", "5"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "42"));

    RulesBench gen = new RulesBench(seed, zoneCount);
    List<ShopperProfile> shoppers = gen.shoppers();
    List<Rule> rules = gen.rules(ruleCount);
    Catalog catalog = gen.catalog(shoppers, rules);
    List<StoreEvent> events = gen.events(eventCount);
    RuleBook indexed = catalog.ruleBook();
    RuleBook linear = RuleBook.linear(rules);
    Map<String, ShopperProfile> profiles = new HashMap<>();
    shoppers.forEach(s -> profiles.put(s.id(), s));

    System.out.printf(Locale.ROOT, "rules bench: %d rules, %d zones x %d screens, %d shoppers, %d events; JVM %s, %d cpus (%s)%n",
        rules.size(), zoneCount, SCREENS_PER_ZONE, SHOPPERS, events.size(), System.getProperty("java.runtime.version"),
        Runtime.getRuntime().availableProcessors(), Machine.cpuModel());
    // the linear baseline is ~100x slower: a slice of the stream keeps its rounds short
    List<StoreEvent> slice = events.subList(0, Math.min(events.size(), Math.max(2000, events.size() / 50)));

    List<String[]> table = new ArrayList<>();
    table.add(measure("match, index", events, rounds, warmup, () -> matchAll(indexed, events, profiles)));
    table.add(measure("match, linear scan", slice, rounds, warmup, () -> matchAll(linear, slice, profiles)));
    table.add(measure("match + arbitrate, index", events, rounds, warmup,
        () -> fired(Replay.run(indexed, catalog, events, Map.of(), TZ))));
    table.add(measure("match + arbitrate, linear scan", slice, rounds, warmup,
        () -> fired(Replay.run(linear, catalog, slice, Map.of(), TZ))));

    System.out.println();
    System.out.println("| mode (1 thread) | events | events/s | µs/event | rules fired or matched |");
    System.out.println("|---|---|---|---|---|");
    for (String[] row : table) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }

  private interface Run {
    long run();
  }

  /** Warm-up rounds, then the best of {@code rounds} (least disturbed by GC and the other core's work). */
  private static String[] measure(String name, List<StoreEvent> events, int rounds, int warmup, Run run) {
    long result = 0;
    for (int i = 0; i < warmup; i++) {
      result = run.run();
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      result = run.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    double perSecond = events.size() / (best / 1e9);
    System.out.printf(Locale.ROOT, "%-32s %,12.0f events/s%n", name, perSecond);
    return new String[] {name, String.format(Locale.ROOT, "%,d", events.size()), String.format(Locale.ROOT, "%,.0f", perSecond),
        String.format(Locale.ROOT, "%.2f", best / 1e3 / events.size()), String.format(Locale.ROOT, "%,d", result)};
  }

  private static long matchAll(RuleBook book, List<StoreEvent> events, Map<String, ShopperProfile> profiles) {
    long matched = 0;
    for (StoreEvent e : events) {
      ShopperProfile p = e.shopper() == null ? null : profiles.get(e.shopper());
      RuleEngine.Facts f = new RuleEngine.Facts(p, p == null ? 0 : p.visits(), p == null ? null : Boolean.TRUE, 3,
          ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(e.at()), TZ));
      matched += RuleEngine.matching(book, e, f).size();
    }
    return matched;
  }

  private static long fired(Replay.Result r) {
    return r.rules().stream().mapToLong(Replay.RuleStats::fired).sum();
  }

  // ---- the generated store ------------------------------------------------------------------------

  private String zone(int i) {
    return String.format(Locale.ROOT, "z%02d", i);
  }

  private String anyZone() {
    return zone(rnd.nextInt(zones));
  }

  private String screenOf(String zone, int i) {
    return zone + "-s" + i;
  }

  private <T> List<T> some(T[] from, int max) {
    int n = 1 + rnd.nextInt(max);
    List<T> out = new ArrayList<>(n);
    while (out.size() < n) {
      T t = from[rnd.nextInt(from.length)];
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  private List<ShopperProfile> shoppers() {
    List<ShopperProfile> out = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      out.add(new ShopperProfile("s" + i, "Shopper " + i, SEGMENTS[rnd.nextInt(SEGMENTS.length)], TIERS[rnd.nextInt(TIERS.length)],
          some(INTERESTS, 3), rnd.nextInt(50), some(SIZES, 2)));
    }
    return out;
  }

  private Catalog catalog(List<ShopperProfile> shoppers, List<Rule> rules) {
    List<Zone> zs = new ArrayList<>();
    List<Screen> screens = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    List<Playlist> playlists = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      String id = zone(z);
      zs.add(new Zone(id, "Zone " + z, new Position(z % 10 * 10 + 5, z / 10 * 20 + 10)));
      for (int s = 0; s < SCREENS_PER_ZONE; s++) {
        screens.add(new Screen(screenOf(id, s), id, "Screen " + s, null, new Position(rnd.nextInt(100), rnd.nextInt(100))));
      }
      devices.add(new Device("cam-" + id, Device.CAMERA, id, null, null, null, null, null, new Position(rnd.nextInt(100), rnd.nextInt(100))));
      devices.add(new Device("shelf-" + id, Device.SHELF, id, null, null, null, null, null, new Position(rnd.nextInt(100), rnd.nextInt(100))));
      playlists.add(new Playlist(id, List.of(new Playlist.Item("c0", 10))));
    }
    List<ContentItem> content = new ArrayList<>();
    for (int c = 0; c < CONTENT; c++) {
      content.add(new ContentItem("c" + c, "product-card", "Content " + c, null, null, null));
    }
    return new Catalog(new StoreInfo("Bench store", TZ.getId()), zs, screens, devices, content, playlists, shoppers, rules);
  }

  private List<Rule> rules(int n) {
    List<Rule> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double p = rnd.nextDouble();
      String event = p < .35 ? Rule.ENTER : p < .50 ? Rule.DWELL : p < .60 ? Rule.LEAVE : p < .75 ? Rule.TOUCH
          : p < .85 ? Rule.PICKUP : p < .90 ? Rule.CHECKIN : Rule.VOICE;
      List<String> zs = new ArrayList<>(List.of(anyZone()));
      if (rnd.nextDouble() < .2) {
        String other = anyZone();
        if (!zs.contains(other)) {
          zs.add(other);
        }
      }
      Rule.Trigger when = new Rule.Trigger(event, zs,
          Rule.DWELL.equals(event) ? DWELL[rnd.nextInt(DWELL.length)] : null,
          Rule.VOICE.equals(event) && rnd.nextBoolean() ? INTENTS[rnd.nextInt(INTENTS.length)] : null,
          Rule.TOUCH.equals(event) && rnd.nextDouble() < .3 ? List.of(screenOf(zs.get(0), rnd.nextInt(SCREENS_PER_ZONE))) : null,
          Rule.PICKUP.equals(event) && rnd.nextBoolean() ? List.of("p" + rnd.nextInt(PRODUCTS)) : null);
      boolean shopperEvent = !Rule.TOUCH.equals(event) && !Rule.PICKUP.equals(event);
      Rule.Conditions cond = new Rule.Conditions(
          shopperEvent && rnd.nextDouble() < .4 ? some(INTERESTS, 2) : null,
          shopperEvent && rnd.nextDouble() < .15 ? some(SEGMENTS, 2) : null,
          shopperEvent && rnd.nextDouble() < .15 ? some(TIERS, 2) : null,
          shopperEvent && rnd.nextDouble() < .1 ? some(SIZES, 2) : null,
          shopperEvent && rnd.nextDouble() < .1 ? rnd.nextInt(10) : null, null,
          rnd.nextDouble() < .2 ? new Rule.TimeWindow("09:00", "21:00") : null,
          rnd.nextDouble() < .1 ? some(DAYS, 5) : null,
          rnd.nextDouble() < .05 ? 1 : null, rnd.nextDouble() < .05 ? 10 : null, null);
      boolean shows = rnd.nextDouble() < .85;
      double t = rnd.nextDouble();
      String target = t < .7 ? null : t < .9 ? Rule.TARGET_NEAREST : Rule.TARGET_SCREEN;
      Rule.Action then = new Rule.Action(shows ? "c" + rnd.nextInt(CONTENT) : null, shows ? target : null,
          shows && Rule.TARGET_SCREEN.equals(target) ? screenOf(zs.get(0), rnd.nextInt(SCREENS_PER_ZONE)) : null,
          shows && rnd.nextDouble() < .15 ? Rule.MODE_QUEUE : null, 1 + rnd.nextInt(1000), 5 + rnd.nextInt(26),
          shows ? null : "Hello", null, shows ? null : "Someone is here");
      Rule.Cap cap = rnd.nextBoolean() ? null : new Rule.Cap(1 + rnd.nextInt(3), 30, rnd.nextDouble() < .1 ? 60 : null);
      out.add(new Rule("r" + i, null, null, when, cond, then, cap,
          rnd.nextDouble() < .05 ? new Rule.RuleCap(100, 60) : null,
          rnd.nextDouble() < .05 ? new Rule.Validity("2026-11-01", "2026-12-31") : null));
    }
    return out;
  }

  /** Shoppers walking from zone to zone (leave + enter), touches, pickups, check-ins, questions. */
  private List<StoreEvent> events(int n) {
    long at = ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, TZ).toInstant().toEpochMilli();
    Map<String, String> where = new HashMap<>();
    List<StoreEvent> out = new ArrayList<>(n);
    while (out.size() < n) {
      at += rnd.nextInt(100);
      double p = rnd.nextDouble();
      if (p < .5) {
        String shopper = "s" + rnd.nextInt(SHOPPERS);
        String was = where.get(shopper);
        String to = rnd.nextDouble() < .1 ? null : anyZone();
        if (was != null) {
          out.add(new StoreEvent(Rule.LEAVE, was, shopper, null, null, null, null, null, at, null));
        }
        if (to != null) {
          out.add(new StoreEvent(Rule.ENTER, to, shopper, "cam-" + to, null, null, null, null, at, null));
          where.put(shopper, to);
        } else {
          where.remove(shopper);
        }
      } else if (p < .7) {
        String z = anyZone();
        out.add(new StoreEvent(Rule.TOUCH, z, null, null, screenOf(z, rnd.nextInt(SCREENS_PER_ZONE)), null, "c1", null, at, null));
      } else if (p < .85) {
        String z = anyZone();
        out.add(new StoreEvent(Rule.PICKUP, z, null, "shelf-" + z, null, null, "p" + rnd.nextInt(PRODUCTS), null, at, null));
      } else if (p < .9) {
        out.add(new StoreEvent(Rule.CHECKIN, zone(0), "s" + rnd.nextInt(SHOPPERS), null, null, null, null, null, at, null));
      } else {
        String z = anyZone();
        out.add(new StoreEvent(Rule.VOICE, z, rnd.nextBoolean() ? "s" + rnd.nextInt(SHOPPERS) : null, "speaker-" + z, null,
            "vitrine:" + INTENTS[rnd.nextInt(INTENTS.length)], null, Map.of(), at, null));
      }
    }
    return out;
  }
}
