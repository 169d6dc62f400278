package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.events.Sighting;

class SightingParserTest {

  private static Sighting parse(String json) throws SightingParser.Rejection {
    return SightingParser.parse(json.getBytes(StandardCharsets.UTF_8), "cam-1", "cafe", 42L);
  }

  @Test
  void aMinimalSightingIsAnonymousAndStampedOnReceipt() throws Exception {
    Sighting s = parse("{\"track\":\"t-1\"}");
    assertThat(s.recognised()).isFalse();
    assertThat(s.ts()).isEqualTo(42L);
    assertThat(s.zone()).isEqualTo("cafe");
  }

  @Test
  void theCameraAgentsEmbeddingAndQualityAreAccepted() throws Exception {
    StringBuilder v = new StringBuilder("[");
    for (int i = 0; i < 128; i++) {
      v.append(i == 0 ? "" : ",").append(0.0884);
    }
    Sighting s = parse("{\"v\":1,\"track\":\"cam-1-x-1\",\"quality\":0.8,\"embedding\":" + v + "]}");
    assertThat(s.embedding()).hasSize(128);
    assertThat(s.quality()).isEqualTo(0.8);
    assertThat(s.shopper()).isNull();
  }

  @Test
  void badEmbeddingsAndQualityAreNamed() {
    assertThatThrownBy(() -> parse("{\"track\":\"t\",\"embedding\":[1,2]}"))
        .hasMessage("embedding: must be an array of 16 to 1024 numbers");
    assertThatThrownBy(() -> parse("{\"track\":\"t\",\"embedding\":[" + "0,".repeat(20) + "\"x\"]}"))
        .hasMessage("embedding[20]: must be a finite number, got \"x\"");
    assertThatThrownBy(() -> parse("{\"track\":\"t\",\"quality\":1.5}"))
        .hasMessage("quality: must be a number from 0 to 1, got 1.5");
  }

  @Test
  void overlongStringsAndWrongTypesAreRefused() {
    assertThatThrownBy(() -> parse("{\"track\":\"" + "t".repeat(65) + "\"}")).hasMessageStartingWith("track: must be a non-empty string of at most 64");
    assertThatThrownBy(() -> parse("{\"track\":\"t\",\"ts\":\"yesterday\"}")).hasMessageStartingWith("ts: must be epoch milliseconds");
    assertThatThrownBy(() -> parse("{\"track\":\"t\",\"shopper\":7}")).hasMessageStartingWith("shopper: must be a non-empty string");
  }
}
