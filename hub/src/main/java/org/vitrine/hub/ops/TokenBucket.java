package org.vitrine.hub.ops;

import java.util.function.LongSupplier;

/**
 * A rate limit for one client: up to {@code burst} at once, refilled at {@code perSecond}. Not
 * thread-safe: one per socket, used on its event loop. Pure apart from the clock it is given.
 */
public final class TokenBucket {

  private final double burst;
  private final double perMilli;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  public TokenBucket(double burst, double perSecond, LongSupplier clock) {
    this.burst = burst;
    this.perMilli = perSecond / 1000.0;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.getAsLong();
  }

  public TokenBucket(double burst, double perSecond) {
    this(burst, perSecond, System::currentTimeMillis);
  }

  /** Takes one if there is one. */
  public boolean take() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * perMilli);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
