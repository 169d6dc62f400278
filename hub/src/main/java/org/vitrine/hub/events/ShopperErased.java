package org.vitrine.hub.events;

/** A shopper asked to be forgotten: every in-memory trace goes now, Redis is cleaned by the Eraser. */
public record ShopperErased(String shopper, long at) {
}
