package org.vitrine.voice.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;

class CatalogLoaderTest {

  @Test
  void loadsTheDemoStore() {
    ProductCatalog c = TestSupport.catalog();
    assertThat(c.products()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(c.zoneNames()).containsKeys("entrance", "cafe", "apparel", "footwear", "checkout");
    assertThat(c.zoneName("cafe")).isEqualTo("Tao Cafe");
    assertThat(c.categories()).contains("running shoes", "dresses", "sneakers", "denim", "coffee", "tea");
    assertThat(c.matching("dresses", "red")).extracting(Product::id).contains("summer-wrap-dress", "evening-dress");
    assertThat(c.orderable()).extracting(Product::id).contains("latte", "cappuccino", "tea");
    Product latte = c.product("latte").orElseThrow();
    assertThat(latte.sizes()).containsExactly("small", "medium", "large");
    assertThat(latte.priceFor("large")).isEqualByComparingTo("4.40");
    assertThat(latte.tracksStock()).isFalse();
    assertThat(c.product("trail-runner-x").orElseThrow().stockOf("9")).isZero();
    assertThat(c.directions("footwear")).isPresent();
    assertThat(c.openingHours()).hasSize(2);
  }

  @Test
  void everyProblemIsListedWithFileAndField() throws IOException {
    Path dir = TestSupport.tempDir("conf");
    Files.copy(TestSupport.confDir().resolve("store.yaml"), dir.resolve("store.yaml"));
    Files.writeString(dir.resolve("products.yaml"), """
        products:
          - { id: shoe, name: Shoe, category: shoes, sizes: ["9"], stock: { "10": 1 }, price: 10, zone: kafe }
          - { id: shoe, name: Other, category: shoes, sizes: ["9"], price: 0, zone: footwear }
          - { id: Bad Id, name: shoe, category: shoes, sizes: [], price: 5, zone: footwear }
        speaker:
          openingHours: [ { days: Monday, open: "9am", close: "18:00" } ]
        """);
    assertThatThrownBy(() -> CatalogLoader.load(dir))
        .isInstanceOf(CatalogException.class)
        .satisfies(e -> assertThat(((CatalogException) e).problems()).containsExactlyInAnyOrder(
            dir.resolve("products.yaml") + ": products[0].stock.10: size '10' is not in sizes [9]",
            dir.resolve("products.yaml") + ": products[0].zone: unknown zone 'kafe' (known: entrance, cafe, apparel, "
                + "footwear, checkout)",
            dir.resolve("products.yaml") + ": products[1].id: duplicate id 'shoe'",
            dir.resolve("products.yaml") + ": products[1].price: missing or not above 0",
            dir.resolve("products.yaml") + ": products[2].id: 'Bad Id' must be a-z, 0-9 and - (e.g. trail-runner)",
            dir.resolve("products.yaml") + ": products[2].name: 'shoe' is also said for product 'shoe': a spoken "
                + "name must mean one product",
            dir.resolve("products.yaml") + ": products[2].sizes: missing (use [one size] for items without sizes)",
            dir.resolve("products.yaml") + ": speaker.openingHours[0].open: '9am' is not a time like 09:00"));
  }

  @Test
  void unknownFieldsAndMissingFileAreNamed() throws IOException {
    Path dir = TestSupport.tempDir("conf");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).hasMessageContaining("products.yaml: file not found");
    Files.writeString(dir.resolve("products.yaml"), "products:\n  - { id: a, name: A, colour: red }\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir))
        .hasMessageContaining("products.yaml: products[0].colour: unknown field 'colour' (line 2)");
  }

  @Test
  void spokenForms() {
    assertThat(Spoken.size("9")).isEqualTo("nine");
    assertThat(Spoken.size("9.5")).isEqualTo("nine and a half");
    assertThat(Spoken.size("XL")).isEqualTo("extra large");
    assertThat(Spoken.size("M")).isEqualTo("medium");
    assertThat(Spoken.size("42")).isEqualTo("forty two");
    assertThat(Spoken.singular("running shoes")).isEqualTo("running shoe");
    assertThat(Spoken.singular("dresses")).isEqualTo("dress");
    assertThat(Spoken.singular("hoodies")).isEqualTo("hoodie");
    assertThat(Spoken.singular("denim")).isEqualTo("denim");
    assertThat(Spoken.plural("latte")).isEqualTo("lattes");
    assertThat(Spoken.price(new BigDecimal("129.00"), "EUR")).isEqualTo("129 euros");
    assertThat(Spoken.price(new BigDecimal("3.90"), "EUR")).isEqualTo("3 euros 90");
    assertThat(Spoken.price(new BigDecimal("4.05"), "EUR")).isEqualTo("4 euros 05");
    assertThat(Spoken.normalise("Where's the T-shirt, please?")).isEqualTo("where's the t shirt please");
  }
}
