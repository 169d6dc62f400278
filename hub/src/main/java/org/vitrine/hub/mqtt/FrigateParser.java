package org.vitrine.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.events.Sighting;

/**
 * Frigate's {@code frigate/events} (new / update / end of a tracked object) as a sighting: the
 * person is {@code after.sub_label} (a string, or [name, score] since Frigate 0.14) when Frigate's
 * face recognition named them, else anonymous; the zone is the store zone of one of {@code
 * after.current_zones} mapped in the device's {@code zones}, else of {@code after.camera} in its
 * {@code cameras}. Returns null for events that are no sighting of a person (other labels, false
 * positives, the end of an event: the person then leaves by silence like any other).
 */
final class FrigateParser {

  private FrigateParser() {
  }

  static Sighting parse(byte[] payload, Device device, long receivedAt) throws SightingParser.Rejection {
    JsonNode root = ForeignJson.object(payload);
    String type = ForeignJson.text(root, "type", "type", true);
    if (!List.of("new", "update", "end").contains(type)) {
      throw new SightingParser.Rejection("invalid-sighting", "type: must be new, update or end, got '" + ForeignJson.abbreviate(type) + "'");
    }
    JsonNode after = root.get("after");
    if (after == null || !after.isObject()) {
      throw new SightingParser.Rejection("invalid-sighting", "after: required (the tracked object's state)");
    }
    String id = ForeignJson.text(after, "id", "after.id", true);
    String camera = ForeignJson.text(after, "camera", "after.camera", true);
    List<String> theirZones = ForeignJson.texts(after, "current_zones", "after.current_zones");
    String zone = device.zoneFor(camera, theirZones);
    if (zone == null) {
      throw new SightingParser.Rejection("invalid-sighting", "after.camera: unknown camera '" + ForeignJson.abbreviate(camera)
          + "' (cameras of device '" + device.id() + "' in store.yaml: " + String.join(", ", device.cameras().keySet()) + ")");
    }
    String label = ForeignJson.text(after, "label", "after.label", false);
    if ("end".equals(type) || (label != null && !"person".equals(label)) || after.path("false_positive").asBoolean(false)) {
      return null;
    }
    String shopper = null;
    Double confidence = null;
    JsonNode sub = after.get("sub_label");
    if (sub != null && !sub.isNull()) {
      JsonNode name = sub.isArray() ? sub.get(0) : sub;
      if (name == null || !name.isTextual()) {
        throw new SightingParser.Rejection("invalid-sighting", "after.sub_label: must be a name or [name, score], got "
            + ForeignJson.abbreviate(sub.toString()));
      }
      shopper = ForeignJson.shopperId(name.textValue(), "after.sub_label");
      JsonNode score = sub.isArray() ? sub.get(1) : null;
      if (score != null && score.isNumber() && score.doubleValue() >= 0 && score.doubleValue() <= 1) {
        confidence = score.doubleValue();
      }
    }
    long ts = after.path("frame_time").isNumber() ? Math.round(after.get("frame_time").doubleValue() * 1000) : receivedAt;
    return new Sighting(device.id(), zone, track("frigate:" + id), shopper, confidence, ts, null, null, null);
  }

  static String track(String t) {
    return t.length() > 64 ? t.substring(0, 64) : t;
  }
}
