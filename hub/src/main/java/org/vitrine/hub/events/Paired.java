package org.vitrine.hub.events;

/** An admin entered the code a waiting player showed: it becomes {@code kind} {@code id} with this {@code token} (to keep). */
public record Paired(String kind, String id, String token) {
}
