package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.vitrine.hub.catalog.Device;

/**
 * Every payload a device can send, fuzzed (jqwik, seeded: a failure prints its seed): a parser
 * either understands it or refuses it with a {@link SightingParser.Rejection} that names the
 * problem; it never throws anything else (which would be a crash at the MQTT endpoint). Inputs:
 * random bytes, and mutations of valid payloads (fields dropped, types swapped, values out of
 * range, truncated JSON, deep nesting, huge numbers).
 */
class ParserFuzzTest {

  private static final AtomicLong INPUTS = new AtomicLong();
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

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<byte[]> mutated = Arbitraries.of(VALID).flatMap(v -> mutations(v)).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> nasty = Arbitraries.of("", "null", "[]", "{}", "\"x\"", "1e999999", "{\"track\":" + "[".repeat(3000),
        "{\"track\":\"" + "a".repeat(5000) + "\"}", "{\"embedding\":[" + "1,".repeat(2000) + "1]}", "{\"ts\":-9223372036854775808,\"track\":\"t\"}",
        "{\"track\":\"t\",\"confidence\":\"NaN\"}", "{\"after\":null}", "{\"match\":[]}", "\uFEFF{}", "{\"track\":\"t\u0000\r\n\"}")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, random), net.jqwik.api.Tuple.of(6, mutated), net.jqwik.api.Tuple.of(1, nasty));
  }

  /** A valid payload with one to three edits: a cut, a character swapped or dropped, a value replaced. */
  private static Arbitrary<String> mutations(String valid) {
    Arbitrary<String> cut = Arbitraries.integers().between(0, valid.length()).map(i -> valid.substring(0, i));
    Arbitrary<String> swap = Arbitraries.integers().between(0, valid.length() - 1)
        .flatMap(i -> Arbitraries.chars().map(c -> valid.substring(0, i) + c + valid.substring(i + 1)));
    Arbitrary<String> replace = Arbitraries.of("0", "-1", "1e308", "true", "null", "\"\"", "[]", "{}", "\"x\"", "[1,2]", "99999999999999999999")
        .flatMap(r -> Arbitraries.integers().between(0, valid.length() - 1).map(i -> {
          int colon = valid.indexOf(':', i);
          if (colon < 0) {
            return valid;
          }
          int end = colon + 1;
          while (end < valid.length() && valid.charAt(end) != ',' && valid.charAt(end) != '}') {
            end++;
          }
          return valid.substring(0, colon + 1) + r + valid.substring(end);
        }));
    return Arbitraries.oneOf(cut, swap, replace);
  }

  @Property(tries = 3000, seed = "20261203")
  void theSightingParserUnderstandsOrRefusesNeverCrashes(@ForAll("payloads") byte[] payload) {
    INPUTS.incrementAndGet();
    try {
      SightingParser.parse(payload, CAMERA.id(), CAMERA.zone(), 1764000000000L);
    } catch (SightingParser.Rejection r) {
      assertThat(r.code).isNotBlank();
      assertThat(r.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 3000, seed = "20261203")
  void theFrigateParserUnderstandsOrRefusesNeverCrashes(@ForAll("payloads") byte[] payload) {
    INPUTS.incrementAndGet();
    try {
      FrigateParser.parse(payload, FRIGATE, 1764000000000L);
    } catch (SightingParser.Rejection r) {
      assertThat(r.code).isNotBlank();
    }
  }

  @Property(tries = 3000, seed = "20261203")
  void theDoubleTakeParserUnderstandsOrRefusesNeverCrashes(@ForAll("payloads") byte[] payload) {
    INPUTS.incrementAndGet();
    try {
      DoubleTakeParser.parse(payload, "double-take/matches/ben", DOUBLE_TAKE, 1764000000000L);
    } catch (SightingParser.Rejection r) {
      assertThat(r.code).isNotBlank();
    }
  }

  @Property(tries = 3000, seed = "20261203")
  void theShelfEventParserUnderstandsOrRefusesNeverCrashes(@ForAll("payloads") byte[] payload) {
    INPUTS.incrementAndGet();
    try {
      ShelfEventParser.parse(payload, SHELF, 1764000000000L);
    } catch (SightingParser.Rejection r) {
      assertThat(r.code).isNotBlank();
    }
  }

  @AfterContainer
  static void report() {
    System.out.printf("parser fuzz: %d payloads, no crash%n", INPUTS.get());
  }
}
