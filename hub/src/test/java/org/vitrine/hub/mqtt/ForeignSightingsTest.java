package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.events.Sighting;

/** Frigate's and Double Take's payloads as sightings (their documented formats). */
class ForeignSightingsTest {

  private static final Device FRIGATE = new Device("frigate", "frigate", null, null, null,
      Map.of("front_door", "entrance", "shoes", "footwear"), Map.of("cafe_queue", "cafe"), null);
  private static final Device DOUBLE_TAKE = new Device("double-take", "double-take", null, null, null,
      Map.of("front_door", "entrance", "aisle_3", "apparel"), null, null);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String frigate(String type, String after) {
    return "{\"type\":\"" + type + "\",\"before\":{},\"after\":" + after + "}";
  }

  @Test
  void aFrigateEventWithASubLabelIsThatShopperInTheCamerasZone() throws Exception {
    // sub_label as Frigate 0.14+ sends it: [name, score]
    Sighting s = FrigateParser.parse(b(frigate("update", "{\"id\":\"1607123955.475377-mxklsc\",\"camera\":\"shoes\","
        + "\"frame_time\":1607123961.837752,\"label\":\"person\",\"sub_label\":[\"Anna\",0.87],\"current_zones\":[],"
        + "\"false_positive\":false}")), FRIGATE, 5);
    assertThat(s.shopper()).isEqualTo("anna");
    assertThat(s.zone()).isEqualTo("footwear");
    assertThat(s.track()).isEqualTo("frigate:1607123955.475377-mxklsc");
    assertThat(s.confidence()).isEqualTo(0.87);
    assertThat(s.ts()).isEqualTo(1607123961838L);
    // older Frigate: a plain string; a mapped Frigate zone wins over the camera's
    Sighting z = FrigateParser.parse(b(frigate("new", "{\"id\":\"e2\",\"camera\":\"front_door\",\"label\":\"person\","
        + "\"sub_label\":\"ben\",\"current_zones\":[\"driveway\",\"cafe_queue\"]}")), FRIGATE, 5);
    assertThat(z.shopper()).isEqualTo("ben");
    assertThat(z.zone()).isEqualTo("cafe");
    // no sub_label: an anonymous person
    assertThat(FrigateParser.parse(b(frigate("new", "{\"id\":\"e3\",\"camera\":\"front_door\",\"label\":\"person\",\"sub_label\":null}")),
        FRIGATE, 5).shopper()).isNull();
  }

  @Test
  void frigateEventsThatAreNoSightingOfAPersonAreIgnored() throws Exception {
    assertThat(FrigateParser.parse(b(frigate("end", "{\"id\":\"e\",\"camera\":\"shoes\",\"label\":\"person\"}")), FRIGATE, 5)).isNull();
    assertThat(FrigateParser.parse(b(frigate("new", "{\"id\":\"e\",\"camera\":\"shoes\",\"label\":\"car\"}")), FRIGATE, 5)).isNull();
    assertThat(FrigateParser.parse(b(frigate("new", "{\"id\":\"e\",\"camera\":\"shoes\",\"label\":\"person\",\"false_positive\":true}")),
        FRIGATE, 5)).isNull();
  }

  @Test
  void malformedFrigateEventsSayWhatIsWrong() {
    assertThatThrownBy(() -> FrigateParser.parse(b("{not json"), FRIGATE, 5)).hasMessageStartingWith("payload is not JSON");
    assertThatThrownBy(() -> FrigateParser.parse(b("{\"type\":\"update\"}"), FRIGATE, 5)).hasMessage("after: required (the tracked object's state)");
    assertThatThrownBy(() -> FrigateParser.parse(b(frigate("moved", "{}")), FRIGATE, 5)).hasMessageStartingWith("type: must be new, update or end");
    assertThatThrownBy(() -> FrigateParser.parse(b(frigate("new", "{\"id\":\"e\",\"camera\":\"garage\"}")), FRIGATE, 5))
        .hasMessageStartingWith("after.camera: unknown camera 'garage'").hasMessageContaining("front_door");
    assertThatThrownBy(() -> FrigateParser.parse(b(frigate("new", "{\"id\":\"e\",\"camera\":\"shoes\",\"sub_label\":[7]}")), FRIGATE, 5))
        .hasMessageStartingWith("after.sub_label: must be a name or [name, score]");
    assertThatThrownBy(() -> FrigateParser.parse(b(frigate("new", "{\"camera\":\"shoes\"}")), FRIGATE, 5)).hasMessage("after.id: required");
  }

