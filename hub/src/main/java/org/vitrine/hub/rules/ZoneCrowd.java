package org.vitrine.hub.rules;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Anonymous people per zone: tracks seen within the last {@link #WINDOW_MILLIS}. Counts only, no identity. */
public final class ZoneCrowd {

  static final long WINDOW_MILLIS = 30_000;

  private final Map<String, Map<String, Long>> lastSeen = new HashMap<>();

  public void seen(String zone, String track, long at) {
    lastSeen.computeIfAbsent(zone, z -> new HashMap<>()).put(track, at);
  }

  public int count(String zone, long now) {
    Map<String, Long> tracks = lastSeen.get(zone);
    if (tracks == null) {
      return 0;
    }
    for (Iterator<Long> it = tracks.values().iterator(); it.hasNext(); ) {
      if (now - it.next() > WINDOW_MILLIS) {
        it.remove(); // pruned while counting: the map never holds more than 30 s of tracks
      }
    }
    return tracks.size();
  }
}
