package org.vitrine.voice.bench;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vitrine.voice.audio.Pcm;
import org.vitrine.voice.audio.WavChunk;
import org.vitrine.voice.catalog.CatalogLoader;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.grammar.Grammar;
import org.vitrine.voice.grammar.GrammarBuilder;
import org.vitrine.voice.intent.IntentParser;
import org.vitrine.voice.model.ModelLocation;
import org.vitrine.voice.model.VoskModel;
import org.vitrine.voice.pipeline.UtteranceResult;
import org.vitrine.voice.pipeline.VoiceConfig;
import org.vitrine.voice.pipeline.VoicePipeline;
import org.vitrine.voice.recognition.Recognition;
import org.vitrine.voice.recognition.RecognitionMode;
import org.vitrine.voice.recognition.StreamRecognizer;

/**
 * Measures the store speaker on this machine (a program, not a test):
 * <ol>
 *   <li>real-time factor of grammar vs free-form recognition, warm recognizer vs a new one per utterance,
 *       and how often each mode gets the words and the intent right;</li>
 *   <li>how many speakers talking at once the machine keeps up with in real time: N streams of 64 ms Hermes
 *       WAV frames fed by a Vert.x event loop at real-time pace through VoicePipeline, N doubling until
 *       latency or back-pressure says it no longer keeps up.</li>
 * </ol>
 * Needs espeak-ng and sox. Run: {@code mvn -B -pl voice package -DskipTests && java -jar voice/target/vitrine-voice-0.1.0-SNAPSHOT.jar [--seconds 20] [--max-streams 64] [--threads N]}
 */
public final class VoiceBench {

  private static final String[] SENTENCES = {
      "where can I find running shoes", "show me red dresses", "do you have these in size nine",
      "how much is the trail runner", "what do you recommend for me", "a large latte please", "no that's all",
      "call an assistant", "what are your opening hours", "where are the sneakers", "a small cappuccino please",
      "can I have a medium tea", "do you have the city sneaker in size eight", "is the summit boot in stock",
      "show me blue denim", "where is the cafe", "how much is a hot chocolate", "what can you do"};
  private static final List<Speech.Voice> VOICES = List.of(new Speech.Voice("en-us", 160, 0),
      new Speech.Voice("en-gb+f3", 140, 0.03));

