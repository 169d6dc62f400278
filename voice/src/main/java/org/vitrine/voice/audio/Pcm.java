package org.vitrine.voice.audio;

/** The one format recognition runs on: 16 kHz, 16-bit signed little-endian, mono. */
public final class Pcm {

  public static final int SAMPLE_RATE = 16_000;
  public static final int BYTES_PER_SAMPLE = 2;
  public static final int BYTES_PER_SECOND = SAMPLE_RATE * BYTES_PER_SAMPLE;
  public static final String DESCRIPTION = "16000 Hz 16-bit mono PCM";

  private Pcm() {
  }

  public static double millis(long bytes) {
    return bytes * 1000.0 / BYTES_PER_SECOND;
  }

  public static int bytesFor(double millis) {
    int samples = (int) Math.round(millis * SAMPLE_RATE / 1000.0);
    return samples * BYTES_PER_SAMPLE;
  }

  /** Raw PCM must be whole samples; anything else means the sender is not sending our format. */
  public static void requireWholeSamples(int length) {
    if (length % BYTES_PER_SAMPLE != 0) {
      throw new AudioFormatException("bad-pcm", "raw audio chunk of " + length + " bytes is not whole 16-bit samples; "
          + "the speaker needs " + DESCRIPTION);
    }
  }

  /** Root mean square of the samples in [from, to) bytes, in sample units (0..32768). */
  public static double rms(byte[] pcm, int from, int to) {
    long n = 0;
    double sum = 0;
    for (int i = from; i + 1 < to; i += 2) {
      int s = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      sum += (double) s * s;
      n++;
    }
    return n == 0 ? 0 : Math.sqrt(sum / n);
  }
}
