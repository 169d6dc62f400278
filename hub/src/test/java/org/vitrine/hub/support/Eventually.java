package org.vitrine.hub.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads hub state until it is what a test expects, or the time is up: an MQTT PUBACK or a screen
 * frame says a message arrived, not that every Redis write it causes has landed. Returns the last
 * value read, for the test to assert on (so a failure shows what the hub had instead).
 */
public final class Eventually {

  private Eventually() {
  }

  public static <T> T value(Supplier<T> read, Predicate<T> expected, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    T value = read.get();
    while (!expected.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return value;
      }
      value = read.get();
    }
    return value;
  }

  /** {@link #value} with a 10 s limit. */
  public static <T> T value(Supplier<T> read, Predicate<T> expected) {
    return value(read, expected, Duration.ofSeconds(10));
  }
}
