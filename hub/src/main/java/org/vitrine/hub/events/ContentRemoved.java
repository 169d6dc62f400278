package org.vitrine.hub.events;

/** A content item was deleted: screens showing it must stop at once. */
public record ContentRemoved(String content) {
}
