package org.vitrine.hub.events;

/** Something to publish to a device, on {@code vitrine/v1/devices/<device>/<channel>}. */
public record DeviceMessage(String device, String channel, String payload, int qos) {
}
