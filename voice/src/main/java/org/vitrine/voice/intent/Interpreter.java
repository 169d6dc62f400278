package org.vitrine.voice.intent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.voice.catalog.Spoken;
import org.vitrine.voice.recognition.Hypothesis;

/**
 * Reads one utterance from its two recognitions, the store grammar's and the free-form one, and says
 * how sure that reading is. The grammar hears catalogue names well but forces any speech onto store
 * words; free-form recognition hears what was said, names less well. So: both saying the same request
 * is high confidence; the grammar alone with sure catalogue words is medium; free-form words the
 * grammar cannot hold ("weather", "laptops") against doubtful catalogue words make it out of scope
 * rather than the nearest product; and a reading below {@link #ACT} is not acted on: the speaker says
 * it did not catch that (or, for clear words with no store request in them, that it cannot help).
 * Pure: same input, same reading.
 */
public final class Interpreter {

  /** Below this nothing is done. */
  public static final double ACT = 0.5;
  /** Both readings agree on the request and its slots. */
  static final double AGREED = 0.95;
  /** Same request, the slots differ (free-form often mishears names): the grammar's names are taken. */
  static final double SAME_REQUEST = 0.8;
  /** Only the grammar reading is a request; scaled by its catalogue words' confidence. */
  static final double GRAMMAR_ONLY = 0.75;
  /** Only the free-form reading is a request; scaled by its mean word confidence. */
  static final double FREE_FORM_ONLY = 0.7;
  /** Catalogue words at least this sure outweigh a free-form reading of something the store does not have. */
  static final double SURE_NAMES = 0.85;
  /** Free-form words at least this sure, two or more of them, are speech that was understood. */
  static final double CLEAR_SPEECH = 0.65;

  private final IntentParser parser;

  public Interpreter(IntentParser parser) {
    this.parser = parser;
  }

  public Reading read(Hypothesis grammar, Hypothesis freeForm) {
    Reading r = weigh(grammar, freeForm);
    if (r.intent().inScope() && r.confidence() < ACT) {
      return notActedOn(grammar, freeForm, String.format(java.util.Locale.ROOT, "%s at %.2f, below %.2f", r.why(),
          r.confidence(), ACT));
    }
    return r;
  }

  private Reading weigh(Hypothesis grammar, Hypothesis freeForm) {
    ParsedIntent g = withHeardQuantity(parser.parse(grammar.text()), freeForm);
    ParsedIntent f = parser.parse(freeForm.text());
    boolean gIn = !grammar.isEmpty() && g.intent().inScope() && IntentParser.complete(g);
    boolean fIn = !freeForm.isEmpty() && f.intent().inScope() && IntentParser.complete(f);
    double gNames = nameConfidence(grammar);
    double fWords = freeForm.isEmpty() ? 0 : freeForm.meanConfidence();
    if (gIn && fIn && g.intent() == f.intent()) {
      boolean agree = Interpreter.compatible(g.slots(), f.slots());
      return new Reading(g, agree ? AGREED * Math.max(0.8, gNames) : SAME_REQUEST * gNames, "both", grammar.text(),
          agree ? "agreed" : "same request, names differ");
    }
    if (gIn && fIn) {
      // Two different requests: the surer one, at a lower confidence.
      return gNames >= fWords ? new Reading(g, 0.6 * gNames, "grammar", grammar.text(), "readings disagree")
          : new Reading(f, 0.6 * fWords, "free-form", freeForm.text(), "readings disagree");
    }
    if (gIn) {
      boolean otherThing = f.intent() == Intent.OUT_OF_SCOPE && fWords >= CLEAR_SPEECH;
      // Clear free-form words about something else win over the grammar's forced reading. Only an
      // unknown object ("laptops") against sure catalogue words does not: that is often a garbled
      // name. (Letting sure names win over topic words too gains "where's the denim" heard "the dad
      // him", but acts on bystanders' "meet you at the cafe": measured on the dev split.)
      if (otherThing && (f.unknownObject() == null || gNames < SURE_NAMES)) {
        return new Reading(f, fWords, "free-form", freeForm.text(), "free-form heard words the store grammar lacks");
      }
      return new Reading(g, GRAMMAR_ONLY * gNames * terse(g), "grammar", grammar.text(), "grammar only");
    }
    if (fIn) {
      return new Reading(f, FREE_FORM_ONLY * fWords * terse(f), "free-form", freeForm.text(), "free-form only");
    }
    if (f.intent() == Intent.OUT_OF_SCOPE && fWords >= CLEAR_SPEECH
        || g.intent() == Intent.OUT_OF_SCOPE && (freeForm.isEmpty() || f.intent() == Intent.OUT_OF_SCOPE)) {
      ParsedIntent oos = f.intent() == Intent.OUT_OF_SCOPE ? f : g;
      return new Reading(oos, Math.max(fWords, 0.5), oos == f ? "free-form" : "grammar",
          oos == f ? freeForm.text() : grammar.text(), "out of scope");
    }
    return notActedOn(grammar, freeForm, "not understood");
  }

