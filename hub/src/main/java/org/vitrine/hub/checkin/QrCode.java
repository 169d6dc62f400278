package org.vitrine.hub.checkin;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Renders a QR code as PNG with ZXing. CPU work: call it off the event loop. */
public final class QrCode {

  private QrCode() {
  }

  /** {@code text} as a black-on-white QR code, {@code scale} pixels per module, quiet zone included. */
  public static byte[] png(String text, int scale) {
    BitMatrix m;
    try {
      // M: survives a smudged or partly reflected screen; width/height 0 = one pixel per module
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode as QR code: " + e.getMessage(), e);
    }
    int w = m.getWidth() * scale;
    int h = m.getHeight() * scale;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, m.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
