package org.vitrine.voice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.bench.Speech;

/** The spoken answer's WAV, as espeak-ng makes it, with its header sizes read back. */
class WavHeaderTest {

  @Test
  void espeakAnswersGetTheirTrueSizesInTheHeader() throws Exception {
    Speech.requireTools();
    Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "--stdout", "One large latte, is that right?")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] raw;
    try (InputStream in = p.getInputStream()) {
      raw = in.readAllBytes();
    }
    assertThat(p.waitFor()).isZero();
    // espeak-ng streams: its header carries the placeholder, not the length
    assertThat(WavHeader.declaredSizes(raw)[1]).isEqualTo(0x7ffff000L);

    byte[] wav = WavHeader.withTrueSizes(raw);
    long[] sizes = WavHeader.declaredSizes(wav);
    assertThat(sizes[0]).isEqualTo(wav.length - 8);
    assertThat(sizes[1]).isEqualTo(wav.length - sizes[2]).isGreaterThan(10_000);
    assertThat(wav).hasSameSizeAs(raw);
    // and a WAV reader that trusts the header finds exactly the samples that are there
    try (AudioInputStream a = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      assertThat(a.getFrameLength() * a.getFormat().getFrameSize()).isEqualTo(sizes[1]);
      assertThat(a.getFormat().getSampleRate()).isEqualTo(22050f);
      assertThat(a.readAllBytes()).hasSize((int) sizes[1]);
    }
  }

  @Test
  void aFileWithoutDataIsRefused() {
    byte[] riff = "RIFF\0\0\0\0WAVEfmt \20\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WavHeader.withTrueSizes(java.util.Arrays.copyOf(riff, 36)))
        .isInstanceOf(AudioFormatException.class);
  }
}
