package org.vitrine.hub.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operational counters (sightings, rejections by reason, plays...). Thread-safe; the hub flushes
 * the deltas to Redis {@code vitrine:counters} so totals survive restarts.
 */
public final class Counters {

  private final Map<String, LongAdder> sinceStart = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> unflushed = new ConcurrentHashMap<>();

  public void increment(String name) {
    increment(name, 1);
  }

  public void increment(String name, long by) {
    sinceStart.computeIfAbsent(name, k -> new LongAdder()).add(by);
    unflushed.computeIfAbsent(name, k -> new LongAdder()).add(by);
  }

  public long get(String name) {
    LongAdder a = sinceStart.get(name);
    return a == null ? 0 : a.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    sinceStart.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** Deltas since the last call (for the Redis flush). */
  public Map<String, Long> drain() {
    Map<String, Long> m = new TreeMap<>();
    unflushed.forEach((k, v) -> {
      long n = v.sumThenReset();
      if (n != 0) {
        m.put(k, n);
      }
    });
    return m;
  }
}
