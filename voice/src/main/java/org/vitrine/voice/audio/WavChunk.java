package org.vitrine.voice.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one WAV chunk as Hermes satellites send them (hermes/audioServer/&lt;siteId&gt;/audioFrame: a
 * small complete RIFF/WAVE file per frame) and returns its PCM, after checking that it is exactly
 * the format recognition needs. Never trusts sizes in the header beyond the bytes received.
 */
public final class WavChunk {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  private WavChunk() {
  }

  /** The chunk's samples (16 kHz 16-bit mono little-endian), or an AudioFormatException saying why not. */
  public static byte[] pcmOf(byte[] wav) {
    if (wav == null || wav.length < 12) {
      throw new AudioFormatException("not-wav", "audio frame of " + (wav == null ? 0 : wav.length)
          + " bytes is too short to be a WAV chunk (RIFF/WAVE header expected)");
    }
    if (!tag(wav, 0, "RIFF") || !tag(wav, 8, "WAVE")) {
      throw new AudioFormatException("not-wav", "audio frame is not a WAV chunk: it starts with "
          + printable(wav, 0, 4) + " instead of RIFF....WAVE (Hermes audio frames are WAV, " + Pcm.DESCRIPTION + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    boolean haveFormat = false;
    while (pos + 8 <= wav.length) {
      String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(b.getInt(pos + 4));
      int body = pos + 8;
      if (id.equals("fmt ")) {
        if (size < 16 || body + 16 > wav.length) {
          throw new AudioFormatException("bad-wav", "WAV fmt chunk is truncated (" + size + " bytes declared, "
              + (wav.length - body) + " present)");
        }
        checkFormat(b, body, size);
        haveFormat = true;
      } else if (id.equals("data")) {
        if (!haveFormat) {
          throw new AudioFormatException("bad-wav", "WAV data comes before its fmt chunk: the format is unknown");
        }
        // Streaming writers put 0 or 0xFFFFFFFF here; take what arrived, in whole samples.
        long available = wav.length - body;
        long len = size == 0 || size > available ? available : size;
        len -= len % Pcm.BYTES_PER_SAMPLE;
        byte[] pcm = new byte[(int) len];
        System.arraycopy(wav, body, pcm, 0, (int) len);
        return pcm;
      }
      long next = body + size + (size & 1);
      if (next > wav.length || next <= pos) {
        break;
      }
      pos = (int) next;
    }
    throw new AudioFormatException("bad-wav", haveFormat ? "WAV chunk has no data chunk"
        : "WAV chunk has no fmt chunk: the format is unknown");
  }

  private static void checkFormat(ByteBuffer b, int at, long size) {
    int format = Short.toUnsignedInt(b.getShort(at));
    int channels = Short.toUnsignedInt(b.getShort(at + 2));
    int rate = b.getInt(at + 4);
    int bits = Short.toUnsignedInt(b.getShort(at + 14));
    if (format == FORMAT_EXTENSIBLE && size >= 40 && at + 26 <= b.limit()) {
      format = Short.toUnsignedInt(b.getShort(at + 24)); // first two bytes of the sub-format GUID
    }
    StringBuilder wrong = new StringBuilder();
    if (format != FORMAT_PCM) {
      wrong.append(format == 3 ? "float samples" : "encoding " + format + " (not PCM)");
    }
    if (rate != Pcm.SAMPLE_RATE) {
      append(wrong, rate + " Hz");
    }
    if (bits != 16) {
      append(wrong, bits + "-bit");
    }
    if (channels != 1) {
      append(wrong, channels + " channels");
    }
    if (wrong.length() > 0) {
      String code = rate != Pcm.SAMPLE_RATE ? "wrong-sample-rate" : "wrong-format";
      throw new AudioFormatException(code, "WAV audio is " + wrong + "; the speaker needs " + Pcm.DESCRIPTION
          + " (configure the satellite's audio output, e.g. Rhasspy's microphone at 16000 Hz)");
    }
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append(", ");
    }
    sb.append(s);
  }

  private static boolean tag(byte[] bytes, int at, String tag) {
    return bytes.length >= at + 4 && new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(tag);
  }

  private static String printable(byte[] bytes, int at, int n) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = at; i < Math.min(bytes.length, at + n); i++) {
      int c = bytes[i] & 0xff;
      sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.append("'").toString();
  }

  /** Wraps PCM in a 44-byte WAV header: how tests and tools make Hermes-style frames. */
  public static byte[] wrap(byte[] pcm, int off, int len, int sampleRate, int channels, int bits) {
    ByteBuffer b = ByteBuffer.allocate(44 + len).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + len).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) FORMAT_PCM).putShort((short) channels)
        .putInt(sampleRate).putInt(sampleRate * channels * bits / 8).putShort((short) (channels * bits / 8))
        .putShort((short) bits);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(len).put(pcm, off, len);
    return b.array();
  }

  public static byte[] wrap(byte[] pcm, int off, int len) {
    return wrap(pcm, off, len, Pcm.SAMPLE_RATE, 1, 16);
  }
}
