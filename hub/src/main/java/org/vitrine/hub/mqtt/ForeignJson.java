package org.vitrine.hub.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vitrine.hub.events.Json;

/** Reading the payloads of systems that are not ours (Frigate, Double Take): lenient about extra fields, strict about the ones we use. */
final class ForeignJson {

  private ForeignJson() {
  }

  static JsonNode object(byte[] payload) throws SightingParser.Rejection {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new SightingParser.Rejection("malformed-json", "payload is not JSON: " + e.getOriginalMessage().split("\n")[0]);
    } catch (java.io.IOException e) {
      throw new SightingParser.Rejection("malformed-json", "payload is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SightingParser.Rejection("invalid-sighting", "payload must be a JSON object");
    }
    return root;
  }

  static String text(JsonNode parent, String field, String at, boolean required) throws SightingParser.Rejection {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new SightingParser.Rejection("invalid-sighting", at + ": required");
      }
      return null;
    }
    if (!n.isTextual() || n.textValue().isBlank() || n.textValue().length() > 128) {
      throw new SightingParser.Rejection("invalid-sighting", at + ": must be a non-empty string of at most 128 characters, got "
          + abbreviate(n.toString()));
    }
    return n.textValue();
  }

  static List<String> texts(JsonNode parent, String field, String at) throws SightingParser.Rejection {
    JsonNode n = parent.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new SightingParser.Rejection("invalid-sighting", at + ": must be an array of zone names, got " + abbreviate(n.toString()));
    }
    for (JsonNode z : n) {
      if (!z.isTextual()) {
        throw new SightingParser.Rejection("invalid-sighting", at + ": must be an array of zone names, got " + abbreviate(n.toString()));
      }
      out.add(z.textValue());
    }
    return out;
  }

  /** A name as they spell it ("Anna") → a shopper id ("anna"); at most 64 characters. */
  static String shopperId(String name, String at) throws SightingParser.Rejection {
    String id = name.trim().toLowerCase(Locale.ROOT);
    if (id.isEmpty() || id.length() > 64) {
      throw new SightingParser.Rejection("invalid-sighting", at + ": a name of 1 to 64 characters, got " + abbreviate(name));
    }
    return id;
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
