package org.vitrine.hub.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.VoiceOrder;

/**
 * A store day with known ground truth, time compressed (script seconds are real seconds): who
 * stood in which zone from when to when (cameras over real MQTT, one sighting a second), what the
 * screens played (real WebSocket screens reporting proof of play), touches, shelf pickups (MQTT),
 * voice queries, a check-in and cafe orders (the store events the voice and check-in adapters
 * publish). {@link #expected} computes every analytics figure from the script alone.
 */
public final class ScriptedDay {

  /** A person in a zone, sighted every second from {@code from} to {@code to} (script seconds). Shopper null = anonymous track. */
  public record Stay(String shopper, String track, String camera, String zone, int from, int to) {
    String person() {
      return shopper != null ? "s:" + shopper : "t:" + camera + "/" + track;
    }
  }

  /** A proof-of-play report: {@code start}/{@code end} in script milliseconds; {@code playId} null for playlist items. */
  public record Play(String screen, String zone, String content, String kind, String playId, String shopper, int start, int end) {
  }

  public record Touch(String screen, String content, int atMillis) {
  }

  public record Order(String id, String zone, int atMillis) {
  }

  public record Voice(String zone, String intent, int atMillis) {
  }

  public record Pickup(String shelf, String zone, String product, int atMillis) {
  }

  public static final int SILENCE_SECONDS = 2;
  public static final List<Integer> DWELL_BOUNDS = List.of(3, 6, 10);
  public static final int CONVERSION_WINDOW_SECONDS = 4;

  public final List<Stay> stays = List.of(
      new Stay("anna", null, "cam-entrance", "entrance", 0, 2),
      new Stay("anna", null, "cam-apparel", "apparel", 3, 8),
      new Stay("anna", null, "cam-footwear", "footwear", 9, 13),
      new Stay("ben", null, "cam-entrance", "entrance", 1, 2),
      new Stay("ben", null, "cam-cafe", "cafe", 3, 10),
      new Stay("chloe", null, "cam-entrance", "entrance", 2, 4),
      new Stay("chloe", null, "cam-apparel", "apparel", 5, 16),
      new Stay("david", null, "cam-apparel", "apparel", 4, 7),
      new Stay("david", null, "cam-apparel", "apparel", 12, 14), // came back after leaving: a second entry
      new Stay(null, "t-a1", "cam-apparel", "apparel", 2, 9),
      new Stay(null, "t-a2", "cam-apparel", "apparel", 6, 6),
      new Stay(null, "t-c1", "cam-cafe", "cafe", 0, 5),
      new Stay(null, "t-c2", "cam-cafe", "cafe", 4, 12),
      new Stay(null, "t-f1", "cam-footwear", "footwear", 10, 12));

  public final List<Play> plays = List.of(
      new Play("apparel-1", "apparel", "new-season", "playlist", null, null, 2500, 7500),
      new Play("apparel-2", "apparel", "new-season", "playlist", null, null, 8500, 12500),
      new Play("cafe-1", "cafe", "oat-latte-card", "rule", "p-ben-1", "ben", 1500, 5500),
      new Play("cafe-orders", "cafe", "oat-latte-card", "rule", "p-ben-1", "ben", 1500, 5500),
      new Play("cafe-1", "cafe", "oat-latte-card", "playlist", null, null, 6500, 9500),
      new Play("cafe-1", "cafe", "cafe-menu", "playlist", null, null, 10500, 12000),
      new Play("cafe-1", "cafe", "oat-latte-card", "playlist", null, null, 14000, 15000),
      new Play("footwear-1", "footwear", "trail-runner-card", "rule", "p-anna-1", "anna", 9500, 11500));

  public final List<Touch> touches = List.of(
      new Touch("apparel-1", "new-season", 3200), new Touch("apparel-1", "new-season", 6100),
      new Touch("footwear-1", "trail-runner-card", 10200));

  public final List<Order> orders = List.of(new Order("o-1", "cafe", 4000), new Order("o-2", "cafe", 8000),
      new Order("o-3", "cafe", 20000));

