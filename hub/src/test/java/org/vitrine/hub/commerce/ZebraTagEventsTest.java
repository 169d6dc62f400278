package org.vitrine.hub.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Zebra IoT Connector's tag data events, read unchanged; what is refused and why. */
class ZebraTagEventsTest {

  private static final long NOW = Instant.parse("2024-05-01T10:00:01Z").toEpochMilli();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsOneEventAsTheConnectorPublishesIt() throws Exception {
    var reads = ZebraTagEvents.parse(b("""
        {"data":{"eventNum":1,"format":"epc","idHex":"3074257bf7194e4000001a85","antenna":2,"peakRssi":-52,"reads":3,
        "channel":920.25},"timestamp":"2024-05-01T10:00:00.123+0000","type":"SIMPLE"}"""), NOW);
    assertThat(reads).containsExactly(new ZebraTagEvents.TagRead("3074257BF7194E4000001A85", 2,
        Instant.parse("2024-05-01T10:00:00.123Z").toEpochMilli()));
  }

  @Test
  void readsABatchAndTheCustomModesEpcField() throws Exception {
    var reads = ZebraTagEvents.parse(b("""
        [{"data":{"eventNum":1,"format":"epc","idHex":"3074257bf7194e4000001a85"},"timestamp":"2024-05-01T10:00:00Z","type":"PORTAL"},
         {"data":{"eventNum":2,"EPC":"3074257bf7194e4000001a86","PC":"3000","TID":"e2801160"},"type":"CUSTOM"}]"""), NOW);
    assertThat(reads).extracting(ZebraTagEvents.TagRead::epc).containsExactly("3074257BF7194E4000001A85", "3074257BF7194E4000001A86");
    // no timestamp: the time it arrived
    assertThat(reads.get(1).at()).isEqualTo(NOW);
  }

  @Test
  void aClockFarOffIsReplacedByTheHubs() throws Exception {
    var reads = ZebraTagEvents.parse(b("""
        {"data":{"format":"epc","idHex":"3074257bf7194e4000001a85"},"timestamp":"2019-01-01T00:00:00.000+0000","type":"SIMPLE"}"""), NOW);
    assertThat(reads.get(0).at()).isEqualTo(NOW);
  }

  @Test
  void refusesWhatIsNotATagDataEvent() {
    assertThatThrownBy(() -> ZebraTagEvents.parse(b("{oops"), NOW)).hasFieldOrPropertyWithValue("code", "malformed-json");
    assertThatThrownBy(() -> ZebraTagEvents.parse(b("{\"type\":\"SIMPLE\"}"), NOW)).hasMessageContaining("data");
    assertThatThrownBy(() -> ZebraTagEvents.parse(b("{\"data\":{\"format\":\"tid\",\"idHex\":\"e280\"},\"type\":\"SIMPLE\"}"), NOW))
        .hasFieldOrPropertyWithValue("code", "no-epc");
    assertThatThrownBy(() -> ZebraTagEvents.parse(b("{\"data\":{\"format\":\"epc\",\"idHex\":\"zz\"},\"type\":\"SIMPLE\"}"), NOW))
        .hasMessageContaining("hex");
    assertThatThrownBy(() -> ZebraTagEvents.parse(b("{\"data\":{\"format\":\"epc\",\"idHex\":\"3074\"},\"type\":\"SIMPLE\","
        + "\"timestamp\":\"yesterday\"}"), NOW)).hasMessageContaining("ISO 8601");
    assertThatThrownBy(() -> ZebraTagEvents.parse(b("[" + "1,".repeat(600) + "1]"), NOW)).hasFieldOrPropertyWithValue("code", "too-many-reads");
  }
}
