package org.vitrine.hub.events;

/** A zone's playlist (or content it uses) changed: its screens get the new playlist. */
public record PlaylistChanged(String zone) {
}
