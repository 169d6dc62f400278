package org.vitrine.hub.ops;

import java.util.concurrent.ConcurrentHashMap;

/** At most one "yes" per key and period: for logging and error replies to devices that repeat a mistake fast. */
public final class RateLimit {

  private final long periodMillis;
  private final ConcurrentHashMap<String, Long> last = new ConcurrentHashMap<>();

  public RateLimit(long periodMillis) {
    this.periodMillis = periodMillis;
  }

  public boolean allow(String key) {
    long now = System.currentTimeMillis();
    boolean[] yes = new boolean[1];
    last.compute(key, (k, t) -> {
      if (t == null || now - t >= periodMillis) {
        yes[0] = true;
        return now;
      }
      return t;
    });
    if (last.size() > 10_000) {
      last.clear();
    }
    return yes[0];
  }
}
