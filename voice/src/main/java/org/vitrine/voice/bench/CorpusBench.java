package org.vitrine.voice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vitrine.voice.catalog.CatalogLoader;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.model.ModelLocation;
import org.vitrine.voice.model.VoskModel;
import org.vitrine.voice.pipeline.VoiceConfig;
import org.vitrine.voice.pipeline.VoicePipeline;

/**
 * The speaker's accuracy on the independent corpus (a program, not a test): every row spoken by
 * espeak-ng in {@link #VOICES} (four voices, each clean and in shop noise) through the real model and
 * pipeline; intent, intent+slot and harmful-action figures per split and voice. Dev misses are listed
 * with --misses; test rows never are.
 *
 * <p>Run from the project root: {@code mvn -o -B -q -pl voice -am package -DskipTests && java -cp
 * voice/target/vitrine-voice-0.1.0-SNAPSHOT.jar org.vitrine.voice.bench.CorpusBench [--split dev|test|all]
 * [--voices 2] [--misses]}
 */
public final class CorpusBench {

  /** Pink noise at sox vol 0.08: about -36 dBFS RMS against speech at about -22 dBFS, a busy shop's ~14 dB SNR. */
  public static final double SHOP_NOISE = 0.08;
  public static final List<Speech.Voice> VOICES = List.of(
      new Speech.Voice("en-us", 160, 0), new Speech.Voice("en-us", 160, SHOP_NOISE),
      new Speech.Voice("en-gb+f3", 150, 0), new Speech.Voice("en-gb+f3", 150, SHOP_NOISE),
      new Speech.Voice("en-gb-scotland", 150, 0), new Speech.Voice("en-gb-scotland", 150, SHOP_NOISE),
      new Speech.Voice("en-029", 150, 0), new Speech.Voice("en-029", 150, SHOP_NOISE));

  private CorpusBench() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "voice-bench-logback.xml");
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].replaceFirst("^--", "");
      opts.put(key, i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
    }
    Path root = Path.of(opts.getOrDefault("root", "."));
    Path conf = root.resolve("conf");
    String split = opts.getOrDefault("split", "all");
    int voiceCount = Integer.parseInt(opts.getOrDefault("voices", String.valueOf(VOICES.size())));
    Speech.requireTools();
    ProductCatalog catalog = CatalogLoader.load(conf);
    Corpus corpus = Corpus.read(Corpus.locate(root));
    List<Corpus.Row> rows = split.equals("all") ? corpus.rows() : corpus.split(split);
    List<Speech.Voice> voices = VOICES.subList(0, voiceCount);
    Map<String, String> sites = new LinkedHashMap<>();
    List<CorpusRun.Speaker> speakers = new ArrayList<>();
    for (int i = 0; i < voices.size(); i++) {
      sites.put("bench-" + i, "apparel");
      speakers.add(new CorpusRun.Speaker(voices.get(i), "bench-" + i));
    }
    try (VoskModel model = VoskModel.load(ModelLocation.resolve(opts.get("model")));
         VoicePipeline pipeline = VoicePipeline.create(VoiceConfig.of(conf, sites)
             .withMaxBacklog(java.time.Duration.ofSeconds(600)), model, catalog)) {
      CorpusAudio audio = new CorpusAudio(new Speech(Files.createTempDirectory("corpus")),
          root.resolve("voice/target/corpus-audio"));
      long t0 = System.nanoTime();
      List<CorpusRun.Outcome> outcomes = CorpusRun.run(pipeline, audio, rows, speakers);
      double seconds = (System.nanoTime() - t0) / 1e9;
      CorpusReport report = new CorpusReport(new CorpusScore(catalog), outcomes);
      if (opts.containsKey("misses")) {
        report.devMisses().forEach(System.out::println);
      }
      System.out.printf(Locale.ROOT, "CorpusBench: %d rows (%s) x %d voices in %.0f s on %d cores%n", rows.size(), split,
          voices.size(), seconds, Runtime.getRuntime().availableProcessors());
      System.out.print(report.table());
      report.latency().forEach((k, v) -> System.out.printf(Locale.ROOT,
          "end of speech -> result (silence waited + endpoint -> result), %s: p50 %.0f ms, p95 %.0f ms%n", k, v[0], v[1]));
    }
  }
}
