package org.vitrine.hub.events;

/**
 * Something to publish to a device on an exact topic outside its {@code vitrine/v1/devices/<id>/}
 * prefix (Hermes topics of a speaker), delivered only if the device subscribed to it.
 * {@code payload} is the raw bytes (JSON text or a WAV file).
 */
public record HermesPublish(String device, String topic, byte[] payload) {
}
