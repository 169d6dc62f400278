package org.vitrine.hub.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SGTIN-96 decoding against the GS1 Tag Data Standard's published example, every partition, and what is refused. */
class Sgtin96Test {

  @Test
  void decodesTheTagDataStandardsExample() throws Exception {
    // GS1 EPC TDS: 3074257BF7194E4000001A85 = urn:epc:tag:sgtin-96:3.0614141.812345.6789 = (01) 80614141123458 (21) 6789
    Sgtin96 s = Sgtin96.decode("3074257BF7194E4000001A85");
    assertThat(s.filter()).isEqualTo(3);
    assertThat(s.companyPrefix()).isEqualTo("0614141");
    assertThat(s.itemReference()).isEqualTo("812345");
    assertThat(s.uri()).isEqualTo("urn:epc:id:sgtin:0614141.812345.6789");
    assertThat(s.gtin()).isEqualTo("80614141123458");
    assertThat(s.serial()).isEqualTo(6789);
    // lower case, as readers often report it
    assertThat(Sgtin96.decode("3074257bf7194e4000001a85")).isEqualTo(s);
  }

  @Test
  void encodingAndDecodingAgreeForEveryPartition() throws Exception {
    String gtin = "04012345000108";
    for (int digits = 6; digits <= 12; digits++) {
      String epc = Sgtin96.encode(1, gtin, digits, 274_877_906_943L);
      Sgtin96 s = Sgtin96.decode(epc);
      assertThat(s.gtin()).as("company prefix of %d digits", digits).isEqualTo(gtin);
      assertThat(s.companyPrefix()).hasSize(digits);
      assertThat(s.serial()).isEqualTo(274_877_906_943L);
    }
    assertThat(Sgtin96.encode(3, "80614141123458", 7, 6789)).isEqualTo("3074257BF7194E4000001A85");
  }

  @Test
  void refusesWhatIsNotAnSgtin96() {
    // SSCC-96 (header 0x31) from the TDS examples
    assertThatThrownBy(() -> Sgtin96.decode("3174257BF4499602D2000000")).isInstanceOf(Sgtin96.NotSgtin.class)
        .hasMessageContaining("0x31");
    // partition 7 is reserved
    assertThatThrownBy(() -> Sgtin96.decode("307C257BF7194E4000001A85")).hasMessageContaining("partition 7");
    assertThatThrownBy(() -> Sgtin96.decode("E2801114200087CB77002222XX")).hasMessageContaining("24 hex digits");
    assertThatThrownBy(() -> Sgtin96.decode(null)).isInstanceOf(Sgtin96.NotSgtin.class);
  }

  @Test
  void gtinsAreCheckedAndWidenedToFourteenDigits() {
    assertThat(Sgtin96.gtin14("4012345000108")).isEqualTo("04012345000108");
    assertThat(Sgtin96.gtin14("80614141123458")).isEqualTo("80614141123458");
    assertThat(Sgtin96.gtin14("80614141123459")).isNull();
    assertThat(Sgtin96.gtin14("abc")).isNull();
  }
}
