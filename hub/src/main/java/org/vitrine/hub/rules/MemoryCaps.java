package org.vitrine.hub.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Frequency caps in memory, with the semantics of the Redis script of {@code director.RedisCaps}: a check
 * that passes counts; a refused one does not. For replay and preview-like simulations.
 */
public final class MemoryCaps {

  private record Window(long startedAt, long length, int count) {
  }

  private final Map<String, Window> counters = new HashMap<>();
  private final Map<String, Long> cooldownUntil = new HashMap<>();

  public CapVerdict take(Rule r, String shopperKey, long now) {
    Rule.Cap cap = r.capOrDefault();
    String key = r.id() + ":" + shopperKey;
    if (cap.cooldownOrZero() > 0 && cooldownUntil.getOrDefault(key, Long.MIN_VALUE) > now) {
      return CapVerdict.COOLDOWN;
    }
    if (count(key, now) >= cap.times()) {
      return CapVerdict.CAPPED;
    }
    if (r.ruleCap() != null && count("rule:" + r.id(), now) >= r.ruleCap().times()) {
      return CapVerdict.RULE_CAP;
    }
    increment(key, now, cap.perMinutes() * 60_000L);
    if (cap.cooldownOrZero() > 0) {
      cooldownUntil.put(key, now + cap.cooldownOrZero() * 1000L);
    }
    if (r.ruleCap() != null) {
      increment("rule:" + r.id(), now, r.ruleCap().perMinutes() * 60_000L);
    }
    return CapVerdict.OK;
  }

  private int count(String key, long now) {
    Window w = counters.get(key);
    return w == null || now >= w.startedAt() + w.length() ? 0 : w.count();
  }

  /** Like INCR with PEXPIRE on the first: the window starts at the first showing. */
  private void increment(String key, long now, long length) {
    Window w = counters.get(key);
    if (w == null || now >= w.startedAt() + w.length()) {
      counters.put(key, new Window(now, length, 1));
    } else {
      counters.put(key, new Window(w.startedAt(), w.length(), w.count() + 1));
    }
  }
}