  public final List<Voice> voices = List.of(new Voice("cafe", "vitrine:OrderCoffee", 3800),
      new Voice("cafe", "vitrine:OrderCoffee", 7600), new Voice("apparel", "vitrine:ShowProducts", 5300));

  public final List<Pickup> pickups = List.of(new Pickup("shelf-footwear", "footwear", "trail-runner-x", 10400),
      new Pickup("shelf-footwear", "footwear", "trail-runner-x", 11700));

  /** The check-in of anna at the entrance (script ms). */
  public final int checkinAt = 600;

  /** When the script is over and every visit has ended (silence included), script ms. */
  public int endMillis() {
    return 21_000 + SILENCE_SECONDS * 1000 + 1500;
  }

  // ------------------------------------------------------------------------------------- playing it

  /** How late (ms) the latest action of the last {@link #play} ran, for failure messages. */
  public volatile long maxLateMillis;

  private record Action(int at, Runnable run) {
  }

  /** Plays the script into a running hub in real time from {@code t0} (epoch ms); returns when the last action ran. */
  public void play(Vertx vertx, TestHub hub, long t0) throws Exception {
    Map<String, Camera> cams = new HashMap<>();
    Map<String, ScreenClient> screens = new HashMap<>();
    try {
      for (Stay s : stays) {
        cams.computeIfAbsent(s.camera(), id -> Camera.demo(vertx, hub.mqttPort(), id));
      }
      Camera shelf = Camera.connect(vertx, hub.mqttPort(), "shelf-footwear", "demo-shelf-footwear");
      for (Play p : plays) {
        screens.computeIfAbsent(p.screen(), id -> ScreenClient.connect(vertx, hub.httpPort(), id));
      }
      for (Touch t : touches) {
        screens.computeIfAbsent(t.screen(), id -> ScreenClient.connect(vertx, hub.httpPort(), id));
      }
      List<Action> actions = new ArrayList<>();
      for (Stay s : stays) {
        for (int sec = s.from(); sec <= s.to(); sec++) {
          actions.add(new Action(sec * 1000, () -> cams.get(s.camera()).sees(s.shopper(), s.shopper() != null ? "t-" + s.shopper() : s.track(), null)));
        }
      }
      for (Play p : plays) {
        JsonObject reason = new JsonObject().put("kind", p.kind());
        if (p.shopper() != null) {
          reason.put("rule", "scripted").put("shopper", p.shopper());
        }
        JsonObject msg = new JsonObject().put("type", "played").put("screen", p.screen()).put("content", p.content())
            .put("startedAt", t0 + p.start()).put("endedAt", t0 + p.end()).put("reason", reason);
        if (p.playId() != null) {
          msg.put("playId", p.playId());
        }
        actions.add(new Action(p.end() + 300, () -> screens.get(p.screen()).send(msg)));
      }
      for (Touch t : touches) {
        actions.add(new Action(t.atMillis(), () -> screens.get(t.screen()).send(new JsonObject().put("type", "touch")
            .put("content", t.content()).put("x", 0.5).put("y", 0.5).put("ts", t0 + t.atMillis()))));
      }
      for (Pickup p : pickups) {
        actions.add(new Action(p.atMillis(), () -> shelf.publish("vitrine/v1/devices/" + p.shelf() + "/events",
            Buffer.buffer(new JsonObject().put("v", 1).put("type", "pickup").put("product", p.product())
                .put("ts", t0 + p.atMillis()).encode()))));
      }
      for (Voice v : voices) {
        actions.add(new Action(v.atMillis(), () -> vertx.eventBus().publish(Addresses.STORE_EVENT,
            new StoreEvent("voice", v.zone(), null, null, null, v.intent(), null, Map.of(), t0 + v.atMillis(), "s-" + v.atMillis()))));
      }
      for (Order o : orders) {
        actions.add(new Action(o.atMillis(), () -> vertx.eventBus().publish(Addresses.VOICE_ORDER,
            new VoiceOrder(o.id(), o.zone(), o.zone(), List.of(new VoiceOrder.Line("latte", "latte", "large", 1, "4.40")),
                "4.40", "EUR", t0 + o.atMillis()))));
      }
      actions.add(new Action(checkinAt, () -> vertx.eventBus().publish(Addresses.STORE_EVENT,
          new StoreEvent("checkin", "entrance", "anna", null, null, null, null, null, t0 + checkinAt, null))));
      actions.sort(Comparator.comparingInt(Action::at));
      long late = 0;
      for (Action a : actions) {
        long wait = t0 + a.at() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        late = Math.max(late, System.currentTimeMillis() - t0 - a.at());
        a.run().run();
      }
      maxLateMillis = late;
      // some audience boundaries are 500 ms from a sighting: later than that, the truth moved
      System.out.printf("scripted day: actions ran at most %d ms late%s%n", late,
          late > 400 ? " (over 400 ms: the machine stalled; figures near a boundary may differ)" : "");
      shelf.close();
    } finally {
      cams.values().forEach(Camera::close);
      screens.values().forEach(ScreenClient::close);
    }
  }

