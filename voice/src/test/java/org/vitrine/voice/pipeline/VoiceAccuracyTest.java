package org.vitrine.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.bench.Speech;
import org.vitrine.voice.bench.Speech.Voice;

/**
 * Synthetic shoppers ask the store speaker the questions in six espeak-ng voices (three
 * with shop noise, 140-190 words per minute), streamed as Hermes WAV frames through the real
 * model in grammar mode; utterances are ended by silence. At least 90% must come out with the
 * right intent and slots.
 */
class VoiceAccuracyTest {

  /** text | intent | expected slots. */
  static final String[][] CASES = {
      {"where can I find running shoes", "find-product", "category=running shoes,zone=footwear"},
      {"show me red dresses", "show-products", "colour=red,category=dresses"},
      {"do you have these in size nine", "check-stock", "size=9"},
      {"how much is the trail runner", "price", "product=trail-runner-x"},
      {"what do you recommend for me", "recommend", ""},
      {"a large latte please", "order-coffee", "drink=latte,size=large"},
      {"no that's all", "order-done", ""},
      {"call an assistant", "call-assistant", ""},
      {"what are your opening hours", "opening-hours", ""},
      {"what can you do", "help", ""},
      {"where are the sneakers", "find-product", "category=sneakers"},
      {"a small cappuccino please", "order-coffee", "drink=cappuccino,size=small"},
      {"can I have a medium tea", "order-coffee", "drink=tea,size=medium"},
      {"do you have the city sneaker in size eight", "check-stock", "product=city-sneaker,size=8"},
      {"is the summit boot in stock", "check-stock", "product=summit-boot"},
      {"show me blue denim", "show-products", "colour=blue,category=denim"},
      {"where is the cafe", "find-product", "zone=cafe"},
      {"how much is a hot chocolate", "price", "product=hot-chocolate"},
  };

  static final List<Voice> VOICES = List.of(
      new Voice("en-us", 160, 0),
      new Voice("en-gb+f3", 140, 0.03),
      new Voice("en-us+m3", 190, 0.03),
      new Voice("en-gb-scotland", 150, 0),
      new Voice("en-029", 150, 0.03),
      new Voice("en-us+klatt", 170, 0));

  private static VoicePipeline pipeline;
  private static Speech speech;

  @BeforeAll
  static void setUp() {
    Speech.requireTools(); // fails (not skips) with the apt-get hint when espeak-ng or sox is missing
    speech = new Speech(TestSupport.tempDir("speech"));
    Map<String, String> sites = new LinkedHashMap<>();
    for (int i = 0; i < VOICES.size(); i++) {
      sites.put("speaker-" + i, List.of("apparel", "footwear", "cafe", "entrance", "checkout", "apparel").get(i));
    }
    pipeline = VoicePipeline.create(VoiceConfig.of(TestSupport.confDir(), sites).withMaxBacklog(HermesFrames.FAST),
        TestSupport.model(), TestSupport.catalog());
  }

  @AfterAll
  static void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  record Outcome(Voice voice, String[] expected, List<UtteranceResult> results, boolean right) {
  }

  @Test
  void atLeastNinetyPercentOfSpokenQuestionsGetTheRightIntentAndSlots() throws Exception {
    // One speaker per voice, all six streaming at once (as in a store): 2 cores share the work.
    ExecutorService shoppers = Executors.newFixedThreadPool(VOICES.size());
    List<Future<List<Outcome>>> perVoice = new ArrayList<>();
    for (int i = 0; i < VOICES.size(); i++) {
      Voice voice = VOICES.get(i);
      String site = "speaker-" + i;
      perVoice.add(shoppers.submit(() -> speak(site, voice)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<List<Outcome>> f : perVoice) {
      outcomes.addAll(f.get());
    }
    shoppers.shutdown();

    int right = (int) outcomes.stream().filter(Outcome::right).count();
    int total = outcomes.size();
    List<Double> rtf = new ArrayList<>();
    List<Double> afterEndpoint = new ArrayList<>();
    List<Double> trailing = new ArrayList<>();
    Map<String, Integer> endedBy = new java.util.TreeMap<>();
    for (Outcome o : outcomes) {
      for (UtteranceResult r : o.results()) {
        rtf.add(r.timings().realTimeFactor());
        afterEndpoint.add(r.timings().endpointToResultMs());
        trailing.add(r.timings().trailingSilenceMs());
        endedBy.merge(r.endedBy(), 1, Integer::sum);
      }
      if (!o.right()) {
        System.out.printf("  miss [%s] '%s' expected %s %s, got %s%n", o.voice().label(), o.expected()[0],
            o.expected()[1], o.expected()[2], o.results().stream()
                .map(r -> "'" + r.text() + "' (" + r.source() + ") " + r.intent().id() + r.slots()).toList());
      }
    }
    for (Voice v : VOICES) {
      long ok = outcomes.stream().filter(o -> o.voice().equals(v) && o.right()).count();
      System.out.printf("  %-22s %d/%d%n", v.label(), ok, CASES.length);
    }
    System.out.printf(Locale.ROOT, "intent accuracy %d/%d = %.1f%% (grammar mode, %d voices, %d with noise; "
            + "utterances ended by %s)%n", right, total, 100.0 * right / total,
        VOICES.size(), VOICES.stream().filter(v -> v.noiseVolume() > 0).count(), endedBy);
    System.out.printf(Locale.ROOT, "  real-time factor median %.3f (six streams on 2 cores, audio sent faster than "
            + "real time); endpoint->result median %.1f ms; end of speech->endpoint (silence waited) median %.0f ms%n",
        median(rtf), median(afterEndpoint), median(trailing));
    assertThat(100.0 * right / total).as("intent accuracy %d/%d", right, total).isGreaterThanOrEqualTo(90.0);
  }

  private List<Outcome> speak(String site, Voice voice) throws Exception {
    List<Outcome> out = new ArrayList<>();
    for (String[] c : CASES) {
      // 0.4 s before, 1.5 s after: a pause long enough for Vosk's endpointing to end the utterance.
      byte[] pcm = speech.say(c[0], voice, 0.4, 1.5);
      List<UtteranceResult> results = HermesFrames.streamAndEnd(pipeline, site, pcm);
      out.add(new Outcome(voice, c, results, results.size() == 1 && matches(results.get(0), c)));
    }
    return out;
  }

  static boolean matches(UtteranceResult r, String[] c) {
    if (!r.intent().id().equals(c[1])) {
      return false;
    }
    for (String kv : c[2].isEmpty() ? new String[0] : c[2].split(",")) {
      String[] p = kv.split("=");
      if (!p[1].equals(r.slots().get(p[0]))) {
        return false;
      }
    }
    return true;
  }

  static double median(List<Double> xs) {
    return percentile(xs, 50);
  }

  static double percentile(List<Double> xs, int p) {
    if (xs.isEmpty()) {
      return 0;
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }
}
