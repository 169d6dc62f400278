package org.vitrine.voice.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the true sizes into a whole WAV file's header. espeak-ng --stdout streams, so it cannot
 * know the length when it writes the header and puts 0x7ffff000 in the RIFF and data sizes; players
 * that trust the header (Rhasspy's aplay, browsers) then wait for audio that never comes. Pure.
 */
public final class WavHeader {

  private WavHeader() {
  }

  /** A copy of {@code wav} whose RIFF size is length - 8 and whose data chunk size is the bytes that follow it. */
  public static byte[] withTrueSizes(byte[] wav) {
    if (wav.length < 12 || !tag(wav, 0, "RIFF") || !tag(wav, 8, "WAVE")) {
      throw new AudioFormatException("not-wav", "not a RIFF/WAVE file (" + wav.length + " bytes)");
    }
    byte[] out = wav.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(4, out.length - 8);
    int pos = 12;
    while (pos + 8 <= out.length) {
      long size = Integer.toUnsignedLong(b.getInt(pos + 4));
      if (tag(out, pos, "data")) {
        int data = out.length - pos - 8;
        b.putInt(pos + 4, data - (data % 2)); // whole 16-bit samples only
        return out;
      }
      pos += 8 + (int) Math.min(size + (size & 1), out.length);
    }
    throw new AudioFormatException("bad-wav", "WAV file without a data chunk (" + wav.length + " bytes)");
  }

  /** As the header declares them: {RIFF size, data chunk size, offset of the data}; -1, -1 when there is no data chunk. */
  public static long[] declaredSizes(byte[] wav) {
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    long riff = Integer.toUnsignedLong(b.getInt(4));
    int pos = 12;
    while (pos + 8 <= wav.length) {
      long size = Integer.toUnsignedLong(b.getInt(pos + 4));
      if (tag(wav, pos, "data")) {
        return new long[] {riff, size, pos + 8};
      }
      pos += 8 + (int) Math.min(size + (size & 1), wav.length);
    }
    return new long[] {riff, -1, -1};
  }

  private static boolean tag(byte[] b, int at, String tag) {
    return at + 4 <= b.length && new String(b, at, 4, StandardCharsets.US_ASCII).equals(tag);
  }
}