  @Test
  void aDoubleTakeMatchIsThatShopperInTheCamerasZone() throws Exception {
    String payload = "{\"id\":\"1623906078.684285-5l9hw6\",\"duration\":1.26,\"timestamp\":\"2021-06-17T05:01:36.030Z\","
        + "\"attempts\":3,\"camera\":\"aisle_3\",\"zones\":[],\"match\":{\"name\":\"ben\",\"confidence\":66.07,\"match\":true,"
        + "\"box\":{\"top\":308,\"left\":1018,\"width\":164,\"height\":177},\"type\":\"latest\",\"duration\":0.28,"
        + "\"detector\":\"compreface\",\"filename\":\"2f07d1ad.jpg\",\"base64\":null}}";
    Sighting s = DoubleTakeParser.parse(b(payload), "double-take/matches/ben", DOUBLE_TAKE, 5);
    assertThat(s.shopper()).isEqualTo("ben");
    assertThat(s.zone()).isEqualTo("apparel");
    assertThat(s.confidence()).isCloseTo(0.6607, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.ts()).isEqualTo(java.time.Instant.parse("2021-06-17T05:01:36.030Z").toEpochMilli());
    assertThat(s.track()).isEqualTo("double-take:1623906078.684285-5l9hw6");
  }

  @Test
  void malformedDoubleTakeMatchesSayWhatIsWrongAndNoFacePictureGetsIn() {
    assertThatThrownBy(() -> DoubleTakeParser.parse(b("{\"camera\":\"aisle_3\"}"), "double-take/matches/ben", DOUBLE_TAKE, 5))
        .hasMessage("match: required (the recognised face)");
    assertThatThrownBy(() -> DoubleTakeParser.parse(b("{\"camera\":\"attic\",\"match\":{}}"), "double-take/matches/ben", DOUBLE_TAKE, 5))
        .hasMessageStartingWith("camera: unknown camera 'attic'");
    assertThatThrownBy(() -> DoubleTakeParser.parse(b("{\"camera\":\"aisle_3\",\"match\":{\"name\":\"ben\",\"base64\":\"/9j/4AAQ\"}}"),
        "double-take/matches/ben", DOUBLE_TAKE, 5)).hasMessageStartingWith("match.base64: face images are not accepted");
    assertThatThrownBy(() -> DoubleTakeParser.parse(b("{\"camera\":\"aisle_3\",\"match\":{\"confidence\":250}}"),
        "double-take/matches/ben", DOUBLE_TAKE, 5)).hasMessageStartingWith("match.confidence: must be a percentage");
  }

  @Test
  void eachKindPublishesOnlyOnItsOwnTopics() {
    assertThat(Topics.route("frigate", "frigate", "frigate/events")).isEqualTo(Topics.Route.SIGHTING);
    assertThat(Topics.route("frigate", "frigate", "frigate/stats")).isEqualTo(Topics.Route.IGNORE);
    assertThat(Topics.route("frigate", "frigate", "double-take/matches/ben")).isEqualTo(Topics.Route.REJECT);
    assertThat(Topics.route("frigate", "frigate", "vitrine/v1/devices/frigate/sightings")).isEqualTo(Topics.Route.REJECT);
    assertThat(Topics.route("double-take", "double-take", "double-take/matches/ben")).isEqualTo(Topics.Route.SIGHTING);
    assertThat(Topics.route("double-take", "double-take", "double-take/cameras/aisle_3")).isEqualTo(Topics.Route.IGNORE);
    assertThat(Topics.route("double-take", "double-take", "frigate/events")).isEqualTo(Topics.Route.REJECT);
    assertThat(Topics.route("cam-1", "camera", "frigate/events")).isEqualTo(Topics.Route.REJECT);
    assertThat(Topics.route("cam-1", "camera", "vitrine/v1/devices/cam-1/sightings")).isEqualTo(Topics.Route.SIGHTING);
    assertThat(Topics.maySubscribe("frigate", "frigate", "frigate/+/detect/set")).isTrue();
    assertThat(Topics.maySubscribe("cam-1", "camera", "frigate/#")).isFalse();
  }
}
