package org.vitrine.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Book-keeping shared by the publisher (one event loop) and the screens (other loops): when each
 * sighting was published (indexed by its sequence number, which is also its trace {@code b<seq>}),
 * how many of its plays are still expected, and the latency histograms.
 *
 * <p>Sequence k is for shopper i = k mod Z (zone i); its round r = k / Z; it is a sighting in zone i
 * when (r + i) is even and in the shared aisle otherwise, so every shopper alternates zone/aisle
 * and each batch mixes plays and resumes.
 */
final class PlayTracker {

  static final long HIGHEST_MICROS = 300_000_000L;

  final int zones;
  final int perZone;
  final int capacity;
  private final AtomicLongArray publishedAt;
  private final AtomicIntegerArray remaining;
  /** Per zone: publish time of the latest aisle sighting of that zone's shopper (for resume latency). */
  private final AtomicLongArray aislePublishedAt;

  volatile long measureFromSeq = Long.MAX_VALUE;
  volatile long measureToSeq = Long.MAX_VALUE;
  volatile long measureStartNanos = Long.MAX_VALUE;
  volatile long measureEndNanos = Long.MAX_VALUE;

  final Histogram playLatency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
  final Histogram resumeLatency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
  /** Plays of measured sightings still expected (K per measured zone sighting). */
  final AtomicLong outstanding = new AtomicLong();
  final AtomicLong expectedPlays = new AtomicLong();
  final AtomicLong measuredPlays = new AtomicLong();
  final AtomicLong warmupPlays = new AtomicLong();
  final AtomicLong duplicatePlays = new AtomicLong();
  final AtomicLong wrongZonePlays = new AtomicLong();
  final AtomicLong wrongZonePlaysMeasured = new AtomicLong();
  final AtomicLong untracedPlays = new AtomicLong();
  final AtomicLong resumes = new AtomicLong();
  final AtomicLong errorFrames = new AtomicLong();
  final AtomicLong otherFrames = new AtomicLong();
  final AtomicLong screenCloses = new AtomicLong();
  /** Received per second of the measured window (by receive time), plus overflow buckets. */
  final AtomicLongArray playsPerSecond;
  final AtomicLongArray resumesPerSecond;

  PlayTracker(int zones, int perZone, int capacity, int seconds) {
    this.zones = zones;
    this.perZone = perZone;
    this.capacity = capacity;
    this.publishedAt = new AtomicLongArray(capacity);
    this.remaining = new AtomicIntegerArray(capacity);
    this.aislePublishedAt = new AtomicLongArray(zones);
    this.playsPerSecond = new AtomicLongArray(seconds + 1);
    this.resumesPerSecond = new AtomicLongArray(seconds + 1);
  }

  int zoneOf(long seq) {
    return (int) (seq % zones);
  }

  boolean isZoneSighting(long seq) {
    long round = seq / zones;
    return ((round + zoneOf(seq)) & 1) == 0;
  }

  boolean measured(long seq) {
    return seq >= measureFromSeq && seq < measureToSeq;
  }

  /** Called by the publisher just before it publishes sighting {@code seq}. */
  void published(long seq, long nanos, boolean zoneSighting, boolean measured) {
    publishedAt.set((int) seq, nanos);
    if (zoneSighting) {
      remaining.set((int) seq, perZone);
      if (measured) {
        expectedPlays.addAndGet(perZone);
        outstanding.addAndGet(perZone);
      }
    } else {
      aislePublishedAt.set(zoneOf(seq), nanos);
    }
  }

  /** The publish failed (e.g. MQTT in-flight window full): no play is expected from it. */
  void publishFailed(long seq, boolean zoneSighting, boolean measured) {
    if (zoneSighting) {
      int left = remaining.getAndSet((int) seq, 0);
      if (measured && left > 0) {
        expectedPlays.addAndGet(-perZone);
        outstanding.addAndGet(-left);
      }
    }
  }

  /** A screen of zone {@code zone} received a play frame. */
  void onPlay(int zone, String frame, long now) {
    bucket(playsPerSecond, now);
    long seq = traceSeq(frame);
    if (seq < 0 || seq >= capacity) {
      untracedPlays.incrementAndGet();
      return;
    }
    if (zoneOf(seq) != zone || !isZoneSighting(seq)) {
      // A play whose trace is not a sighting into this zone (e.g. the aisle sighting that made
      // the shopper leave): the hub attributed the play to another sighting.
      wrongZonePlays.incrementAndGet();
      if (measured(seq)) {
        wrongZonePlaysMeasured.incrementAndGet();
      }
      return;
    }
    int left = remaining.decrementAndGet((int) seq);
    if (left < 0) {
      remaining.incrementAndGet((int) seq);
      duplicatePlays.incrementAndGet();
      return;
    }
    if (measured(seq)) {
      long micros = Math.max(0, (now - publishedAt.get((int) seq)) / 1000);
      playLatency.recordValue(Math.min(micros, HIGHEST_MICROS));
      measuredPlays.incrementAndGet();
      outstanding.decrementAndGet();
    } else {
      warmupPlays.incrementAndGet();
    }
  }

  /**
   * A screen of zone {@code zone} received a resume. Resumes carry no trace; the latency is taken
   * from the latest aisle sighting of the zone's shopper, exact unless a resume is later than one
   * full alternation period (2 Z / R seconds).
   */
  void onResume(int zone, long now) {
    bucket(resumesPerSecond, now);
    resumes.incrementAndGet();
    long at = aislePublishedAt.get(zone);
    if (at != 0 && at >= measureStartNanos && at < measureEndNanos) {
      resumeLatency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - at) / 1000)));
    }
  }

  private void bucket(AtomicLongArray perSecond, long now) {
    long start = measureStartNanos;
    if (now < start || now >= measureEndNanos) {
      return;
    }
    int s = (int) ((now - start) / 1_000_000_000L);
    if (s < perSecond.length()) {
      perSecond.incrementAndGet(s);
    }
  }

  /** Cheap extraction of the trace {@code b<digits>} from a play frame; -1 if absent. */
  static long traceSeq(String frame) {
    int i = frame.indexOf("\"trace\":\"b");
    if (i < 0) {
      return -1;
    }
    i += 10;
    long n = 0;
    int digits = 0;
    for (; i < frame.length(); i++) {
      char c = frame.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      n = n * 10 + (c - '0');
      digits++;
    }
    return digits == 0 || digits > 12 || i >= frame.length() || frame.charAt(i) != '"' ? -1 : n;
  }
}