  /** A start time (now, rounded up to a whole second) whose script day stays inside one store hour. */
  public long safeStart(ZoneId tz) throws InterruptedException {
    while (true) {
      long now = System.currentTimeMillis();
      ZonedDateTime local = ZonedDateTime.ofInstant(Instant.ofEpochMilli(now), tz);
      int secondsLeft = 3600 - local.getMinute() * 60 - local.getSecond();
      if (secondsLeft > endMillis() / 1000 + 30) {
        return (now / 1000 + 1) * 1000;
      }
      Thread.sleep(secondsLeft * 1000L + 1000);
    }
  }

  // ------------------------------------------------------------------------------------- ground truth

  /** The rows every analytics table must answer for the day of {@code t0}, from the script alone. */
  public Map<String, List<Map<String, Object>>> expected(long t0, ZoneId tz, List<String> zoneOrder,
      Map<String, String> zoneNames, Map<String, String> titles, Map<String, String> screenNames) {
    ZonedDateTime local = ZonedDateTime.ofInstant(Instant.ofEpochMilli(t0), tz);
    String date = local.toLocalDate().toString();
    int hour = local.getHour();
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();

    // footfall: each stay is an entry into its zone
    Map<String, long[]> entries = new TreeMap<>(Comparator.comparingInt(zoneOrder::indexOf));
    for (Stay s : stays) {
      entries.computeIfAbsent(s.zone(), z -> new long[2])[s.shopper() != null ? 0 : 1]++;
    }
    List<Map<String, Object>> footfall = new ArrayList<>();
    entries.forEach((zone, n) -> footfall.add(row("date", date, "hour", hour, "zone", zone, "zoneName", zoneNames.get(zone),
        "recognisedEntries", n[0], "anonymousEntries", n[1], "entries", n[0] + n[1])));
    out.put("footfall", footfall);

    // visitors: distinct people per zone
    List<Map<String, Object>> visitors = new ArrayList<>();
    long allEntries = 0;
    for (String zone : zoneOrder) {
      Set<String> known = new HashSet<>();
      Set<String> anon = new HashSet<>();
      long e = 0;
      for (Stay s : stays) {
        if (s.zone().equals(zone)) {
          (s.shopper() != null ? known : anon).add(s.person());
          e++;
        }
      }
      allEntries += e;
      visitors.add(row("zone", zone, "zoneName", zoneNames.get(zone), "entries", e, "recognisedVisitors", (long) known.size(),
          "anonymousVisitors", (long) anon.size(), "visitors", (long) known.size() + anon.size()));
    }
    long storeKnown = stays.stream().filter(s -> s.shopper() != null).map(Stay::shopper).distinct().count();
    long storeAnon = stays.stream().filter(s -> s.shopper() == null).map(Stay::person).distinct().count();
    visitors.add(row("zone", "", "zoneName", "Whole store", "entries", allEntries, "recognisedVisitors", storeKnown,
        "anonymousVisitors", storeAnon, "visitors", storeKnown + storeAnon));
    out.put("visitors", visitors);

    // dwell: last minus first sighting, whole seconds, in buckets
    List<Map<String, Object>> dwell = new ArrayList<>();
    for (String zone : zoneOrder) {
      long visits = 0;
      long seconds = 0;
      long[] buckets = new long[DWELL_BOUNDS.size() + 1];
      for (Stay s : stays) {
        if (s.zone().equals(zone)) {
          int d = s.to() - s.from();
          visits++;
          seconds += d;
          int b = 0;
          while (b < DWELL_BOUNDS.size() && d >= DWELL_BOUNDS.get(b)) {
            b++;
          }
          buckets[b]++;
        }
      }
      Map<String, Object> r = row("zone", zone, "zoneName", zoneNames.get(zone), "visits", visits,
          "averageSeconds", visits == 0 ? 0.0 : Math.round(10.0 * seconds / visits) / 10.0);
      r.put("b0", buckets[0]);
      for (int i = 0; i < DWELL_BOUNDS.size(); i++) {
        r.put("b" + DWELL_BOUNDS.get(i), buckets[i + 1]);
      }
      dwell.add(r);
    }
    out.put("dwell", dwell);

    // journeys of recognised shoppers: a gap longer than the silence is leaving and coming back
    Map<String, Long> moves = new TreeMap<>();
    Map<String, List<Stay>> byShopper = new TreeMap<>();
    stays.stream().filter(s -> s.shopper() != null).forEach(s -> byShopper.computeIfAbsent(s.shopper(), k -> new ArrayList<>()).add(s));
    byShopper.values().forEach(list -> {
      list.sort(Comparator.comparingInt(Stay::from));
      String at = "";
      int lastSeen = -100;
      for (Stay s : list) {
        if (!at.isEmpty() && s.from() - lastSeen > SILENCE_SECONDS) {
          moves.merge(at + ">", 1L, Long::sum);
          at = "";
        }
        moves.merge(at + ">" + s.zone(), 1L, Long::sum);
        at = s.zone();
        lastSeen = s.to();
      }
      moves.merge(at + ">", 1L, Long::sum);
    });
    List<Map<String, Object>> journeys = new ArrayList<>();
    moves.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
        .thenComparing(e -> e.getKey().replace(">", "|").replaceAll("^\\|", "-|").replaceAll("\\|$", "|-")))
        .forEach(e -> {
          String[] p = e.getKey().split(">", -1);
          journeys.add(row("from", p[0], "fromName", p[0].isEmpty() ? "Store entrance (came in)" : zoneNames.get(p[0]),
              "to", p[1], "toName", p[1].isEmpty() ? "Left the store" : zoneNames.get(p[1]), "moves", e.getValue()));
        });
    out.put("journeys", journeys);

