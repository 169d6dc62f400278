package org.vitrine.voice.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.catalog.ProductCatalog;

class IntentParserTest {

  private final ProductCatalog catalog = TestSupport.catalog();
  private final IntentParser parser = new IntentParser(catalog);

  @ParameterizedTest(name = "\"{0}\" -> {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "where can I find running shoes        | find-product   | category=running shoes",
      "Where can I find running shoes?       | find-product   | category=running shoes",
      "where is the cafe                     | find-product   | zone=cafe",
      "how do I get to the checkout          | find-facility  | facility=checkout",
      "I am looking for the trail runner     | find-product   | product=trail-runner-x",
      "where can I get a latte               | find-product   | product=latte",
      "show me red dresses                   | show-products  | colour=red,category=dresses",
      "show me a red dress                   | show-products  | colour=red,category=dresses",
      "can you show me blue denim            | show-products  | colour=blue,category=denim",
      "do you have any gray hoodies          | check-stock    | colour=grey,category=hoodies",
      "do you have these in size nine        | check-stock    | size=9",
      "do you have these in size nine and a half | check-stock | size=9.5",
      "have you got them in a medium         | check-stock    | size=medium",
      "do you have the city sneaker in size eight | check-stock | product=city-sneaker,size=8",
      "do you have the road racer in white   | check-stock    | product=road-racer,colour=white",
      "is the summit boot in stock           | check-stock    | product=summit-boot",
      "how much is the trail runner          | price          | product=trail-runner-x",
      "how much is a large latte             | price          | product=latte,size=large",
      "how much are the running shoes        | price          | category=running shoes",
      "what does the denim jacket cost       | price          | product=denim-jacket",
      "what do you recommend for me          | recommend      | ",
      "can you recommend some sneakers       | recommend      | category=sneakers",
      "a large latte please                  | order-coffee   | drink=latte,size=large",
      "can I have a medium tea               | order-coffee   | drink=tea,size=medium",
      "two small cappuccinos please          | order-coffee   | drink=cappuccino,size=small,quantity=2",
      "one hot chocolate                     | order-coffee   | drink=hot-chocolate",
      "large please                          | order-coffee   | size=large",
      "no that's all                         | order-done     | ",
      "no thank you                          | order-done     | ",
      "nothing else                          | order-done     | ",
      "cancel my order                       | order-cancel   | ",
      "yes please                            | affirm         | ",
      "call an assistant                     | call-assistant | ",
      "can someone help me                   | call-assistant | ",
      "what are your opening hours           | opening-hours  | ",
      "when do you close                     | opening-hours  | ",
      "help                                  | help           | ",
      "what can you do                       | help           | ",
      "the weather is nice today             | out-of-scope   | ",
      "''                                    | unknown        | ",
  })
  void readsIntentAndSlots(String text, String intent, String slots) {
    ParsedIntent p = parser.parse(text);
    assertThat(p.intent().id()).as("intent of '%s'", text).isEqualTo(intent);
    assertThat(p.slots()).as("slots of '%s'", text).containsAllEntriesOf(slotMap(slots));
  }

  @Test
  void referencesAreFlagged() {
    assertThat(parser.parse("how much are these").refersBack()).isTrue();
    assertThat(parser.parse("how much is the road racer").refersBack()).isFalse();
  }

  @Test
  void completenessSaysWhenGrammarTextMadeNoSense() {
    assertThat(IntentParser.complete(parser.parse("where can i find running shoes"))).isTrue();
    assertThat(IntentParser.complete(parser.parse("the where me size today"))).isFalse();
    assertThat(IntentParser.complete(parser.parse("do you have these in size nine"))).isTrue();
    assertThat(IntentParser.complete(parser.parse("where can i find the"))).isFalse();
    assertThat(IntentParser.complete(parser.parse("thank you me much"))).isFalse();
  }

  /** What the grammar lets the model hear and what the parser understands must be the same thing. */
  @Test
  void everyGrammarPhraseParsesBackToItsIntentAndSlots() {
    List<Phrasings.Expansion> all = Phrasings.expand(catalog);
    List<String> wrong = new ArrayList<>();
    for (Phrasings.Expansion e : all) {
      ParsedIntent p = parser.parse(e.text());
      if (p.intent() == Intent.FIND_FACILITY && e.intent() == Intent.FIND_PRODUCT
          && p.slots().get(Slots.FACILITY) != null && p.slots().get(Slots.FACILITY).equals(e.slots().get(Slots.ZONE))) {
        continue; // "where is the checkout": the checkout facility, in the checkout zone, is the same answer
      }
      if (p.intent() != e.intent() || !p.slots().entrySet().containsAll(e.slots().entrySet())) {
        wrong.add("'" + e.text() + "' expected " + e.intent().id() + e.slots() + " got " + p.intent().id() + p.slots());
      }
    }
    assertThat(all).hasSizeGreaterThan(1000);
    assertThat(wrong).as("of %d phrases", all.size()).isEmpty();
  }

  static Map<String, String> slotMap(String spec) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return m;
    }
    for (String kv : spec.split(",")) {
      String[] p = kv.split("=", 2);
      m.put(p[0].trim(), p[1].trim());
    }
    return m;
  }
}
