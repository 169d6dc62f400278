package org.vitrine.hub.identity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Face-embedding arithmetic and the compact form embeddings take in Redis. */
public final class Vectors {

  private Vectors() {
  }

  /** Unit-length copy, or null for a zero/empty vector (nothing to compare). */
  public static float[] normalised(float[] v) {
    if (v == null || v.length == 0) {
      return null;
    }
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (!(sum > 1e-12) || !Double.isFinite(sum)) {
      return null;
    }
    double inv = 1 / Math.sqrt(sum);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * inv);
    }
    return out;
  }

  /**
   * Cosine similarity of two unit vectors (their dot product); -2 when the dimensions differ,
   * i.e. embeddings of two different models, which are never comparable.
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      return -2;
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return dot;
  }

  /** Little-endian float32, base64: 128 floats → 684 characters instead of ~1.2 KB of JSON numbers. */
  public static String encode(float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      buf.putFloat(x);
    }
    return Base64.getEncoder().encodeToString(buf.array());
  }

  public static float[] decode(String b64) {
    ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[buf.remaining() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = buf.getFloat();
    }
    return v;
  }
}