  /**
   * A bare name ("jackets", "the washroom") that only one recognizer reads as a request is often a
   * fragment of a longer utterance split in noise: it shows or points only when both agree.
   * (Measured on dev misses in noise: such fragments put the wrong products on the screens.)
   */
  static double terse(ParsedIntent p) {
    if (p.intent() != Intent.SHOW_PRODUCTS && p.intent() != Intent.FIND_PRODUCT && p.intent() != Intent.FIND_FACILITY) {
      return 1;
    }
    long words = Words.tokens(p.text()).stream()
        .filter(w -> !java.util.Set.of("please", "the", "a", "an", "some", "your", "um", "er").contains(w)).count();
    return words <= 2 ? TERSE : 1;
  }

  /** How much a one-recognizer reading of a bare name keeps of its confidence: below ACT for any of them. */
  static final double TERSE = 0.6;

  /**
   * Nothing to act on: clear free-form words with no store request in them are someone talking (out of
   * scope: "I can't help with that"); anything else was not caught.
   */
  private Reading notActedOn(Hypothesis grammar, Hypothesis freeForm, String why) {
    ParsedIntent heard = parser.parse(freeForm.text());
    // "show me see": a store request whose words were not caught is not someone talking about something else
    boolean storeRequest = heard.intent().inScope() && heard.intent() != Intent.UNKNOWN;
    if (!storeRequest && Words.tokens(freeForm.text()).size() >= 2 && freeForm.meanConfidence() >= CLEAR_SPEECH) {
      ParsedIntent f = heard;
      ParsedIntent oos = new ParsedIntent(Intent.OUT_OF_SCOPE, Map.of(), f.text(), false, false,
          f.intent() == Intent.OUT_OF_SCOPE ? f.unknownObject() : null);
      return new Reading(oos, freeForm.meanConfidence(), "free-form", freeForm.text(), why + "; no request heard");
    }
    String text = freeForm.isEmpty() ? grammar.text().replace("[unk]", " ").trim() : freeForm.text();
    return new Reading(new ParsedIntent(Intent.UNKNOWN, Map.of(), Words.normalise(text), false), 0, "none", text, why);
  }

  /**
   * The grammar often hears "two lattes" as "do latte"; free-form hears the number. An order without a
   * quantity takes the free-form reading's number word (two to nine) when it has one.
   */
  private ParsedIntent withHeardQuantity(ParsedIntent g, Hypothesis freeForm) {
    if (g.intent() != Intent.ORDER_COFFEE || g.slots().containsKey(Slots.QUANTITY)) {
      return g;
    }
    List<String> words = Words.tokens(freeForm.text());
    for (int i = 0; i < words.size(); i++) {
      int n = Spoken.parseNumber(List.of(words.get(i)));
      boolean size = i > 0 && (words.get(i - 1).equals("size") || words.get(i - 1).equals("in"));
      // only a number said before the drink ("too hot chocolate"), not a mishearing at the end ("a lot eight")
      boolean beforeDrink = i + 1 < words.size() && parser.namesSomething(words.get(i + 1));
      if (n >= 2 && n <= 9 && !size && beforeDrink) {
        Map<String, String> slots = new LinkedHashMap<>(g.slots());
        slots.put(Slots.QUANTITY, String.valueOf(n));
        return new ParsedIntent(g.intent(), slots, g.text(), g.refersBack(), g.repair(), g.unknownObject());
      }
    }
    return g;
  }

  /**
   * The weakest catalogue word of the grammar reading ("trail", "latte", "nine"): the words an action
   * would be taken on. Without such words, the weakest word at all.
   */
  private double nameConfidence(Hypothesis h) {
    double min = 1;
    boolean any = false;
    for (Hypothesis.Word w : h.words()) {
      if (parser.namesSomething(w.word())) {
        min = Math.min(min, w.confidence());
        any = true;
      }
    }
    if (!any) {
      return h.words().stream().filter(w -> !w.word().equals("[unk]")).mapToDouble(Hypothesis.Word::confidence)
          .min().orElse(0);
    }
    return min;
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
