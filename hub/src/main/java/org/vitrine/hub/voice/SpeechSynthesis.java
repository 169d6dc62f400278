package org.vitrine.hub.voice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.voice.audio.WavHeader;

/**
 * The spoken answer as WAV: espeak-ng (or voice.ttsCommand) run on a worker thread, its streaming
 * header sizes replaced by the true ones so players that trust the header stop where the audio does.
 */
final class SpeechSynthesis {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechSynthesis.class);

  private final Vertx vertx;
  private final HubConfig.Voice config;
  private volatile boolean available;

  SpeechSynthesis(Vertx vertx, HubConfig.Voice config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Looks the program up on PATH: blocking (file checks), call from a worker. */
  boolean probe() {
    available = findProgram();
    return available;
  }

  boolean available() {
    return available;
  }

  String program() {
    return config.ttsCommand;
  }

  /** The WAV of {@code text} (22.05 kHz mono from espeak-ng), made on a worker thread. */
  Future<byte[]> wav(String text) {
    return vertx.executeBlocking(() -> synthesise(text), false);
  }

  /** Playing time of a WAV with a true header (for when a satellite never says playFinished). */
  static long millis(byte[] wav) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int byteRate = wav.length >= 32 ? b.getInt(28) : 0;
    long[] sizes = WavHeader.declaredSizes(wav);
    return byteRate <= 0 || sizes[1] < 0 ? 0 : sizes[1] * 1000 / byteRate;
  }

  private boolean findProgram() {
    String cmd = config.ttsCommand;
    if (cmd == null || cmd.isBlank()) {
      return false;
    }
    if (cmd.contains("/")) {
      return Files.isExecutable(Path.of(cmd));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, cmd))) {
        return true;
      }
    }
    LOG.warn("TTS program '{}' not found on PATH: answers are published as text only (hermes/tts/say); "
        + "install it with `apt-get install espeak-ng`", cmd);
    return false;
  }

  private byte[] synthesise(String text) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(config.ttsCommand, "-v", config.ttsVoice, "--stdout", text)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] wav;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      in.transferTo(out);
      wav = out.toByteArray();
    }
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(config.ttsCommand + " timed out");
    }
    if (p.exitValue() != 0 || wav.length < 44) {
      throw new IOException(config.ttsCommand + " exited " + p.exitValue() + " with " + wav.length + " bytes");
    }
    return WavHeader.withTrueSizes(wav);
  }
}
