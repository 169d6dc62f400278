package org.vitrine.hub.catalog;

/** A signage screen; it shows what its zone's stage decides. */
public record Screen(String id, String zone, String name) {
}
