package org.vitrine.hub.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.Sighting;

/** Turns a sighting payload (ARCHITECTURE.md, "Sighting") into a {@link Sighting}, or says why not. */
final class SightingParser {

  private static final Set<String> FIELDS = Set.of("v", "ts", "track", "shopper", "confidence", "trace", "embedding", "quality");
  static final int MAX_EMBEDDING = 1024;

  private SightingParser() {
  }

  static Sighting parse(byte[] payload, String device, String zone, long receivedAt) throws Rejection {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new Rejection("malformed-json", "payload is not JSON: " + e.getOriginalMessage().split("\n")[0]);
    } catch (java.io.IOException e) {
      throw new Rejection("malformed-json", "payload is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Rejection("invalid-sighting", "payload must be a JSON object");
    }
    var names = root.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!FIELDS.contains(f)) {
        throw new Rejection("invalid-sighting", "unknown field '" + f + "' (allowed: v, ts, track, shopper, confidence, trace, embedding, quality)");
      }
    }
    JsonNode v = root.get("v");
    if (v != null && !(v.isInt() && v.intValue() == 1)) {
      throw new Rejection("invalid-sighting", "v: only version 1 is supported, got " + v);
    }
    String track = text(root, "track", true);
    String shopper = text(root, "shopper", false);
    String trace = text(root, "trace", false);
    long ts = receivedAt;
    JsonNode tsNode = root.get("ts");
    if (tsNode != null && !tsNode.isNull()) {
      if (!tsNode.canConvertToLong() || !tsNode.isIntegralNumber() || tsNode.longValue() < 0) {
        throw new Rejection("invalid-sighting", "ts: must be epoch milliseconds (a whole number >= 0), got " + tsNode);
      }
      ts = tsNode.longValue();
    }
    Double confidence = null;
    JsonNode c = root.get("confidence");
    if (c != null && !c.isNull()) {
      if (!c.isNumber() || c.doubleValue() < 0 || c.doubleValue() > 1) {
        throw new Rejection("invalid-sighting", "confidence: must be a number from 0 to 1, got " + c);
      }
      confidence = c.doubleValue();
    }
    Double quality = null;
    JsonNode q = root.get("quality");
    if (q != null && !q.isNull()) {
      if (!q.isNumber() || q.doubleValue() < 0 || q.doubleValue() > 1) {
        throw new Rejection("invalid-sighting", "quality: must be a number from 0 to 1, got " + q);
      }
      quality = q.doubleValue();
    }
    float[] embedding = embedding(root.get("embedding"));
    return new Sighting(device, zone, track, shopper, confidence, ts, trace, embedding, quality);
  }

  /** A face embedding from the camera agent: numbers only, never an image. */
  private static float[] embedding(JsonNode e) throws Rejection {
    if (e == null || e.isNull()) {
      return null;
    }
    if (!e.isArray() || e.size() < 16 || e.size() > MAX_EMBEDDING) {
      throw new Rejection("invalid-sighting", "embedding: must be an array of 16 to " + MAX_EMBEDDING + " numbers");
    }
    float[] v = new float[e.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = e.get(i);
      if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
        throw new Rejection("invalid-sighting", "embedding[" + i + "]: must be a finite number, got " + n);
      }
      v[i] = n.floatValue();
    }
    return v;
  }

  private static String text(JsonNode root, String field, boolean required) throws Rejection {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new Rejection("invalid-sighting", field + ": required");
      }
      return null;
    }
    if (!n.isTextual() || n.textValue().isBlank() || n.textValue().length() > 64) {
      throw new Rejection("invalid-sighting", field + ": must be a non-empty string of at most 64 characters, got " + abbreviate(n.toString()));
    }
    return n.textValue();
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** Why a payload was refused: a stable code and a message naming the field. */
  static final class Rejection extends Exception {
    final String code;

    Rejection(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
