package org.vitrine.hub.director;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Dwell events in time: for a shopper in a zone, a timer per distinct dwell threshold of the
 * zone's rules that is still ahead. Also remembers the camera that saw them come in, the nearest
 * screen of dwell rules, for when the timers are armed again (new thresholds published).
 */
final class DwellTimers {

  /** A threshold is reached: {@code device} is the camera that saw them come in (null: the zone's first). */
  interface Due {
    void reached(String shopper, String zone, long since, String device, int seconds);
  }

  private final Vertx vertx;
  private final Function<String, int[]> thresholds;
  private final Due due;
  /** Timers per "shopper\0zone". */
  private final Map<String, List<Long>> timers = new HashMap<>();
  /** shopper + zone → the camera that saw them come in. */
  private final Map<String, String> entryCamera = new HashMap<>();

  /** {@code thresholds}: a zone's dwell thresholds in seconds, as the rules published now have them. */
  DwellTimers(Vertx vertx, Function<String, int[]> thresholds, Due due) {
    this.vertx = vertx;
    this.thresholds = thresholds;
    this.due = due;
  }

  /** Key of the per-shopper-and-zone maps. */
  private static String shopperIn(String shopper, String zone) {
    return shopper + '\u0000' + zone;
  }

  /** The shopper is in the zone since {@code since}, brought in by {@code device} (null if unknown). */
  void entered(String shopper, String zone, long since, long now, String device) {
    if (device != null) {
      entryCamera.put(shopperIn(shopper, zone), device);
    }
    arm(shopper, zone, since, now, device);
  }

  /** The shopper left the zone (or was erased): nothing more is due. */
  void left(String shopper, String zone) {
    cancel(shopper, zone);
    entryCamera.remove(shopperIn(shopper, zone));
  }

  /** The thresholds changed: timers again from {@code since}, with the camera remembered. */
  void rearm(String shopper, String zone, long since, long now) {
    cancel(shopper, zone);
    arm(shopper, zone, since, now, entryCamera.get(shopperIn(shopper, zone)));
  }

  private void arm(String shopper, String zone, long since, long now, String device) {
    int[] seconds = thresholds.apply(zone);
    if (seconds.length == 0) {
      return;
    }
    List<Long> ids = timers.computeIfAbsent(shopperIn(shopper, zone), k -> new ArrayList<>());
    for (int s : seconds) {
      long in = since + s * 1000L - now;
      if (in <= 0) {
        continue; // passed already (restart, rule published later): not fired late
      }
      ids.add(vertx.setTimer(in, id -> due.reached(shopper, zone, since, device, s)));
    }
  }

  private void cancel(String shopper, String zone) {
    List<Long> ids = timers.remove(shopperIn(shopper, zone));
    if (ids != null) {
      ids.forEach(vertx::cancelTimer);
    }
  }
}
