package org.vitrine.voice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WavChunkTest {

  private final byte[] pcm = new byte[640];

  @Test
  void readsHermesFrames() {
    new Random(1).nextBytes(pcm);
    assertThat(WavChunk.pcmOf(WavChunk.wrap(pcm, 0, pcm.length))).isEqualTo(pcm);
  }

  @Test
  void toleratesStreamingSizesAndExtraChunks() {
    byte[] wav = WavChunk.wrap(pcm, 0, pcm.length);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF); // data size unknown
    assertThat(WavChunk.pcmOf(wav)).hasSize(640);
    // A LIST chunk between fmt and data (what some writers add).
    byte[] list = "LIST\u0004\u0000\u0000\u0000INFO".getBytes(StandardCharsets.ISO_8859_1);
    byte[] withList = new byte[wav.length + list.length];
    System.arraycopy(wav, 0, withList, 0, 36);
    System.arraycopy(list, 0, withList, 36, list.length);
    System.arraycopy(wav, 36, withList, 36 + list.length, wav.length - 36);
    assertThat(WavChunk.pcmOf(withList)).hasSize(640);
  }

  @Test
  void wrongFormatsAreNamed() {
    assertThatThrownBy(() -> WavChunk.pcmOf(WavChunk.wrap(pcm, 0, pcm.length, 44_100, 1, 16)))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageStartingWith("WAV audio is 44100 Hz; the speaker needs 16000 Hz 16-bit mono PCM")
        .satisfies(e -> assertThat(((AudioFormatException) e).code()).isEqualTo("wrong-sample-rate"));
    assertThatThrownBy(() -> WavChunk.pcmOf(WavChunk.wrap(pcm, 0, pcm.length, 16_000, 2, 16)))
        .hasMessageStartingWith("WAV audio is 2 channels;");
    assertThatThrownBy(() -> WavChunk.pcmOf(WavChunk.wrap(pcm, 0, pcm.length, 8_000, 1, 8)))
        .hasMessageStartingWith("WAV audio is 8000 Hz, 8-bit;");
    byte[] floatWav = WavChunk.wrap(pcm, 0, pcm.length, 16_000, 1, 32);
    floatWav[20] = 3;
    assertThatThrownBy(() -> WavChunk.pcmOf(floatWav)).hasMessageStartingWith("WAV audio is float samples, 32-bit;");
  }

  @Test
  void garbageIsRefusedNotCrashedOn() {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    assertThatThrownBy(() -> WavChunk.pcmOf(garbage))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("audio frame is not a WAV chunk: it starts with");
    assertThatThrownBy(() -> WavChunk.pcmOf(new byte[3])).hasMessageContaining("too short to be a WAV chunk");
    assertThatThrownBy(() -> WavChunk.pcmOf(null)).isInstanceOf(AudioFormatException.class);
    byte[] truncated = java.util.Arrays.copyOf(WavChunk.wrap(pcm, 0, pcm.length), 30);
    assertThatThrownBy(() -> WavChunk.pcmOf(truncated)).hasMessageContaining("fmt chunk is truncated");
    byte[] noData = java.util.Arrays.copyOf(WavChunk.wrap(pcm, 0, pcm.length), 36);
    assertThatThrownBy(() -> WavChunk.pcmOf(noData)).hasMessageContaining("has no data chunk");
    // Random bytes after a valid RIFF/WAVE tag: chunk sizes point anywhere.
    for (int seed = 0; seed < 200; seed++) {
      byte[] b = new byte[200];
      new Random(seed).nextBytes(b);
      System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
      System.arraycopy("WAVE".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
      try {
        WavChunk.pcmOf(b);
      } catch (AudioFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThatThrownBy(() -> Pcm.requireWholeSamples(3)).hasMessageContaining("not whole 16-bit samples");
  }
}
