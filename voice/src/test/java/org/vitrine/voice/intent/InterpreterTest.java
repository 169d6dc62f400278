package org.vitrine.voice.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.recognition.Hypothesis;

/** How sure a reading of two recognitions is, and what is not acted on (real catalogue, hypotheses as Vosk gives them). */
class InterpreterTest {

  private final Interpreter interpreter = new Interpreter(new IntentParser(TestSupport.catalog()));

  /** A hypothesis whose every word has this confidence. */
  private static Hypothesis heard(String text, double confidence) {
    List<Hypothesis.Word> words = new ArrayList<>();
    double t = 0;
    for (String w : text.split(" ")) {
      words.add(new Hypothesis.Word(w, confidence, t, t + 0.3));
      t += 0.3;
    }
    return new Hypothesis(text, words);
  }

  @Test
  void bothRecognitionsAgreeingIsHighConfidence() {
    Reading r = interpreter.read(heard("show me red dresses", 1.0), heard("show me red dresses", 0.9));
    assertThat(r.intent()).isEqualTo(Intent.SHOW_PRODUCTS);
    assertThat(r.confidence()).isGreaterThanOrEqualTo(0.9);
    assertThat(r.source()).isEqualTo("both");
  }

  @Test
  void doubtfulCatalogueWordsAreNotActedOn() {
    // the grammar forced mumbling onto store words, the free-form recognizer heard nothing clear
    Reading r = interpreter.read(heard("show me boots", 0.4), heard("so be", 0.3));
    assertThat(r.intent()).isEqualTo(Intent.UNKNOWN);
    assertThat(r.confidence()).isLessThan(Interpreter.ACT);
  }

  @Test
  void clearWordsTheGrammarCannotHoldAreOutOfScopeNotTheNearestProduct() {
    Reading r = interpreter.read(heard("where is the wellies", 0.6), heard("what is the weather like tomorrow", 0.9));
    assertThat(r.intent()).isEqualTo(Intent.OUT_OF_SCOPE);
  }

  @Test
  void aQuantityTheGrammarMissedIsTakenFromTheFreeFormWords() {
    Reading r = interpreter.read(heard("do hot chocolate please", 0.95), heard("two hot chocolate please", 0.8));
    assertThat(r.intent()).isEqualTo(Intent.ORDER_COFFEE);
    assertThat(r.parsed().slots()).containsEntry(Slots.QUANTITY, "2").containsEntry(Slots.DRINK, "hot-chocolate");
    // but not a number heard at the end, after the drink ("a lot eight")
    Reading latte = interpreter.read(heard("i want a latte", 0.95), heard("i want a lot eight", 0.8));
    assertThat(latte.parsed().slots()).doesNotContainKey(Slots.QUANTITY);
  }
}
