package org.vitrine.hub.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitrine.hub.events.ZoneChange;

/**
 * Who is in which zone, as a pure state machine (no I/O, no clock of its own): a shopper is in the
 * zone of the last camera that saw them, until another camera sees them or they are silent for
 * longer than the silence timeout. Times are the hub's receive times, so camera clock skew
 * cannot reorder moves.
 */
public final class PresenceTracker {

  private final long silenceMillis;
  private final Map<String, Whereabouts> byShopper = new HashMap<>();

  public PresenceTracker(long silenceMillis) {
    this.silenceMillis = silenceMillis;
  }

  public void restore(String shopper, Whereabouts w) {
    byShopper.put(shopper, w);
  }

  /** Records a sighting; returns the move it implies, if any. */
  public Optional<ZoneChange> sighted(String shopper, String zone, long at, String trace) {
    return sighted(shopper, zone, at, trace, null);
  }

  /** Records a sighting by {@code device}; returns the move it implies, if any. */
  public Optional<ZoneChange> sighted(String shopper, String zone, long at, String trace, String device) {
    Whereabouts before = byShopper.get(shopper);
    if (before != null && before.zone().equals(zone)) {
      boolean latest = at >= before.lastSeen();
      byShopper.put(shopper, new Whereabouts(zone, before.since(), Math.max(at, before.lastSeen()), before.enteredBy(),
          latest && device != null ? device : before.lastCamera()));
      return Optional.empty();
    }
    byShopper.put(shopper, new Whereabouts(zone, at, at, device, device));
    return Optional.of(new ZoneChange(shopper, before == null ? null : before.zone(), zone, at, "sighting", trace, device,
        before == null ? null : before.lastCamera()));
  }

  /** Everyone unseen for longer than the silence timeout leaves the store. */
  public List<ZoneChange> expire(long now) {
    List<ZoneChange> gone = new ArrayList<>();
    byShopper.entrySet().removeIf(e -> {
      if (now - e.getValue().lastSeen() > silenceMillis) {
        gone.add(new ZoneChange(e.getKey(), e.getValue().zone(), null, now, "silence", null, null, e.getValue().lastCamera()));
        return true;
      }
      return false;
    });
    return gone;
  }

  /** Erasure: the shopper is no longer anywhere, without a zone change (nothing may be decided for them). */
  public void forget(String shopper) {
    byShopper.remove(shopper);
  }

  public Optional<Whereabouts> whereIs(String shopper) {
    return Optional.ofNullable(byShopper.get(shopper));
  }
}
