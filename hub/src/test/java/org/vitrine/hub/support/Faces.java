package org.vitrine.hub.support;

import java.util.Random;

/**
 * Synthetic face embeddings for hub tests: random 128-d unit vectors ("people") and vectors with an
 * exact cosine similarity to a given one ("another photo of that person"). The camera agent's real
 * embeddings are tested in devices/ (HubRecognitionIT); the hub only sees numbers either way.
 */
public final class Faces {

  public static final int DIMENSION = 128;

  private Faces() {
  }

  /** A random unit vector: one person's face. */
  public static float[] person(long seed) {
    Random r = new Random(seed);
    double[] v = new double[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = r.nextGaussian();
    }
    return toFloat(unit(v));
  }

  /** A unit vector whose cosine with {@code face} is exactly {@code similarity}. */
  public static float[] similar(float[] face, double similarity, long seed) {
    double[] base = unit(toDouble(face));
    Random r = new Random(seed);
    double[] other = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      other[i] = r.nextGaussian();
    }
    double along = dot(other, base);
    for (int i = 0; i < base.length; i++) {
      other[i] -= along * base[i]; // orthogonal to the face
    }
    other = unit(other);
    double across = Math.sqrt(1 - similarity * similarity);
    double[] out = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      out[i] = similarity * base[i] + across * other[i];
    }
    return toFloat(out);
  }

  public static double cosine(float[] a, float[] b) {
    return dot(toDouble(a), toDouble(b));
  }

  private static double[] unit(double[] v) {
    double n = Math.sqrt(dot(v, v));
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / n;
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
