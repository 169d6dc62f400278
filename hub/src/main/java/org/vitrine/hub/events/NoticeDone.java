package org.vitrine.hub.events;

/** A console user marked a staff notice as dealt with ({@code by}: their user name). */
public record NoticeDone(String id, String by, long at) {
}
