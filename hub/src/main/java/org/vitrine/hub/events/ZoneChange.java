package org.vitrine.hub.events;

/**
 * A recognised shopper moved: {@code from} is null when they came into the store, {@code to} is
 * null when they went silent (left the store). {@code cause}: "sighting" or "silence".
 * {@code device}: the camera whose sighting made the move (null for silence), so that "the screen
 * nearest the shopper" is the one near that camera. {@code fromDevice}: the camera that saw them
 * last in {@code from} (null when unknown), for the leave rules' nearest screen.
 */
public record ZoneChange(String shopper, String from, String to, long at, String cause, String trace, String device,
    String fromDevice) {

  public ZoneChange(String shopper, String from, String to, long at, String cause, String trace) {
    this(shopper, from, to, at, cause, trace, null, null);
  }
}
