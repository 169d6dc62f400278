package org.vitrine.hub.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many requests a key (a client address) may make: a token bucket of {@code perMinute}
 * tokens, refilled at {@code perMinute} a minute. In memory, per hub instance: it bounds plain
 * request rates (each request costs Redis work, a check-in PBKDF2 work); failed proofs are counted
 * in Redis by {@code redis.FailureGate}. At most {@value #MAX_KEYS} keys are remembered (the
 * least recently seen go first), so a flood of addresses cannot fill the heap.
 */
public final class RequestBudget {

  static final int MAX_KEYS = 10_000;

  private record Bucket(double tokens, long at) {
  }

  private final double capacity;
  private final double perMilli;
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_KEYS;
    }
  };

  public RequestBudget(int perMinute, LongSupplier clock) {
    this.capacity = perMinute;
    this.perMilli = perMinute / 60_000.0;
    this.clock = clock;
  }

  public RequestBudget(int perMinute) {
    this(perMinute, System::currentTimeMillis);
  }

  /** Takes one request from the key's budget: 0 = go ahead, else the milliseconds until one is there. */
  public synchronized long take(String key) {
    long now = clock.getAsLong();
    Bucket b = buckets.get(key);
    double tokens = b == null ? capacity : Math.min(capacity, b.tokens() + (now - b.at()) * perMilli);
    if (tokens >= 1) {
      buckets.put(key, new Bucket(tokens - 1, now));
      return 0;
    }
    buckets.put(key, new Bucket(tokens, now));
    return (long) Math.ceil((1 - tokens) / perMilli);
  }
}
