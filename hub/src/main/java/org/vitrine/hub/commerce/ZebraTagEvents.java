package org.vitrine.hub.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.vitrine.hub.events.Json;

/**
 * Tag data events of the Zebra IoT Connector (fixed readers FX7500, FX9600, ATR7000), read as the
 * reader publishes them on its data interface, unchanged (docs/contracts/mqtt.md, "RFID readers"):
 *
 * <pre>{"data":{"eventNum":1,"format":"epc","idHex":"3074257bf7194e4000001a85","antenna":1,"peakRssi":-52,
 *  "reads":2,"channel":920.25},"timestamp":"2024-05-01T10:00:00.123+0000","type":"SIMPLE"}</pre>
 *
 * one such object, or a JSON array of them (the connector's batching). {@code data.idHex} is the EPC
 * when {@code data.format} is {@code epc}; a CUSTOM mode's {@code data.EPC} (the EPC bank as hex) is
 * used otherwise. Members we do not use (peakRssi, channel, phase, PC, CRC, TID, userDefined, …)
 * are accepted and ignored: firmware versions and operating modes differ in what they add. Pure.
 */
public final class ZebraTagEvents {

  /** One tag read: the EPC as upper-case hex, the antenna (0 when not reported), when (hub clock). */
  public record TagRead(String epc, int antenna, long at) {
  }

  /** A payload we cannot read: {@code code} for counters and the device's error notice. */
  public static final class Refused extends Exception {
    public final String code;

    public Refused(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** More than this in one message is not a reader's batch but a flood. */
  public static final int MAX_READS = 500;
  /** A reader's clock further off than this is replaced by the time the read arrived (as for sightings). */
  static final long CLOCK_SKEW_MILLIS = 60_000;

  // "2020-03-12T14:27:28.727+0000" (the connector's form) as well as ISO offsets "+00:00" and "Z"
  private static final DateTimeFormatter ZEBRA = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .appendPattern("[XX][XXX][X]")
      .toFormatter();

  private ZebraTagEvents() {
  }

  public static List<TagRead> parse(byte[] payload, long receivedAt) throws Refused {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(payload);
    } catch (java.io.IOException e) {
      throw new Refused("malformed-json", "payload is not JSON: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      throw new Refused("invalid-tag-event", "a Zebra IoT Connector tag data event (an object) or an array of them is expected");
    }
    List<JsonNode> events = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(events::add);
    } else {
      events.add(root);
    }
    if (events.size() > MAX_READS) {
      throw new Refused("too-many-reads", events.size() + " tag events in one message (at most " + MAX_READS + ")");
    }
    List<TagRead> reads = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      reads.add(read(events.get(i), events.size() > 1 ? "[" + i + "]." : "", receivedAt));
    }
    return reads;
  }

  private static TagRead read(JsonNode e, String at, long receivedAt) throws Refused {
    if (!e.isObject()) {
      throw new Refused("invalid-tag-event", at + "each tag data event is a JSON object");
    }
    JsonNode data = e.get("data");
    if (data == null || !data.isObject()) {
      throw new Refused("invalid-tag-event", at + "data: the tag read object is required");
    }
    if (!e.path("type").isTextual()) {
      throw new Refused("invalid-tag-event", at + "type: the operating mode (SIMPLE, INVENTORY, PORTAL, …) is required");
    }
    String format = data.path("format").asText("");
    String epc;
    if (format.equals("epc") && data.path("idHex").isTextual()) {
      epc = data.get("idHex").asText();
    } else if (data.path("EPC").isTextual()) {
      epc = data.get("EPC").asText();
    } else {
      throw new Refused("no-epc", at + "data: no EPC (format 'epc' with idHex, or EPC) in this tag read");
    }
    if (!epc.matches("[0-9A-Fa-f]{4,124}") || epc.length() % 4 != 0) {
      throw new Refused("invalid-tag-event", at + "data.idHex: hex words expected");
    }
    JsonNode antenna = data.get("antenna");
    if (antenna != null && !(antenna.canConvertToInt() && antenna.asInt() >= 0 && antenna.asInt() <= 64)) {
      throw new Refused("invalid-tag-event", at + "data.antenna: an antenna port number expected");
    }
    long when = receivedAt;
    JsonNode ts = e.get("timestamp");
    if (ts != null) {
      if (!ts.isTextual()) {
        throw new Refused("invalid-tag-event", at + "timestamp: an ISO 8601 time expected");
      }
      try {
        long t = OffsetDateTime.parse(ts.asText(), ZEBRA).toInstant().toEpochMilli();
        when = Math.abs(t - receivedAt) > CLOCK_SKEW_MILLIS ? receivedAt : t;
      } catch (DateTimeParseException ex) {
        throw new Refused("invalid-tag-event", at + "timestamp: not an ISO 8601 time ('2024-05-01T10:00:00.123+0000')");
      }
    }
    return new TagRead(epc.toUpperCase(java.util.Locale.ROOT), antenna == null ? 0 : antenna.asInt(), when);
  }
}
