package org.vitrine.hub.events;

/**
 * A recognised shopper moved: {@code from} is null when they came into the store, {@code to} is
 * null when they went silent (left the store). {@code cause}: "sighting" or "silence".
 * {@code device}: the camera whose sighting made the move (null for silence), so that "the screen
 * nearest the shopper" is the one near that camera.
 */
public record ZoneChange(String shopper, String from, String to, long at, String cause, String trace, String device) {

  public ZoneChange(String shopper, String from, String to, long at, String cause, String trace) {
    this(shopper, from, to, at, cause, trace, null);
  }
}
