package org.vitrine.hub.events;

/**
 * A recognised shopper moved: {@code from} is null when they came into the store, {@code to} is
 * null when they went silent (left the store). {@code cause}: "sighting" or "silence".
 */
public record ZoneChange(String shopper, String from, String to, long at, String cause, String trace) {
}
