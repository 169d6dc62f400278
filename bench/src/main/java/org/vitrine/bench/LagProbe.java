package org.vitrine.bench;

import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

/**
 * How late a 10 ms timer fires on the calling verticle's event loop, recorded during the measured
 * window: if the bench client itself lags, its latencies are inflated and the report says so.
 */
final class LagProbe {

  static final long PERIOD_MS = 10;

  private LagProbe() {
  }

  static void install(Vertx vertx, Histogram into, PlayTracker tracker) {
    long[] expected = {System.nanoTime() + PERIOD_MS * 1_000_000};
    vertx.setPeriodic(PERIOD_MS, id -> {
      long now = System.nanoTime();
      if (now >= tracker.measureStartNanos && now < tracker.measureEndNanos) {
        into.recordValue(Math.min(PlayTracker.HIGHEST_MICROS, Math.max(0, (now - expected[0]) / 1000)));
      }
      expected[0] = now + PERIOD_MS * 1_000_000;
    });
  }
}
