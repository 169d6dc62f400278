package org.vitrine.hub.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Content effectiveness (pure, no I/O): an order in a zone follows a showing of a content item
 * there when it comes while the item plays or at most {@code windowMillis} after it ended
 * ({@code startedAt <= order <= endedAt + window}). Plays are reported when they end, orders when
 * they are confirmed: either may arrive first, so both are remembered for a while and matched
 * both ways. Counts, per content item and zone:
 * <ul>
 *   <li>{@code shown}: showings (a rule's play on several screens of the zone at once is one showing: same playId),</li>
 *   <li>{@code converted}: showings followed by at least one order,</li>
 *   <li>{@code orders}: distinct orders that followed at least one showing of the item.</li>
 * </ul>
 */
final class Conversions {

  /** One counter to add: {@code field} of the conversion hash of the day of {@code at}. */
  record Increment(long at, String field) {
  }

  private static final class Showing {
    final String content;
    final String key;
    final long start;
    final long end;
    boolean converted;

    Showing(String content, String key, long start, long end) {
      this.content = content;
      this.key = key;
      this.start = start;
      this.end = end;
    }
  }

  private record Order(String id, long at, Set<String> contents) {
  }

  /** How long plays and orders are remembered past the window: late play reports (offline screens). */
  private static final long SLACK_MILLIS = 6 * 3600_000L;

  private final long windowMillis;
  private final Map<String, List<Showing>> showings = new HashMap<>();
  private final Map<String, List<Order>> orders = new HashMap<>();

  Conversions(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  long windowMillis() {
    return windowMillis;
  }

  /** A content item was shown in {@code zone}; {@code key} identifies one showing across screens (null = unique). */
  List<Increment> shown(String zone, String content, String key, long start, long end, long now) {
    prune(now);
    List<Showing> inZone = showings.computeIfAbsent(zone, z -> new ArrayList<>());
    if (key != null && inZone.stream().anyMatch(s -> key.equals(s.key) && s.content.equals(content))) {
      return List.of();
    }
    Showing s = new Showing(content, key, start, end);
    inZone.add(s);
    List<Increment> out = new ArrayList<>();
    out.add(new Increment(start, StatsKeys.field(content, zone, "shown")));
    for (Order o : orders.getOrDefault(zone, List.of())) {
      match(zone, s, o, out);
    }
    return out;
  }

  /** An order was confirmed in {@code zone} at {@code at}. */
  List<Increment> ordered(String zone, String orderId, long at, long now) {
    prune(now);
    Order o = new Order(orderId, at, new HashSet<>());
    orders.computeIfAbsent(zone, z -> new ArrayList<>()).add(o);
    List<Increment> out = new ArrayList<>();
    for (Showing s : showings.getOrDefault(zone, List.of())) {
      match(zone, s, o, out);
    }
    return out;
  }

  private void match(String zone, Showing s, Order o, List<Increment> out) {
    if (o.at() < s.start || o.at() > s.end + windowMillis) {
      return;
    }
    if (!s.converted) {
      s.converted = true;
      out.add(new Increment(s.start, StatsKeys.field(s.content, zone, "converted")));
    }
    if (o.contents().add(s.content)) {
      out.add(new Increment(o.at(), StatsKeys.field(s.content, zone, "orders")));
    }
  }

  private void prune(long now) {
    long horizon = now - windowMillis - SLACK_MILLIS;
    showings.values().forEach(l -> l.removeIf(s -> s.end < horizon));
    orders.values().forEach(l -> l.removeIf(o -> o.at() < horizon));
  }
}
