package org.vitrine.devices.camera;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One sighting as the camera agent publishes it on {@code vitrine/v1/devices/<camera>/sightings}:
 * the v1 sighting of ARCHITECTURE.md without {@code shopper} (the hub matches the embedding against
 * enrolled, consenting shoppers, so every camera shares one identity) plus
 * {@code embedding} (128 floats, L2-normalised, 4 decimals) and {@code quality} (0..1).
 * {@code embedding} is left out while no face of the track was good enough to embed: the hub
 * counts that person as anonymous. No pixels, ever.
 *
 * @param ts        epoch ms of the frame the person was seen in
 * @param embedding the track's best recent embedding, or null
 * @param quality   the quality of the face that embedding came from (else of the last face seen)
 */
public record CameraSighting(long ts, String track, float[] embedding, double quality) {

    public static final int VERSION = 1;

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("v", VERSION).put("ts", ts).put("track", track)
                .put("quality", Math.round(quality * 1000) / 1000d);
        if (embedding != null) {
            JsonArray values = new JsonArray();
            for (double v : Embeddings.round4(embedding)) {
                values.add(v);
            }
            json.put("embedding", values);
        }
        return json;
    }

    public Buffer toBuffer() {
        return toJson().toBuffer();
    }
}
