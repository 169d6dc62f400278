package org.vitrine.hub.support;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads a QR code from a picture (a PNG from the hub, a screenshot of a screen), as a phone would. */
public final class QrCodes {

  private QrCodes() {
  }

  public static String decode(byte[] image) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
      int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
      LuminanceSource source = new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels);
      return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.TRY_HARDER, true)).getText();
    } catch (Exception e) {
      throw new AssertionError("no readable QR code in the picture: " + e, e);
    }
  }
}
