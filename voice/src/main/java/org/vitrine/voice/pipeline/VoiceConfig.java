package org.vitrine.voice.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vitrine.voice.model.ModelLocation;
import org.vitrine.voice.recognition.Endpointer;
import org.vitrine.voice.recognition.RecognitionMode;
import org.vitrine.voice.recognition.StreamRecognizer;

/**
 * Settings of the voice pipeline. {@link #of} gives the defaults; with* methods change one value.
 *
 * @param modelDir the Vosk model folder (default: VITRINE_VOSK_MODEL, else voice/target/vosk-model)
 * @param confDir where products.yaml (and store.yaml, for zones) are
 * @param sites speaker siteId → zone id; audio from other siteIds is refused
 * @param workerThreads recognition threads shared by all speakers (default: one per core)
 * @param sessionTimeout a speaker forgets the dialogue (context, open order) after this pause
 * @param maxBacklog audio a speaker may have waiting for recognition before chunks are refused
 * @param endSilence the endpointer's hangover: silence after a complete request that ends the
 *     utterance (default 150 ms; longer = fewer shoppers cut off in a pause, slower answers)
 * @param incompleteSilence silence that ends an utterance whose words are not a complete request
 *     yet, e.g. a pause after "show me" (default 700 ms; never shorter than endSilence)
 */
public record VoiceConfig(Path modelDir, Path confDir, Map<String, String> sites, int workerThreads,
    RecognitionMode mode, Duration sessionTimeout, Duration maxBacklog, ShopperLocator shopperLocator, Clock clock,
    Duration endSilence, Duration incompleteSilence) {

  public VoiceConfig {
    sites = Map.copyOf(new LinkedHashMap<>(sites));
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be at least 1");
    }
    if (endSilence.toMillis() < Endpointer.FRAME_MILLIS || endSilence.toMillis() > 5000) {
      throw new IllegalArgumentException("end silence must be 10..5000 ms, got " + endSilence.toMillis() + " ms");
    }
    if (incompleteSilence.compareTo(endSilence) < 0) {
      incompleteSilence = endSilence;
    }
  }

  public static VoiceConfig of(Path confDir, Map<String, String> sites) {
    return new VoiceConfig(ModelLocation.resolve(null), confDir, sites, Runtime.getRuntime().availableProcessors(),
        RecognitionMode.PARALLEL, Duration.ofSeconds(90), Duration.ofSeconds(5), ShopperLocator.NOBODY,
        Clock.systemUTC(), Duration.ofMillis(StreamRecognizer.DEFAULT_END_SILENCE_MILLIS),
        Duration.ofMillis(StreamRecognizer.DEFAULT_INCOMPLETE_SILENCE_MILLIS));
  }

  public VoiceConfig withModelDir(Path dir) {
    return new VoiceConfig(dir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, shopperLocator, clock, endSilence, incompleteSilence);
  }

  public VoiceConfig withWorkerThreads(int n) {
    return new VoiceConfig(modelDir, confDir, sites, n, mode, sessionTimeout, maxBacklog, shopperLocator, clock, endSilence, incompleteSilence);
  }

  public VoiceConfig withMode(RecognitionMode m) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, m, sessionTimeout, maxBacklog, shopperLocator, clock, endSilence, incompleteSilence);
  }

  public VoiceConfig withSessionTimeout(Duration d) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, d, maxBacklog, shopperLocator, clock, endSilence, incompleteSilence);
  }

  public VoiceConfig withMaxBacklog(Duration d) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, d, shopperLocator, clock, endSilence, incompleteSilence);
  }

  public VoiceConfig withShopperLocator(ShopperLocator l) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, l, clock, endSilence, incompleteSilence);
  }

  /** The endpointer's hangover (see endSilence); the incomplete hangover stays, but not below it. */
  public VoiceConfig withEndSilence(Duration d) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, shopperLocator, clock,
        d, incompleteSilence);
  }

  public VoiceConfig withIncompleteSilence(Duration d) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, shopperLocator, clock,
        endSilence, d);
  }

  public VoiceConfig withClock(Clock c) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, shopperLocator, c, endSilence, incompleteSilence);
  }
}
