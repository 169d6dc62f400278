package org.vitrine.hub.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.vitrine.hub.events.Json;

/**
 * An exit gate's passage ({@code vitrine/v1/devices/<gate>/passages}):
 * {@code {"v":1,"passage":"p-000123","direction":"out","ts":1700000000000}}. {@code passage} is the
 * gate's own id for this passage: a gate re-sending it (QoS 1, a reconnect) gets the same answer and
 * no second charge. Pure.
 */
public final class GatePassages {

  /** One passage: the gate's id for it, out (leaving) or in, when (hub clock). */
  public record Passage(String id, boolean out, long at) {
  }

  private static final Set<String> FIELDS = Set.of("v", "passage", "direction", "ts");

  private GatePassages() {
  }

  public static Passage parse(byte[] payload, long receivedAt) throws ZebraTagEvents.Refused {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(payload);
    } catch (java.io.IOException e) {
      throw new ZebraTagEvents.Refused("malformed-json", "payload is not JSON: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    if (root == null || !root.isObject()) {
      throw new ZebraTagEvents.Refused("invalid-passage", "payload must be a JSON object");
    }
    for (var names = root.fieldNames(); names.hasNext(); ) {
      String f = names.next();
      if (!FIELDS.contains(f)) {
        throw new ZebraTagEvents.Refused("invalid-passage", "unknown field '" + f + "' (allowed: v, passage, direction, ts)");
      }
    }
    if (root.path("v").asInt(0) != 1) {
      throw new ZebraTagEvents.Refused("invalid-passage", "v: must be 1");
    }
    String id = root.path("passage").asText("");
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
      throw new ZebraTagEvents.Refused("invalid-passage", "passage: the gate's id for this passage (letters, digits, - _ . :) is required");
    }
    String direction = root.path("direction").asText("out");
    if (!direction.equals("out") && !direction.equals("in")) {
      throw new ZebraTagEvents.Refused("invalid-passage", "direction: out or in");
    }
    JsonNode ts = root.get("ts");
    if (ts != null && !ts.canConvertToLong()) {
      throw new ZebraTagEvents.Refused("invalid-passage", "ts: epoch milliseconds expected");
    }
    long at = ts == null || Math.abs(ts.asLong() - receivedAt) > ZebraTagEvents.CLOCK_SKEW_MILLIS ? receivedAt : ts.asLong();
    return new Passage(id, direction.equals("out"), at);
  }
}
