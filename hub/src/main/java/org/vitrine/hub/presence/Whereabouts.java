package org.vitrine.hub.presence;

/** Where a recognised shopper is: zone, since when, last seen (epoch ms). Stored in vitrine:presence. */
public record Whereabouts(String zone, long since, long lastSeen) {
}
