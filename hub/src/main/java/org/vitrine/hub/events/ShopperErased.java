package org.vitrine.hub.events;

/**
 * A shopper asked to be forgotten: every in-memory trace of the visit goes now, Redis is cleaned by
 * the Eraser. {@code profile}: the loyalty profile went too (an admin's or the member system's
 * erasure), so the shopper is no member any more; false = only the visit ("forget me" on the phone).
 */
public record ShopperErased(String shopper, long at, boolean profile) {
}
