package org.vitrine.voice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.vitrine.voice.audio.Pcm;

/**
 * Synthetic shoppers: speech made with Debian's espeak-ng and shaped with sox (16 kHz mono, silence
 * around it, optional store noise). Used by the tests and VoiceBench; needs `apt-get install
 * espeak-ng sox`.
 */
public final class Speech {

  public static final String INSTALL_HINT = "the voice tests and VoiceBench synthesise speech with espeak-ng and "
      + "sox: install them with `sudo apt-get install -y espeak-ng sox` (Debian packages)";

  /** How one utterance is spoken. noiseVolume 0 = clean; sox pink noise "vol": 0.03 ≈ -44 dBFS RMS, 0.15 ≈ -30 dBFS. */
  public record Voice(String name, int wordsPerMinute, double noiseVolume) {
    public String label() {
      return name + "@" + wordsPerMinute + (noiseVolume > 0 ? "+noise" : "");
    }
  }

  private final Path work;

  public Speech(Path workDir) {
    this.work = workDir;
  }

  /** Fails with the install hint when a tool is missing; tests call this instead of skipping. */
  public static void requireTools() {
    for (String tool : List.of("espeak-ng", "sox")) {
      if (!onPath(tool)) {
        throw new IllegalStateException(tool + " not found on PATH: " + INSTALL_HINT);
      }
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The utterance as raw 16 kHz 16-bit mono PCM, with leadIn/trail seconds of silence (noise if noisy). */
  public byte[] say(String text, Voice voice, double leadInSeconds, double trailSeconds) {
    try {
      Path dir = Files.createTempDirectory(work, "say");
      Path spoken = dir.resolve("espeak.wav");
      Path speech = dir.resolve("speech.wav");
      Path out = dir.resolve("out.raw");
      run(List.of("espeak-ng", "-v", voice.name(), "-s", String.valueOf(voice.wordsPerMinute()), "-w",
          spoken.toString(), text));
      run(List.of("sox", "-R", spoken.toString(), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer",
          speech.toString(), "pad", fmt(leadInSeconds), fmt(trailSeconds)));
      if (voice.noiseVolume() > 0) {
        Path noise = dir.resolve("noise.wav");
        double seconds = Files.size(speech) / (double) Pcm.BYTES_PER_SECOND;
        run(List.of("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", noise.toString(),
            "synth", fmt(seconds), "pinknoise", "vol", fmt(voice.noiseVolume())));
        run(List.of("sox", "-R", "-m", "-v", "0.9", speech.toString(), "-v", "1", noise.toString(), "-t", "raw",
            "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", out.toString()));
      } else {
        run(List.of("sox", "-R", speech.toString(), "-t", "raw", out.toString()));
      }
      byte[] pcm = Files.readAllBytes(out);
      deleteAll(dir);
      return pcm;
    } catch (IOException e) {
      throw new IllegalStateException("speech synthesis failed: " + e.getMessage(), e);
    }
  }

  /** Audio at another rate, for wrong-format tests: espeak-ng's native 22050 Hz output as WAV bytes. */
  public byte[] wavAt(String text, int sampleRate) {
    try {
      Path dir = Files.createTempDirectory(work, "rate");
      Path spoken = dir.resolve("espeak.wav");
      Path out = dir.resolve("out.wav");
      run(List.of("espeak-ng", "-v", "en-us", "-w", spoken.toString(), text));
      run(List.of("sox", "-R", spoken.toString(), "-r", String.valueOf(sampleRate), "-c", "1", "-b", "16",
          out.toString()));
      byte[] wav = Files.readAllBytes(out);
      deleteAll(dir);
      return wav;
    } catch (IOException e) {
      throw new IllegalStateException("speech synthesis failed: " + e.getMessage(), e);
    }
  }

  /** sox noise ("pinknoise", "whitenoise", "brownnoise") at this "vol" (pink 0.03 ≈ -44 dBFS RMS, white 0.1 ≈ -30 dBFS), as PCM. */
  public byte[] noise(String kind, double volume, double seconds) {
    try {
      Path dir = Files.createTempDirectory(work, "noise");
      Path out = dir.resolve("noise.raw");
      run(List.of("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw",
          out.toString(), "synth", fmt(seconds), kind, "vol", fmt(volume)));
      byte[] pcm = Files.readAllBytes(out);
      deleteAll(dir);
      return pcm;
    } catch (IOException e) {
      throw new IllegalStateException("noise synthesis failed: " + e.getMessage(), e);
    }
  }

  /** Silence (or noise) of this length as PCM. */
  public static byte[] silence(double seconds) {
    return new byte[Pcm.bytesFor(seconds * 1000)];
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    try {
      // Read first: a tool writing more than the pipe holds would otherwise never exit.
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void deleteAll(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
