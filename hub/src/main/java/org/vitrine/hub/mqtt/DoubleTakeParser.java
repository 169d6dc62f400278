package org.vitrine.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.events.Sighting;

/**
 * Double Take's {@code double-take/matches/<name>} as a sighting of that person: zone of {@code
 * camera} (or of a mapped one of {@code zones}), confidence {@code match.confidence} (percent).
 * A payload carrying the face picture ({@code match.base64}) is refused: no image enters the hub.
 */
final class DoubleTakeParser {

  static final String PREFIX = "double-take/matches/";

  private DoubleTakeParser() {
  }

  static Sighting parse(byte[] payload, String topic, Device device, long receivedAt) throws SightingParser.Rejection {
    JsonNode root = ForeignJson.object(payload);
    String camera = ForeignJson.text(root, "camera", "camera", true);
    List<String> theirZones = ForeignJson.texts(root, "zones", "zones");
    String zone = device.zoneFor(camera, theirZones);
    if (zone == null) {
      throw new SightingParser.Rejection("invalid-sighting", "camera: unknown camera '" + ForeignJson.abbreviate(camera)
          + "' (cameras of device '" + device.id() + "' in store.yaml: " + String.join(", ", device.cameras().keySet()) + ")");
    }
    JsonNode match = root.get("match");
    if (match == null || !match.isObject()) {
      throw new SightingParser.Rejection("invalid-sighting", "match: required (the recognised face)");
    }
    if (match.path("base64").isTextual() && !match.get("base64").textValue().isEmpty()) {
      throw new SightingParser.Rejection("invalid-sighting",
          "match.base64: face images are not accepted; set detect.match.base64: false in Double Take");
    }
    String name = ForeignJson.text(match, "name", "match.name", false);
    if (name == null) {
      name = topic.substring(PREFIX.length());
    }
    Double confidence = null;
    JsonNode c = match.get("confidence");
    if (c != null && !c.isNull()) {
      if (!c.isNumber() || c.doubleValue() < 0 || c.doubleValue() > 100) {
        throw new SightingParser.Rejection("invalid-sighting", "match.confidence: must be a percentage from 0 to 100, got " + c);
      }
      confidence = c.doubleValue() / 100;
    }
    String id = ForeignJson.text(root, "id", "id", false);
    long ts = receivedAt;
    String when = ForeignJson.text(root, "timestamp", "timestamp", false);
    if (when != null) {
      try {
        ts = Instant.parse(when).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new SightingParser.Rejection("invalid-sighting", "timestamp: must be ISO-8601 like 2021-06-17T05:01:36.030Z, got "
            + ForeignJson.abbreviate(when));
      }
    }
    String shopper = ForeignJson.shopperId(name, "match.name");
    String track = FrigateParser.track("double-take:" + (id != null ? id : camera + ":" + shopper));
    return new Sighting(device.id(), zone, track, shopper, confidence, ts, null, null, null);
  }
}
