package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.Device;

/**
 * Every payload a device can send, fuzzed by a seeded random harness (fixed seed: CI repeats it;
 * -Dvitrine.fuzz.seed=… explores others): a parser either understands a payload or refuses it with
 * a {@link SightingParser.Rejection} that names the problem; it never throws anything else (which
 * would be a crash at the MQTT endpoint). Inputs: random bytes, mutations of valid payloads
 * (truncated, a character swapped, a value replaced by another type or an extreme), and known
 * nasty shapes (deep nesting, huge strings and arrays, NUL and CR/LF, a byte-order mark).
 */
class ParserFuzzTest {

  private static final long SEED = Long.getLong("vitrine.fuzz.seed", 20261203L);
  private static final int PER_PARSER = 3000;
  private static final Device CAMERA = new Device("cam-cafe", "camera", "cafe", null, null, null, null, null, null);
  private static final Device FRIGATE = new Device("frigate", "frigate", null, null, null, Map.of("front_door", "entrance"),
      Map.of("cafe_queue", "cafe"), null, null);
  private static final Device DOUBLE_TAKE = new Device("double-take", "double-take", null, null, null, Map.of("aisle_3", "apparel"),
      null, null, null);
  private static final Device SHELF = new Device("shelf-footwear", "shelf", "footwear", null, null, null, null, null, null);

  private static final List<String> VALID = List.of(
      "{\"v\":1,\"ts\":1764000000000,\"track\":\"t-42\",\"shopper\":\"anna\",\"confidence\":0.93,\"trace\":\"b-1\"}",
      "{\"track\":\"t-1\",\"embedding\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.1,0.2,0.3,0.4,0.5,0.6,0.7],\"quality\":0.8}",
      "{\"type\":\"update\",\"after\":{\"id\":\"1607123955.475377-mxklsc\",\"camera\":\"front_door\",\"label\":\"person\","
          + "\"sub_label\":[\"Anna\",0.91],\"current_zones\":[\"cafe_queue\"],\"frame_time\":1607123961.8,\"false_positive\":false}}",
      "{\"id\":\"1623906078.684285-5l9hw6\",\"timestamp\":\"2021-06-17T05:01:36.030Z\",\"camera\":\"aisle_3\",\"zones\":[],"
          + "\"match\":{\"name\":\"ben\",\"confidence\":66.07,\"match\":true,\"base64\":null}}",
      "{\"v\":1,\"type\":\"pickup\",\"product\":\"trail-runner-x\",\"ts\":1764000000000}");

  private static final List<String> NASTY = List.of("", "null", "[]", "{}", "\"x\"", "1e999999", "{\"track\":" + "[".repeat(3000),
      "{\"track\":\"" + "a".repeat(5000) + "\"}", "{\"embedding\":[" + "1,".repeat(2000) + "1]}",
      "{\"ts\":-9223372036854775808,\"track\":\"t\"}", "{\"track\":\"t\",\"confidence\":\"NaN\"}", "{\"after\":null}",
      "{\"match\":[]}", "\uFEFF{}", "{\"track\":\"t\u0000\r\n\"}", "{\"type\":\"new\",\"after\":{\"camera\":[],\"label\":{}}}",
      "{\"match\":{\"name\":null,\"confidence\":1e308}}");

  private static final List<String> REPLACEMENTS = List.of("0", "-1", "1e308", "true", "null", "\"\"", "[]", "{}", "\"x\"", "[1,2]",
      "99999999999999999999", "-0.0", "\"\\u0000\"", "[[[[[]]]]]");

  /** The next payload: a fifth random bytes, most mutations of valid payloads, some known nasty shapes. */
  static byte[] next(Random r) {
    int kind = r.nextInt(10);
    if (kind < 2) {
      byte[] b = new byte[r.nextInt(600)];
      r.nextBytes(b);
      return b;
    }
    if (kind == 2) {
      return NASTY.get(r.nextInt(NASTY.size())).getBytes(StandardCharsets.UTF_8);
    }
    String s = VALID.get(r.nextInt(VALID.size()));
    for (int edits = 1 + r.nextInt(3); edits > 0 && !s.isEmpty(); edits--) {
      s = mutate(r, s);
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mutate(Random r, String s) {
    int i = r.nextInt(s.length());
    switch (r.nextInt(4)) {
      case 0:
        return s.substring(0, i);
      case 1:
        return s.substring(0, i) + (char) r.nextInt(0x3000) + s.substring(Math.min(s.length(), i + 1));
      case 2:
        return s.substring(0, i) + s.substring(Math.min(s.length(), i + 1 + r.nextInt(8)));
      default:
        int colon = s.indexOf(':', i);
        if (colon < 0) {
          return s;
        }
        int end = colon + 1;
        while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '}') {
          end++;
        }
        return s.substring(0, colon + 1) + REPLACEMENTS.get(r.nextInt(REPLACEMENTS.size())) + s.substring(end);
    }
  }

  private interface Parser {
    Object parse(byte[] payload) throws SightingParser.Rejection;
  }

  private static void fuzz(String name, Parser parser) {
    Random r = new Random(SEED ^ name.hashCode());
    int understood = 0;
    int refused = 0;
    for (int n = 0; n < PER_PARSER; n++) {
      byte[] payload = next(r);
      try {
        parser.parse(payload);
        understood++;
      } catch (SightingParser.Rejection rejection) {
        assertThat(rejection.code).isNotBlank();
        assertThat(rejection.getMessage()).isNotBlank();
        refused++;
      } catch (RuntimeException | StackOverflowError crash) {
        fail(name + " crashed on input #" + n + " (seed " + SEED + "): " + crash + " — payload: "
            + new String(payload, StandardCharsets.UTF_8).substring(0, Math.min(300, payload.length)), crash);
      }
    }
    System.out.printf("parser fuzz %s: %d payloads, %d understood, %d refused, no crash%n", name, PER_PARSER, understood, refused);
  }

  @Test
  void theSightingParserUnderstandsOrRefusesNeverCrashes() {
    fuzz("sighting", p -> SightingParser.parse(p, CAMERA.id(), CAMERA.zone(), 1764000000000L));
  }

  @Test
  void theFrigateParserUnderstandsOrRefusesNeverCrashes() {
    fuzz("frigate", p -> FrigateParser.parse(p, FRIGATE, 1764000000000L));
  }

  @Test
  void theDoubleTakeParserUnderstandsOrRefusesNeverCrashes() {
    fuzz("double-take", p -> DoubleTakeParser.parse(p, "double-take/matches/ben", DOUBLE_TAKE, 1764000000000L));
  }

  @Test
  void theShelfEventParserUnderstandsOrRefusesNeverCrashes() {
    fuzz("shelf", p -> ShelfEventParser.parse(p, SHELF, 1764000000000L));
  }
}
