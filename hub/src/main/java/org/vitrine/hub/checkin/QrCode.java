package org.vitrine.hub.checkin;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders a QR code as PNG with ZXing, checked readable. CPU work (a few ms): call it off the
 * event loop.
 *
 * <p>Why the check: about 1 code in 100 that ZXing's writer makes is one ZXing's own reader cannot
 * find (data modules that look like a finder pattern; measured on 3,000 check-in URLs). A phone
 * app built on such a reader would fail on that code for the whole token window. Such a code is
 * made again with another of the 8 mask patterns, which the standard allows.
 */
public final class QrCode {

  private QrCode() {
  }

  /** {@code text} as a black-on-white QR code, {@code scale} pixels per module, quiet zone included. */
  public static byte[] png(String text, int scale) {
    BufferedImage img = image(text, scale, null);
    for (int mask = 0; mask < 8 && !readable(img, text); mask++) {
      img = image(text, scale, mask);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage image(String text, int scale, Integer mask) {
    BitMatrix m;
    try {
      // M: survives a smudged or partly reflected screen; width/height 0 = one pixel per module
      Map<EncodeHintType, Object> hints = new HashMap<>(Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
          EncodeHintType.MARGIN, 4));
      if (mask != null) {
        hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
      }
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
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
    return img;
  }

  /** Whether a reader that looks for the code in the picture (as a phone does) reads it back. */
  static boolean readable(BufferedImage img, String text) {
    int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels)));
    try {
      return text.equals(new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true)).getText());
    } catch (ReaderException e) {
      return false;
    }
  }
}
