package org.vitrine.hub.events;

/** A paired screen's or browser speaker's credential was issued anew or revoked: live sockets holding the old one close. */
public record CredentialsChanged(String kind, String id, long at) {
}
