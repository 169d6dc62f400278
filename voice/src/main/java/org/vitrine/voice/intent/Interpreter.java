package org.vitrine.voice.intent;

import java.util.Map;
import org.vitrine.voice.recognition.Hypothesis;

/**
 * Reads one utterance from its two recognitions, the store grammar's and the free-form one, and says
 * how sure that reading is. The grammar hears catalogue names well but forces any speech onto store
 * words; free-form recognition hears what was said, names less well. So: both saying the same request
 * is high confidence; the grammar alone with confident words is medium; free-form words the grammar
 * cannot hold ("weather", "laptops") make it out of scope rather than the nearest product; and a
 * reading neither supports is not acted on. Pure: same input, same reading.
 */
public final class Interpreter {

  /** Both readings agree on the request and its slots. */
  static final double AGREED = 0.95;
  /** Same request, the slots differ (free-form often mishears names): the grammar's names are taken. */
  static final double SAME_REQUEST = 0.8;
  /** Only the grammar reading is a request; scaled by its weakest word's confidence. */
  static final double GRAMMAR_ONLY = 0.75;
  /** Only the free-form reading is a request; scaled by its mean word confidence. */
  static final double FREE_FORM_ONLY = 0.7;
  /** Free-form words at least this sure, two or more of them, are speech that was understood. */
  static final double CLEAR_SPEECH = 0.65;

  private final IntentParser parser;

  public Interpreter(IntentParser parser) {
    this.parser = parser;
  }

  public Reading read(Hypothesis grammar, Hypothesis freeForm) {
    ParsedIntent g = parser.parse(grammar.text());
    ParsedIntent f = parser.parse(freeForm.text());
    boolean gIn = !grammar.isEmpty() && g.intent().inScope() && IntentParser.complete(g);
    boolean fIn = !freeForm.isEmpty() && f.intent().inScope() && IntentParser.complete(f);
    double gWords = wordConfidence(grammar);
    double fWords = freeForm.meanConfidence();
    if (gIn && fIn && g.intent() == f.intent()) {
      boolean agree = compatible(g.slots(), f.slots());
      return new Reading(g, agree ? AGREED * Math.max(0.8, gWords) : SAME_REQUEST * gWords, "both", grammar.text(),
          agree ? "agreed" : "same request, names differ");
    }
    if (gIn && fIn) {
      // Two different requests: the grammar's, if its words are sure, else not understood.
      return gWords >= 0.9 ? new Reading(g, 0.55 * gWords, "grammar", grammar.text(), "readings disagree")
          : unknown(grammar, freeForm, "readings disagree");
    }
    if (gIn) {
      if (f.intent() == Intent.OUT_OF_SCOPE && fWords >= CLEAR_SPEECH) {
        return new Reading(f, fWords, "free-form", freeForm.text(), "free-form heard words the store grammar lacks");
      }
      return new Reading(g, GRAMMAR_ONLY * gWords, "grammar", grammar.text(), "grammar only");
    }
    if (fIn) {
      return new Reading(f, FREE_FORM_ONLY * fWords, "free-form", freeForm.text(), "free-form only");
    }
    if (f.intent() == Intent.OUT_OF_SCOPE || g.intent() == Intent.OUT_OF_SCOPE && freeForm.isEmpty()) {
      ParsedIntent oos = f.intent() == Intent.OUT_OF_SCOPE ? f : g;
      return new Reading(oos, Math.max(fWords, 0.5), f == oos ? "free-form" : "grammar",
          f == oos ? freeForm.text() : grammar.text(), "out of scope");
    }
    if (Words.tokens(freeForm.text()).size() >= 2 && fWords >= CLEAR_SPEECH) {
      // Clear words with no store request in them: someone talking, not to the speaker or not about the store.
      return new Reading(f.withIntent(Intent.OUT_OF_SCOPE), fWords, "free-form", freeForm.text(), "no request in it");
    }
    return unknown(grammar, freeForm, "not understood");
  }

  private Reading unknown(Hypothesis grammar, Hypothesis freeForm, String why) {
    String text = freeForm.isEmpty() ? grammar.text().replace("[unk]", " ").trim() : freeForm.text();
    return new Reading(new ParsedIntent(Intent.UNKNOWN, Map.of(), Words.normalise(text), false), 0, "none", text, why);
  }

  /** The weakest word of the grammar reading (fillers included: a doubtful word is a doubtful reading). */
  private static double wordConfidence(Hypothesis h) {
    return h.words().stream().filter(w -> !w.word().equals("[unk]")).mapToDouble(Hypothesis.Word::confidence).min()
        .orElse(0);
  }

  /** No slot has two different values. */
  static boolean compatible(Map<String, String> a, Map<String, String> b) {
    for (Map.Entry<String, String> e : a.entrySet()) {
      String other = b.get(e.getKey());
      if (other != null && !other.equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }
}
