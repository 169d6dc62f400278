package org.vitrine.hub.presence;

/**
 * Where a recognised shopper is: zone, since when, last seen (epoch ms). Stored in vitrine:presence.
 * {@code enteredBy}: the camera that saw them come into the zone (dwell rules' nearest screen);
 * {@code lastCamera}: the one that saw them last there (leave rules' nearest screen). Either is
 * null in presence stored before they were kept.
 */
public record Whereabouts(String zone, long since, long lastSeen, String enteredBy, String lastCamera) {

  public Whereabouts(String zone, long since, long lastSeen) {
    this(zone, since, lastSeen, null, null);
  }
}
