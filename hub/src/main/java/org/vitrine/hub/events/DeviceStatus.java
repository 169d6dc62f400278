package org.vitrine.hub.events;

/** A device connected to or disconnected from the hub. */
public record DeviceStatus(String device, String kind, boolean online, long at) {
}
