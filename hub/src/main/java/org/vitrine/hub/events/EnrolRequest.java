package org.vitrine.hub.events;

/** Enrol the face now seen by the check-in camera for this consenting shopper ({@code via}: how consent was given). */
public record EnrolRequest(String shopper, String via) {
}
