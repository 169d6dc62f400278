package org.vitrine.hub.events;

/**
 * A shopper's basket changed ({@code what}: added, removed, settled, refused) — for the phone page's
 * live view and the bench. {@code basket} is the basket id, {@code receipt} the receipt id once settled.
 */
public record BasketChanged(String shopper, String basket, String what, String receipt, long at) {
}
