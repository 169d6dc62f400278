package org.vitrine.voice.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vitrine.voice.model.ModelLocation;
import org.vitrine.voice.recognition.RecognitionMode;

/**
 * Settings of the voice pipeline. {@link #of} gives the defaults; with* methods change one value.
 *
 * @param modelDir the Vosk model folder (default: VITRINE_VOSK_MODEL, else voice/target/vosk-model)
 * @param confDir where products.yaml (and store.yaml, for zones) are
 * @param sites speaker siteId → zone id; audio from other siteIds is refused
 * @param workerThreads recognition threads shared by all speakers (default: one per core)
 * @param sessionTimeout a speaker forgets the dialogue (context, open order) after this pause
 * @param maxBacklog audio a speaker may have waiting for recognition before chunks are refused
 */
public record VoiceConfig(Path modelDir, Path confDir, Map<String, String> sites, int workerThreads,
    RecognitionMode mode, Duration sessionTimeout, Duration maxBacklog, ShopperLocator shopperLocator, Clock clock) {

  public VoiceConfig {
    sites = Map.copyOf(new LinkedHashMap<>(sites));
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be at least 1");
    }
  }

  public static VoiceConfig of(Path confDir, Map<String, String> sites) {
    return new VoiceConfig(ModelLocation.resolve(null), confDir, sites, Runtime.getRuntime().availableProcessors(),
        RecognitionMode.GRAMMAR_WITH_FALLBACK, Duration.ofSeconds(90), Duration.ofSeconds(5), ShopperLocator.NOBODY,
        Clock.systemUTC());
  }

  public VoiceConfig withModelDir(Path dir) {
    return new VoiceConfig(dir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, shopperLocator, clock);
  }

  public VoiceConfig withWorkerThreads(int n) {
    return new VoiceConfig(modelDir, confDir, sites, n, mode, sessionTimeout, maxBacklog, shopperLocator, clock);
  }

  public VoiceConfig withMode(RecognitionMode m) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, m, sessionTimeout, maxBacklog, shopperLocator, clock);
  }

  public VoiceConfig withSessionTimeout(Duration d) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, d, maxBacklog, shopperLocator, clock);
  }

  public VoiceConfig withMaxBacklog(Duration d) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, d, shopperLocator, clock);
  }

  public VoiceConfig withShopperLocator(ShopperLocator l) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, l, clock);
  }

  public VoiceConfig withClock(Clock c) {
    return new VoiceConfig(modelDir, confDir, sites, workerThreads, mode, sessionTimeout, maxBacklog, shopperLocator, c);
  }
}
