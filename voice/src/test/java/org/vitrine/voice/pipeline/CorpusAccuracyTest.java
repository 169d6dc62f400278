package org.vitrine.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.bench.Corpus;
import org.vitrine.voice.bench.CorpusAudio;
import org.vitrine.voice.bench.CorpusReport;
import org.vitrine.voice.bench.CorpusRun;
import org.vitrine.voice.bench.CorpusScore;
import org.vitrine.voice.bench.Speech;

/**
 * The held-back split of the independent corpus (voice/src/test/resources/corpus, written from the
 * catalogue alone; the grammar and phrasings were never tuned on these rows), spoken by espeak-ng
 * through the real model and pipeline. Only aggregate figures are printed and asserted, never a row:
 * looking at test rows would make them dev rows. Any harmful action fails; so does intent accuracy
 * below {@link #INTENT_FLOOR}. The full figures (both splits, four voices, noise) are CorpusBench's.
 */
class CorpusAccuracyTest {

  /**
   * A regression floor at the held-back accuracy measured when this test was written (77%, en-us),
   * less two rows. The goal is 95% (and a 93% floor): not reached yet on held-back speech.
   */
  static final double INTENT_FLOOR = 75.0; // percent
  static final Speech.Voice VOICE = new Speech.Voice("en-us", 160, 0);

  @Test
  void heldBackUtterancesAreUnderstoodAboveTheFloorAndNothingHarmfulIsDone() throws Exception {
    Speech.requireTools(); // fails (not skips) with the apt-get hint when espeak-ng or sox is missing
    Path conf = TestSupport.confDir();
    Corpus corpus = Corpus.read(Corpus.locate(conf.getParent()));
    List<Corpus.Row> rows = corpus.split("test");
    // audio made once per machine (espeak-ng is deterministic), kept with the build's other outputs
    CorpusAudio audio = new CorpusAudio(new Speech(TestSupport.tempDir("corpus-speech")),
        conf.getParent().resolve("voice/target/corpus-audio"));
    try (VoicePipeline pipeline = VoicePipeline.create(VoiceConfig.of(conf, Map.of("held-back", "apparel"))
        .withMaxBacklog(Duration.ofSeconds(600)), TestSupport.model(), TestSupport.catalog())) {
      List<CorpusRun.Outcome> outcomes = CorpusRun.run(pipeline, audio, rows,
          List.of(new CorpusRun.Speaker(VOICE, "held-back")));
      CorpusReport.Figures f = new CorpusReport(new CorpusScore(TestSupport.catalog()), outcomes).split("test");
      System.out.printf(Locale.ROOT, "CORPUS held-back (%s): %d rows, intent %.1f%%, intent+slots %.1f%%, harmful %d, "
          + "out-of-scope rows with no action %d/%d%n", VOICE.label(), f.n(), f.intentRate(), f.slotRate(),
          f.harmful(), f.outOfScopeQuiet(), f.outOfScope());
      assertThat(f.n()).isEqualTo(rows.size()).isGreaterThanOrEqualTo(100);
      assertThat(f.harmful()).as("actions the shopper did not ask for").isZero();
      assertThat(f.outOfScopeQuiet()).as("out-of-scope rows with no action").isEqualTo(f.outOfScope());
      assertThat(f.intentRate()).as("held-back intent accuracy, %").isGreaterThanOrEqualTo(INTENT_FLOOR);
    }
  }
}
