package org.vitrine.hub.events;

/** What an RFID reader or an exit gate published, as received (commerce parses it): device, its kind, the payload, when. */
public record DeviceReport(String device, String kind, byte[] payload, long receivedAt) {
}
