package org.vitrine.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodeTest {

  /** A check-in URL whose QR code, as ZXing makes it by default, ZXing's reader does not find. */
  private static final String HARD_TO_FIND = "http://127.0.0.1:41644/checkin/?t=0tj4ZTTnutkespuv3XmkGQ";

  @Test
  void aCodeTheReaderCannotFindIsMadeAgainWithAnotherMask() throws Exception {
    // GIVEN a URL whose default QR code a phone-style reader misses
    assertThat(QrCode.readable(QrCode.image(HARD_TO_FIND, 8, null), HARD_TO_FIND)).as("the ZXing quirk").isFalse();
    // WHEN the hub renders it THEN the PNG reads back
    assertThat(QrCode.readable(ImageIO.read(new ByteArrayInputStream(QrCode.png(HARD_TO_FIND, 8))), HARD_TO_FIND)).isTrue();
  }

  @Test
  void everyCheckInCodeReadsBack() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 300; i++) {
      byte[] token = new byte[16];
      random.nextBytes(token);
      String url = "http://192.168.1." + (i % 250 + 2) + ":8080/checkin/?t=" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
      assertThat(QrCode.readable(ImageIO.read(new ByteArrayInputStream(QrCode.png(url, 8))), url)).as(url).isTrue();
    }
  }
}
