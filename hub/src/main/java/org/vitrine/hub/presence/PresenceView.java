package org.vitrine.hub.presence;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vitrine.hub.events.ZoneChange;

/**
 * Who is where now, as the zone changes ({@code vitrine.presence.changed}) tell it: one per hub
 * process, fed by {@link PresenceFeed}, read by presence, the decisions and analytics when they
 * start and by the speakers ("what do you recommend" asks who came into the speaker's zone last).
 * Pure: no I/O, no clock. Thread-safe, as the speakers' recognition workers read it.
 *
 * <p>A shopper's {@code lastSeen} is that of the stored presence it started from, or of their last
 * zone change: sightings within a zone are presence's own business ({@link PresenceTracker}).
 */
public final class PresenceView {

  private final Map<String, Whereabouts> byShopper = new ConcurrentHashMap<>();

  /** The presence stored before this start (a restart knows who is where). */
  public void restore(Map<String, Whereabouts> stored) {
    byShopper.putAll(stored);
  }

  public void apply(ZoneChange c) {
    if (c.to() == null) {
      byShopper.remove(c.shopper());
    } else {
      byShopper.put(c.shopper(), new Whereabouts(c.to(), c.at(), c.at(), c.device(), c.device()));
    }
  }

  /** Erasure: nobody by that id is anywhere any more. */
  public void forget(String shopper) {
    byShopper.remove(shopper);
  }

  /** Everyone present (shopper → whereabouts), a copy. */
  public Map<String, Whereabouts> all() {
    return new HashMap<>(byShopper);
  }

  public Optional<Whereabouts> whereIs(String shopper) {
    return Optional.ofNullable(byShopper.get(shopper));
  }

  /** The recognised shopper who came into the zone last. */
  public Optional<String> lastIn(String zone) {
    String last = null;
    long since = Long.MIN_VALUE;
    for (Map.Entry<String, Whereabouts> e : byShopper.entrySet()) {
      if (zone.equals(e.getValue().zone()) && e.getValue().since() > since) {
        last = e.getKey();
        since = e.getValue().since();
      }
    }
    return Optional.ofNullable(last);
  }
}
