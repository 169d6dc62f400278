package org.vitrine.hub.events;

/** A shopper's enrolled faces changed in Redis ({@code change}: "enrolled"); caches reload them. */
public record IdentityChanged(String shopper, String change) {
}
