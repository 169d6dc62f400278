package org.vitrine.devices.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One sighting as published by a camera (ARCHITECTURE.md, "Sighting"). {@code shopper} is null for
 * anonymous people and then left out of the payload: the hub must never get a profile id it
 * did not recognise.
 */
public record Sighting(long ts, String track, String shopper, double confidence) {

    public static final int VERSION = 1;

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("v", VERSION).put("ts", ts).put("track", track);
        if (shopper != null) {
            json.put("shopper", shopper);
        }
        return json.put("confidence", confidence);
    }

    public Buffer toBuffer() {
        return toJson().toBuffer();
    }
}
