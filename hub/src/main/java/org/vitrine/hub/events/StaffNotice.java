package org.vitrine.hub.events;

/** Staff should act (a rule's notify action, a shopper asking for an assistant); shown live in the console. */
public record StaffNotice(String id, String zone, String shopper, String text, String rule, long at) {
}
