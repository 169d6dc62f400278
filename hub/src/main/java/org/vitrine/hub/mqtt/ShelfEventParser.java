package org.vitrine.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.StoreEvent;

/**
 * A shelf's event ({@code vitrine/v1/devices/<id>/events}, ARCHITECTURE.md):
 * {@code {"v":1,"type":"pickup","product":"trail-runner","ts":1700000000000}} → a pickup (or, with
 * {@code "putback"}, a put-back: commerce takes it out of the basket) {@link StoreEvent} in the shelf's zone. Shelves do not know who picked a product up.
 */
final class ShelfEventParser {

  private static final Set<String> FIELDS = Set.of("v", "type", "product", "ts", "trace");
  private static final Set<String> TYPES = Set.of("pickup", "putback");

  private ShelfEventParser() {
  }

  static StoreEvent parse(byte[] payload, Device shelf, long receivedAt) throws SightingParser.Rejection {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(payload);
    } catch (java.io.IOException e) {
      throw new SightingParser.Rejection("malformed-json", "payload is not JSON: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    if (root == null || !root.isObject()) {
      throw new SightingParser.Rejection("invalid-event", "payload must be a JSON object");
    }
    for (var names = root.fieldNames(); names.hasNext(); ) {
      String f = names.next();
      if (!FIELDS.contains(f)) {
        throw new SightingParser.Rejection("invalid-event", "unknown field '" + f + "' (allowed: v, type, product, ts, trace)");
      }
    }
    String type = root.path("type").asText("");
    if (!TYPES.contains(type)) {
      throw new SightingParser.Rejection("invalid-event", "type: must be pickup or putback, got '" + type + "'");
    }
    String product = root.path("product").asText("");
    if (!product.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new SightingParser.Rejection("invalid-event", "product: a product id (letters, digits, - _ .) is required");
    }
    JsonNode ts = root.get("ts");
    if (ts != null && !ts.canConvertToLong()) {
      throw new SightingParser.Rejection("invalid-event", "ts: epoch milliseconds expected");
    }
    JsonNode trace = root.get("trace");
    // a shelf's clock may be off: a timestamp far from ours is replaced by the time it arrived
    long at = ts == null || Math.abs(ts.asLong() - receivedAt) > 60_000 ? receivedAt : ts.asLong();
    return new StoreEvent(type, shelf.zone(), null, shelf.id(), null, null, product, null, at,
        trace == null ? null : trace.asText());
  }
}
