package org.vitrine.voice.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.model.VoskModel;

class GrammarBuilderTest {

  private final ProductCatalog catalog = TestSupport.catalog();

  @Test
  void grammarHoldsCatalogueWordsAndIntentPhrasingsAndUnk() throws Exception {
    Grammar g = GrammarBuilder.build(catalog, w -> true);
    assertThat(g.phrases()).contains("where can i find running shoes", "show me red dresses",
        "do you have these in size nine", "how much is the trail runner", "a large latte please",
        "no that is all", "call an assistant", "what are your opening hours", "what do you recommend for me",
        "do you have the city sneaker in size eight", "show me grey hoodies", "[unk]");
    assertThat(g.phrases().get(g.phrases().size() - 1)).isEqualTo(GrammarBuilder.UNKNOWN);
    List<Object> json = new ObjectMapper().readValue(g.json(), List.class);
    assertThat(json).containsAll(g.phrases());
    assertThat(g.unknownWords()).isEmpty();
  }

  @Test
  void sizesAndColoursFollowTheProduct() {
    Grammar g = GrammarBuilder.build(catalog, w -> true);
    // The Trail Runner X comes in 7-11 and blue/black: no "size medium" or "in red" for it.
    assertThat(g.phrases()).contains("do you have the trail runner x in size nine",
        "do you have the trail runner x in blue");
    assertThat(g.phrases()).doesNotContain("do you have the trail runner x in size medium",
        "do you have the trail runner x in red");
  }

  @Test
  void shortTemplatesAreWeightedUpSoLongOnesDoNotDrownThem() throws Exception {
    Grammar balanced = GrammarBuilder.build(catalog, w -> true, 30);
    Grammar flat = GrammarBuilder.build(catalog, w -> true, 0);
    List<Object> weighted = new ObjectMapper().readValue(balanced.json(), List.class);
    List<Object> plain = new ObjectMapper().readValue(flat.json(), List.class);
    // "[please] call an assistant" is one template of two texts: together they get the template's 30.
    assertThat(weighted.stream().filter(p -> p.equals("call an assistant") || p.equals("please call an assistant"))
        .count()).isEqualTo(30);
    assertThat(plain.stream().filter("call an assistant"::equals).count()).isEqualTo(1);
    assertThat(balanced.phrases()).isEqualTo(flat.phrases());
  }

  @Test
  void aNewProductBecomesSpeakable() {
    List<Product> products = new ArrayList<>(catalog.products());
    products.add(new Product("velvet-scarf", "Velvet Scarf", List.of(), "scarves", List.of("purple"), List.of("one size"),
        Map.of("one size", 4), new BigDecimal("29.00"), Map.of(), "apparel", List.of(), null));
    ProductCatalog more = new ProductCatalog(catalog.currency(), products, catalog.zoneNames(), Map.of(),
        catalog.openingHours(), catalog.orderZone());
    Grammar before = GrammarBuilder.build(catalog, w -> true);
    Grammar after = GrammarBuilder.build(more, w -> true);
    assertThat(before.phrases()).doesNotContain("where can i find the velvet scarf");
    assertThat(after.phrases()).contains("where can i find the velvet scarf", "how much is the velvet scarf",
        "show me purple scarves", "where can i find scarves");
  }

  @Test
  void wordsTheModelCannotHearAreReportedAndTheirPhrasesLeftOut() {
    VoskModel model = TestSupport.model();
    assertThat(model.knowsWord("latte")).isTrue();
    assertThat(model.knowsWord("cappuccino")).isTrue();
    assertThat(model.knowsWord("zorblax")).isFalse();

    List<Product> products = new ArrayList<>(catalog.products());
    products.add(new Product("zorblax-one", "Zorblax One", List.of(), "gadgets", List.of(), List.of("one size"),
        Map.of(), new BigDecimal("9.00"), Map.of(), "checkout", List.of(), null));
    ProductCatalog more = new ProductCatalog(catalog.currency(), products, catalog.zoneNames(), Map.of(),
        catalog.openingHours(), catalog.orderZone());
    Grammar g = GrammarBuilder.build(more, model::knowsWord);
    assertThat(g.unknownWords()).containsOnlyKeys("zorblax");
    assertThat(g.unknownWords().get("zorblax")).contains("how much is the zorblax one");
    assertThat(g.phrases()).noneMatch(p -> p.contains("zorblax")).contains("where can i find gadgets");
    // The real catalogue is fully speakable with the shipped model.
    assertThat(GrammarBuilder.build(catalog, model::knowsWord).unknownWords()).isEmpty();
  }
}
