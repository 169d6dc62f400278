package org.vitrine.voice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The corpus spoken by espeak-ng (through {@link Speech}), kept on disk so repeated runs skip the
 * synthesis: one raw 16 kHz PCM file per row and voice. The file name carries the voice, speed,
 * noise, padding and a hash of the text, so an edited row or voice is synthesised again.
 */
public final class CorpusAudio {

  /** Silence (or noise) before the speech and after it: the endpointer needs a pause to end on. */
  static final double LEAD_IN_SECONDS = 0.3;
  static final double TRAIL_SECONDS = 1.0;

  private final Speech speech;
  private final Path cache;

  public CorpusAudio(Speech speech, Path cache) {
    this.speech = speech;
    this.cache = cache;
  }

  public byte[] pcm(Corpus.Row row, Speech.Voice voice) {
    String name = row.id() + "-" + voice.label().replaceAll("[^A-Za-z0-9@+.-]", "_") + "-" + Integer.toHexString(
        (row.text() + "|" + LEAD_IN_SECONDS + "|" + TRAIL_SECONDS + "|" + voice.noiseVolume()).hashCode()) + ".raw";
    Path file = cache.resolve(name);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readAllBytes(file);
      }
      byte[] pcm = speech.say(row.text(), voice, LEAD_IN_SECONDS, TRAIL_SECONDS);
      Files.createDirectories(cache);
      Path tmp = Files.createTempFile(cache, name, ".tmp");
      Files.write(tmp, pcm);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return pcm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
