package org.vitrine.devices.sim;

/** A camera device from {@code store.yaml}: it logs in as {@code id} and reports sightings for {@code zone}. */
public record Camera(String id, String zone, String password) {

    /** The only topic a camera publishes on (ARCHITECTURE.md, MQTT). */
    public String sightingsTopic() {
        return "vitrine/v1/devices/" + id + "/sightings";
    }
}