    // hours
    int weekday = local.getDayOfWeek().getValue();
    out.put("hours", List.of(row("weekday", weekday, "day", local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT,
        java.util.Locale.ENGLISH), "hour", hour, "entries", allEntries, "days", 1, "perDay", (double) allEntries)));

    // plays: audience = distinct people whose stay in the zone overlaps the play
    Map<String, Map<String, Object>> plays = new LinkedHashMap<>();
    for (Play p : this.plays) {
      Set<String> audience = new HashSet<>();
      for (Stay s : stays) {
        if (s.zone().equals(p.zone()) && s.from() * 1000 <= p.end() && s.to() * 1000 >= p.start()) {
          audience.add(s.person());
        }
      }
      Map<String, Object> r = plays.computeIfAbsent(p.content() + "|" + p.screen(), k -> row("content", p.content(),
          "title", titles.get(p.content()), "screen", p.screen(), "screenName", screenNames.get(p.screen()), "zone", p.zone(),
          "plays", 0L, "seconds", 0.0, "audience", 0L, "rulePlays", 0L, "voicePlays", 0L, "playlistPlays", 0L));
      r.merge("plays", 1L, (a, b) -> (Long) a + (Long) b);
      r.merge("seconds", (p.end() - p.start()) / 1000.0, (a, b) -> (Double) a + (Double) b);
      r.merge("audience", (long) audience.size(), (a, b) -> (Long) a + (Long) b);
      r.merge(p.kind() + "Plays", 1L, (a, b) -> (Long) a + (Long) b);
    }
    List<Map<String, Object>> playRows = new ArrayList<>(plays.values());
    playRows.sort(Comparator.<Map<String, Object>>comparingLong(r -> -(Long) r.get("plays"))
        .thenComparing(r -> r.get("content") + "|" + r.get("screen")));
    out.put("plays", playRows);

    // engagement
    Map<String, Long> eng = new HashMap<>();
    touches.forEach(t -> eng.merge("touch|" + zoneOf(t.screen()) + "|" + t.screen() + "|" + t.content() + "||", 1L, Long::sum));
    voices.forEach(v -> eng.merge("voice|" + v.zone() + "|||" + v.intent() + "|", 1L, Long::sum));
    eng.merge("checkin|entrance||||", 1L, Long::sum);
    pickups.forEach(p -> eng.merge("pickup|" + p.zone() + "||||" + p.product(), 1L, Long::sum));
    orders.forEach(o -> eng.merge("order|" + o.zone() + "||||", 1L, Long::sum));
    List<Map<String, Object>> engagement = new ArrayList<>();
    eng.forEach((k, n) -> {
      String[] p = k.split("\\|", -1);
      engagement.add(row("kind", p[0], "zone", p[1], "zoneName", zoneNames.get(p[1]), "screen", p[2], "content", p[3],
          "intent", p[4], "product", p[5], "count", n));
    });
    out.put("engagement", engagement); // compared without order

    // conversion: showings (a playId on several screens is one), followed by an order within the window
    record Showing(String content, String zone, int start, int end) {
    }
    List<Showing> showings = new ArrayList<>();
    Set<String> seenIds = new HashSet<>();
    for (Play p : this.plays) {
      if (p.playId() == null || seenIds.add(p.zone() + "|" + p.content() + "|" + p.playId())) {
        showings.add(new Showing(p.content(), p.zone(), p.start(), p.end()));
      }
    }
    Map<String, long[]> conv = new TreeMap<>();
    Map<String, Set<String>> ordersAfter = new HashMap<>();
    for (Showing s : showings) {
      long[] n = conv.computeIfAbsent(s.content() + "|" + s.zone(), k -> new long[2]);
      n[0]++;
      boolean converted = false;
      for (Order o : orders) {
        if (o.zone().equals(s.zone()) && o.atMillis() >= s.start() && o.atMillis() <= s.end() + CONVERSION_WINDOW_SECONDS * 1000) {
          converted = true;
          ordersAfter.computeIfAbsent(s.content() + "|" + s.zone(), k -> new HashSet<>()).add(o.id());
        }
      }
      if (converted) {
        n[1]++;
      }
    }
    List<Map<String, Object>> conversion = new ArrayList<>();
    conv.forEach((k, n) -> {
      String[] p = k.split("\\|");
      long zoneOrders = orders.stream().filter(o -> o.zone().equals(p[1])).count();
      conversion.add(row("content", p[0], "title", titles.get(p[0]), "zone", p[1], "zoneName", zoneNames.get(p[1]),
          "showings", n[0], "converted", n[1], "conversionRate", Math.round(1000.0 * n[1] / n[0]) / 1000.0,
          "orders", (long) ordersAfter.getOrDefault(k, Set.of()).size(), "zoneOrders", zoneOrders,
          "windowMinutes", Math.round(CONVERSION_WINDOW_SECONDS / 6.0) / 10.0));
    });
    out.put("conversion", conversion); // compared without order
    return out;
  }

  private String zoneOf(String screen) {
    return plays.stream().filter(p -> p.screen().equals(screen)).map(Play::zone).findFirst().orElseThrow();
  }

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> r = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      r.put((String) kv[i], kv[i + 1]);
    }
    return r;
  }
}
