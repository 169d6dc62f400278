package org.vitrine.voice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.vitrine.voice.pipeline.UtteranceResult;

/**
 * Figures of a corpus run: per split and per voice, intent and intent+slot accuracy and harmful
 * actions. Individual rows are only ever printed for the dev split: the test split is held back and
 * only its totals are shown.
 */
public final class CorpusReport {

  /** Totals of one group of outcomes. */
  public record Figures(int n, int intents, int slots, int harmful, int outOfScope, int outOfScopeQuiet) {

    public double intentRate() {
      return n == 0 ? 0 : 100.0 * intents / n;
    }

    public double slotRate() {
      return n == 0 ? 0 : 100.0 * slots / n;
    }

    String line() {
      return String.format(Locale.ROOT, "%4d  intent %5.1f%% (%d)  intent+slots %5.1f%% (%d)  harmful %d  "
          + "out-of-scope rows with no action %d/%d", n, intentRate(), intents, slotRate(), slots, harmful,
          outOfScopeQuiet, outOfScope);
    }
  }

  private final CorpusScore score;
  private final List<CorpusRun.Outcome> outcomes;

  public CorpusReport(CorpusScore score, List<CorpusRun.Outcome> outcomes) {
    this.score = score;
    this.outcomes = List.copyOf(outcomes);
  }

  public Figures figures(Predicate<CorpusRun.Outcome> which) {
    int n = 0;
    int intents = 0;
    int slots = 0;
    int harmful = 0;
    int oos = 0;
    int quiet = 0;
    for (CorpusRun.Outcome o : outcomes) {
      if (!which.test(o)) {
        continue;
      }
      n++;
      intents += score.intentRight(o) ? 1 : 0;
      slots += score.slotsRight(o) ? 1 : 0;
      harmful += score.harmful(o).isEmpty() ? 0 : 1;
      if (o.row().intent().equals("out-of-scope")) {
        oos++;
        quiet += score.noActionForOutOfScope(o) ? 1 : 0;
      }
    }
    return new Figures(n, intents, slots, harmful, oos, quiet);
  }

  public Figures split(String split) {
    return figures(o -> o.row().split().equals(split));
  }

  /** The table: each split overall and per voice. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    for (String split : List.of("dev", "test")) {
      Figures all = split(split);
      if (all.n() == 0) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "%-5s all voices        %s%n", split, all.line()));
      for (Speech.Voice v : voices()) {
        sb.append(String.format(Locale.ROOT, "      %-20s %s%n", v.label(),
            figures(o -> o.row().split().equals(split) && o.voice().equals(v)).line()));
      }
    }
    return sb.toString();
  }

  /** Dev rows only: what went wrong, for tuning. Test rows are never listed. */
  public List<String> devMisses() {
    List<String> out = new ArrayList<>();
    for (CorpusRun.Outcome o : outcomes) {
      if (o.row().isTest() || score.slotsRight(o) && score.harmful(o).isEmpty()) {
        continue;
      }
      StringBuilder sb = new StringBuilder();
      sb.append(o.row().id()).append(" [").append(o.voice().label()).append("] '").append(o.row().text())
          .append("' want ").append(o.row().intent()).append(o.row().slots());
      if (!score.harmful(o).isEmpty()) {
        sb.append(" HARMFUL ").append(score.harmful(o));
      }
      for (UtteranceResult r : o.results()) {
        sb.append(String.format(Locale.ROOT, "%n     got %s%s conf %.2f via %s | G '%s' | F '%s'", r.intent().id(),
            r.heardSlots(), r.confidence(), r.source(), r.grammarText(), r.freeFormText()));
      }
      if (o.results().isEmpty()) {
        sb.append(" — nothing recognised");
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** End of the utterance's endpoint → result, ms: p50 and p95 for in-scope and out-of-scope answers. */
  public Map<String, double[]> latency() {
    Map<String, List<Double>> by = new LinkedHashMap<>();
    for (CorpusRun.Outcome o : outcomes) {
      for (UtteranceResult r : o.results()) {
        String kind = o.row().intent().equals("out-of-scope") ? "out-of-scope rows" : "in-scope rows";
        by.computeIfAbsent(kind, k -> new ArrayList<>()).add(r.timings().trailingSilenceMs()
            + r.timings().endpointToResultMs());
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    by.forEach((k, v) -> out.put(k, new double[] {percentile(v, 50), percentile(v, 95)}));
    return out;
  }

  List<Speech.Voice> voices() {
    return outcomes.stream().map(CorpusRun.Outcome::voice).distinct().toList();
  }

  static double percentile(List<Double> xs, int p) {
    if (xs.isEmpty()) {
      return 0;
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.size()) - 1)));
  }
}
