package org.vitrine.hub.events;

/**
 * A Hermes audio frame of a speaker ({@code hermes/audioServer/<siteId>/audioFrame}): one WAV chunk,
 * 16 kHz 16-bit mono, as the satellite sent it (checked by the voice pipeline, not here).
 */
public record AudioFrame(String device, String siteId, byte[] wav, long receivedAt) {
}
