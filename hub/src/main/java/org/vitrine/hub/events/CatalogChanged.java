package org.vitrine.hub.events;

/** The store catalog of this hub instance was swapped; {@code what}: zones, screens, content, playlists, rules, shoppers, devices or conf. */
public record CatalogChanged(String what, java.util.List<String> ids) {
}
