package org.vitrine.hub.catalog;

/** An area of the store watched by cameras and served by screens. */
public record Zone(String id, String name) {
}
