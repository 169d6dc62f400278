package org.vitrine.hub.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The dwell-time histogram: visits are counted in buckets bounded by {@code bounds} (seconds,
 * increasing; bucket i holds [bounds[i-1], bounds[i]), the last one everything longer).
 */
public final class DwellBuckets {

  private final List<Integer> bounds;

  public DwellBuckets(List<Integer> bounds) {
    this.bounds = List.copyOf(bounds);
  }

  public int size() {
    return bounds.size() + 1;
  }

  /** The bucket of a visit of {@code seconds} (whole seconds). */
  public int of(long seconds) {
    for (int i = 0; i < bounds.size(); i++) {
      if (seconds < bounds.get(i)) {
        return i;
      }
    }
    return bounds.size();
  }

  /** Lower bound (seconds) of each bucket: the key of its column ("b0", "b60", ...). */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    keys.add("b0");
    bounds.forEach(b -> keys.add("b" + b));
    return keys;
  }

  /** "< 1 min", "1–5 min", ..., "≥ 60 min" (seconds when a bound is no whole minute). */
  public List<String> labels() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i <= bounds.size(); i++) {
      if (i == 0) {
        labels.add("< " + human(bounds.get(0)));
      } else if (i == bounds.size()) {
        labels.add("≥ " + human(bounds.get(i - 1)));
      } else {
        String lo = human(bounds.get(i - 1));
        String hi = human(bounds.get(i));
        boolean sameUnit = lo.endsWith(" min") == hi.endsWith(" min");
        labels.add((sameUnit ? lo.replaceAll(" (min|s)$", "") : lo) + "–" + hi);
      }
    }
    return labels;
  }

  private static String human(int seconds) {
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }
}