  private record Clip(String text, byte[] pcm) {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "voice-bench-logback.xml");
    Map<String, String> opts = options(args);
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
    int maxStreams = Integer.parseInt(opts.getOrDefault("max-streams", "64"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
    Path conf = Path.of(opts.getOrDefault("conf", Files.isDirectory(Path.of("conf")) ? "conf" : "../conf"));

    Speech.requireTools();
    ProductCatalog catalog = CatalogLoader.load(conf);
    VoskModel model = VoskModel.load(ModelLocation.resolve(opts.get("model")));
    Speech speech = new Speech(Files.createTempDirectory("voicebench"));
    List<Clip> clips = new ArrayList<>();
    for (Speech.Voice v : VOICES) {
      for (String s : SENTENCES) {
        clips.add(new Clip(s, speech.say(s, v, 0.3, 1.2)));
      }
    }
    double audioSeconds = clips.stream().mapToDouble(c -> c.pcm().length / (double) Pcm.BYTES_PER_SECOND).sum();
    System.out.printf(Locale.ROOT, "VoiceBench: %d cores, %d worker threads, model %s%n", Runtime.getRuntime()
        .availableProcessors(), threads, model.dir());
    System.out.printf(Locale.ROOT, "%d utterances (%d voices, one with shop noise), %.1f s of audio%n%n", clips.size(),
        VOICES.size(), audioSeconds);

    Grammar grammar = GrammarBuilder.build(catalog, model::knowsWord);
    IntentParser parser = new IntentParser(catalog);
    System.out.println("1. Real-time factor (CPU time / audio time, one thread; lower is better)");
    System.out.println("   mode                       warm recognizer   new recognizer per utterance   exact words   intent right");
    for (RecognitionMode mode : List.of(RecognitionMode.GRAMMAR_ONLY, RecognitionMode.FREE_FORM)) {
      double[] warm = rtf(model, grammar, mode, clips, parser, false);
      double[] fresh = rtf(model, grammar, mode, clips, parser, true);
      System.out.printf(Locale.ROOT, "   %-26s %8.3f          %8.3f                       %3d/%d        %3d/%d%n",
          mode == RecognitionMode.GRAMMAR_ONLY ? "grammar (store phrases)" : "free-form (whole English)", warm[0],
          fresh[0], (int) warm[1], clips.size(), (int) warm[2], clips.size());
    }
    System.out.println();
    concurrency(model, catalog, clips, seconds, maxStreams, threads);
    model.close();
    System.exit(0);
  }

  /** {rtf, exact transcripts, right intents} over all clips, one recognizer reused or one per clip. */
  private static double[] rtf(VoskModel model, Grammar grammar, RecognitionMode mode, List<Clip> clips,
      IntentParser parser, boolean newPerUtterance) {
    // One pass to warm the JIT and caches, then the measured pass.
    double cpu = 0;
    double audio = 0;
    int exact = 0;
    int intents = 0;
    StreamRecognizer shared = null;
    for (int pass = 0; pass < 2; pass++) {
      cpu = 0;
      audio = 0;
      exact = 0;
      intents = 0;
      for (Clip c : clips) {
        long t0 = System.nanoTime();
        StreamRecognizer r = newPerUtterance || shared == null ? new StreamRecognizer(model, grammar, mode, (g, f) -> true)
            : shared;
        List<Recognition> out = new ArrayList<>(r.accept(c.pcm(), 0, c.pcm().length));
        r.finish().ifPresent(out::add);
        cpu += (System.nanoTime() - t0) / 1e9;
        audio += c.pcm().length / (double) Pcm.BYTES_PER_SECOND;
        String heard = String.join(" ", out.stream().map(x -> mode == RecognitionMode.FREE_FORM ? x.freeFormText()
            : x.grammarText()).toList());
        String said = c.text().toLowerCase(Locale.ROOT);
        exact += heard.equals(said) ? 1 : 0;
        intents += parser.parse(heard).intent() == parser.parse(said).intent()
            && parser.parse(heard).slots().equals(parser.parse(said).slots()) ? 1 : 0;
        if (newPerUtterance) {
          r.close();
        } else {
          shared = r;
        }
      }
    }
    if (shared != null) {
      shared.close();
    }
    return new double[] {cpu / audio, exact, intents};
  }

  private static void concurrency(VoskModel model, ProductCatalog catalog, List<Clip> clips, int seconds,
      int maxStreams, int threads) throws Exception {
    System.out.printf(Locale.ROOT, "2. Concurrent speakers in real time (%d s each, everyone talking non-stop: speech "
        + "then a 1.2 s pause, again; 64 ms Hermes WAV frames fed from one Vert.x event loop)%n", seconds);
    System.out.println("   streams  utterances  latency p50/p95/max ms  endpoint wait p50  CPU   refused  loop delay p99/max  keeps up");
    int best = 0;
    int failed = 0;
    for (int n = 1; n <= maxStreams; n *= 2) {
      if (!realTime(model, catalog, clips, n, seconds, threads)) {
        failed = n;
        break;
      }
      best = n;
    }
    // Two bisection steps between the last doubling that kept up and the first that did not.
    for (int step = 0; step < 2 && failed > best + 1 && best > 0; step++) {
      int mid = (best + failed) / 2;
      if (realTime(model, catalog, clips, mid, seconds, threads)) {
        best = mid;
      } else {
        failed = mid;
      }
    }
    System.out.printf("   => %d concurrent speakers kept up in real time on this machine%s.%n%n", best,
        failed > 0 ? " (" + failed + " did not)" : "");
    System.out.println("   latency = from the end being detected (Vosk's silence wait, shown separately) to the "
        + "answer: queueing + recognition + intent + reply.");
  }

  private static boolean realTime(VoskModel model, ProductCatalog catalog, List<Clip> clips, int streams, int seconds,
      int threads) throws Exception {
    Map<String, String> sites = new LinkedHashMap<>();
    for (int i = 0; i < streams; i++) {
      sites.put("s" + i, List.of("entrance", "cafe", "apparel", "footwear", "checkout").get(i % 5));
    }
    VoicePipeline pipeline = VoicePipeline.create(VoiceConfig.of(Path.of("unused"), sites).withWorkerThreads(threads),
        model, catalog);
    // Each stream: the clips from its own starting point, long enough for the run.
    List<byte[]> audio = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      for (int k = 0; b.size() < (seconds + 1) * Pcm.BYTES_PER_SECOND; k++) {
        b.writeBytes(clips.get((i * 7 + k) % clips.size()).pcm());
      }
      audio.add(b.toByteArray());
    }
    ConcurrentLinkedQueue<Double> latency = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Double> wait = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger();
    ConcurrentLinkedQueue<Double> loopDelay = new ConcurrentLinkedQueue<>();
    int frame = 2048;
    long frames = (long) seconds * Pcm.BYTES_PER_SECOND / frame;
    Vertx vertx = Vertx.vertx();
    CompletableFuture<Void> fed = new CompletableFuture<>();
    long cpu0 = cpuNanos();
    long start = System.nanoTime();
    vertx.runOnContext(v -> {
      long[] sent = {0};
      // Feeds every frame that is due by now: real-time pace even if a tick comes late.
      vertx.setPeriodic(16, id -> {
        long due = Math.min(frames, (System.nanoTime() - start) / 64_000_000L + 1);
        for (; sent[0] < due; sent[0]++) {
          int at = (int) (sent[0] * frame);
          for (int s = 0; s < streams; s++) {
            pending.incrementAndGet();
            pipeline.feedWav("s" + s, WavChunk.wrap(audio.get(s), at, frame)).onComplete(ar -> {
              pending.decrementAndGet();
              if (ar.failed()) {
                refused.incrementAndGet();
                return;
              }
              for (UtteranceResult r : ar.result()) {
                latency.add(r.timings().queuedMs() + r.timings().endpointToResultMs());
                wait.add(r.timings().trailingSilenceMs());
              }
            });
          }
        }
        if (sent[0] >= frames) {
          vertx.cancelTimer(id);
          fed.complete(null);
        }
      });
      long[] last = {System.nanoTime()};
      vertx.setPeriodic(10, id -> {
        long now = System.nanoTime();
        loopDelay.add(Math.max(0, (now - last[0]) / 1e6 - 10));
        last[0] = now;
      });
    });
    fed.get(seconds * 3L + 30, TimeUnit.SECONDS);
    long fedAt = System.nanoTime();
    while (pending.get() > 0 && System.nanoTime() - fedAt < 60_000_000_000L) {
      Thread.sleep(5);
    }
    double drainMs = (System.nanoTime() - fedAt) / 1e6;
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuShare = (cpuNanos() - cpu0) / 1e9 / wall / Runtime.getRuntime().availableProcessors();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    pipeline.close();
    List<Double> lat = new ArrayList<>(latency);
    Collections.sort(lat);
    List<Double> w = new ArrayList<>(wait);
    Collections.sort(w);
    double p95 = pct(lat, 95);
    List<Double> loop = new ArrayList<>(loopDelay);
    Collections.sort(loop);
    boolean keepsUp = refused.get() == 0 && p95 < 500 && drainMs < 500;
    System.out.printf(Locale.ROOT, "   %7d  %10d  %6.0f /%6.0f /%6.0f  %14.0f ms  %3.0f%%  %7d  %6.0f /%5.0f ms  %s%n",
        streams, lat.size(), pct(lat, 50), p95, lat.isEmpty() ? 0 : lat.get(lat.size() - 1), pct(w, 50),
        cpuShare * 100, refused.get(), pct(loop, 99), loop.isEmpty() ? 0 : loop.get(loop.size() - 1),
        keepsUp ? "yes" : "no (drain " + Math.round(drainMs) + " ms)");
    return keepsUp;
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("options are --name value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
