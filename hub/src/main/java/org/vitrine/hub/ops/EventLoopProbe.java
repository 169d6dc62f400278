package org.vitrine.hub.ops;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures event-loop delay: a timer every {@value #PERIOD_MS} ms on each event loop records how
 * late it fires. A blocked loop shows up here (and in /api/health) before shoppers notice.
 */
public final class EventLoopProbe extends VerticleBase {

  static final long PERIOD_MS = 50;
  private static final int WINDOW = 4096;

  /** Shared by the probe instances of one hub: the last {@value #WINDOW} delays in microseconds. */
  public static final class Samples {
    private final long[] ring = new long[WINDOW];
    private int next;
    private int size;

    synchronized void add(long micros) {
      ring[next] = micros;
      next = (next + 1) % WINDOW;
      size = Math.min(size + 1, WINDOW);
    }

    /** p50, p99 and max of the recent window, in milliseconds. */
    public synchronized Map<String, Double> summary() {
      long[] copy = Arrays.copyOf(ring, size);
      Arrays.sort(copy);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("p50", size == 0 ? 0 : copy[(int) Math.floor(0.50 * (size - 1))] / 1000.0);
      m.put("p99", size == 0 ? 0 : copy[(int) Math.floor(0.99 * (size - 1))] / 1000.0);
      m.put("max", size == 0 ? 0 : copy[size - 1] / 1000.0);
      m.put("samples", (double) size);
      return m;
    }
  }

  private final Samples samples;
  private long expected;
  private long timer;

  public EventLoopProbe(Samples samples) {
    this.samples = samples;
  }

  @Override
  public Future<?> start() {
    expected = System.nanoTime() + PERIOD_MS * 1_000_000;
    timer = vertx.setPeriodic(PERIOD_MS, id -> {
      long now = System.nanoTime();
      samples.add(Math.max(0, (now - expected) / 1000));
      expected = now + PERIOD_MS * 1_000_000;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
