package org.vitrine.hub.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Baskets, receipts and money: the pure rules of the commerce loop. */
class ReceiptsTest {

  private static final PriceBook.Item SHOE = new PriceBook.Item("trail-runner-x", "Trail Runner X", "04012345000108", 12900, 2000, null);
  private static final PriceBook.Item BAG = new PriceBook.Item("tote-bag", "Tote Bag", "04012345001808", 450, 2000, null);
  private static final PriceBook.Item CARD = new PriceBook.Item("gift-card", "Gift card", "04012345001709", 2500, 0, null);

  @Test
  void aReceiptItemisesLinesAndVatPerRate() {
    Basket b = Basket.open("b-0123456789abcdef", "anna", 1).add(SHOE, null, "shelf", 2).add(BAG, null, "shelf", 3).add(CARD, null, "shelf", 4);
    Receipt r = Receipts.of(b, "acct-1", "Vitrine Demo", "EUR", "member account", "gate-exit", 5);
    assertThat(r.id()).isEqualTo("r-0123456789abcdef");
    assertThat(r.total()).isEqualTo(12900 + 450 + 2500);
    assertThat(r.lines()).extracting(Receipt.Line::n).containsExactly(1, 2, 3);
    // 20 % inside 129.00 is 21.50; inside 4.50 is 0.75
    assertThat(r.lines().get(0).vat()).isEqualTo(2150);
    assertThat(r.lines().get(1).vat()).isEqualTo(75);
    assertThat(r.vat()).containsExactly(new Receipt.VatLine(0, 2500, 0, 2500), new Receipt.VatLine(2000, 13350 - 2225, 2225, 13350));
    assertThat(Receipts.vatOf(r)).isEqualTo(2225);
  }

  @Test
  void aPutBackTakesTheLatestItemOfThatProductOut() {
    Basket b = Basket.open("b-1", "anna", 1).add(SHOE, null, "shelf", 2).add(BAG, null, "shelf", 3).add(SHOE, null, "shelf", 4);
    Basket back = b.removeOne("trail-runner-x");
    assertThat(back.lines()).extracting(Basket.Line::at).containsExactly(2L, 3L);
    assertThat(back.removeOne("summit-boot")).isEqualTo(back);
  }

  @Test
  void portalReadsTagPickedItemsAndAddWhatWasCarriedOut() {
    Basket b = Basket.open("b-1", "anna", 1).add(SHOE, null, "shelf", 2);
    Basket out = b.withPortalReads(List.of(new Basket.PortalItem("E1", SHOE), new Basket.PortalItem("E2", BAG),
        new Basket.PortalItem("E1", SHOE)), 9);
    // the shoe picked up is the tag E1 (not a second shoe); the bag was carried out without a shelf event
    assertThat(out.lines()).extracting(Basket.Line::product, Basket.Line::epc)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("trail-runner-x", "E1"), org.assertj.core.groups.Tuple.tuple("tote-bag", "E2"));
  }

  @Test
  void refundsAreOfLinesEachAtMostOnce() {
    Receipt r = Receipts.of(Basket.open("b-0123456789abcdef", "a", 1).add(SHOE, null, "s", 1).add(BAG, null, "s", 2), "acct", "S",
        "EUR", "m", "g", 3);
    assertThat(Receipts.refundOf(r, List.of(2))).containsExactly(450, 75);
    assertThatThrownBy(() -> Receipts.refundOf(r, List.of(2, 2))).hasMessageContaining("each once");
    assertThatThrownBy(() -> Receipts.refundOf(r, List.of(3))).hasMessageContaining("not a line");
  }

  @Test
  void moneyRefusesNegativeOverflowingAndMixedCurrencies() {
    assertThatThrownBy(() -> Money.positive(-1, "amount")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> Money.positive(Money.MAX + 1, "amount")).hasMessageContaining("limit");
    assertThatThrownBy(() -> Money.add(Long.MAX_VALUE, 1)).hasMessageContaining("overflows");
    assertThatThrownBy(() -> Money.add(Money.MAX, 1)).hasMessageContaining("outside");
    assertThatThrownBy(() -> Money.sameCurrency("EUR", "USD")).hasMessageContaining("EUR");
    assertThat(Money.format(1240, "EUR")).isEqualTo("€12.40");
    assertThat(Money.format(500, "JPY")).isEqualTo("JPY 500");
  }

  @Test
  void theDemoCatalogueSellsItsTaggedProducts() {
    PriceBook book = PriceBook.read(org.vitrine.hub.support.TestHub.demoConf());
    assertThat(book.currency()).isEqualTo("EUR");
    assertThat(book.product("trail-runner-x")).get().extracting(PriceBook.Item::unitPrice, PriceBook.Item::vatBasisPoints)
        .containsExactly(12900L, 2000);
    assertThat(book.gtin("04012345000108")).get().extracting(PriceBook.Item::id).isEqualTo("trail-runner-x");
    // cafe drinks are not tagged: not sold through baskets
    assertThat(book.product("latte")).isEmpty();
  }

  @Test
  void aPriceBookWithWrongFieldsIsRefusedWithWhereAndWhy() throws Exception {
    var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree("""
        currency: EUR
        products:
          - { id: a, gtin: "4012345000109", unitPrice: 100, vat: 20 }
          - { id: b, gtin: "4012345000207", unitPrice: 100, price: 2.00, vat: 20 }
          - { id: c, gtin: "4012345000306", unitPrice: -5, vat: 20 }
          - { id: d, gtin: "4012345000405", unitPrice: 100, vat: 120 }
        """);
    assertThatThrownBy(() -> PriceBook.parse(yaml, "products.yaml"))
        .hasMessageContaining("products.yaml: products[0].gtin")
        .hasMessageContaining("products[1].unitPrice: 100 does not agree with price 2.0")
        .hasMessageContaining("products[2].unitPrice")
        .hasMessageContaining("products[3].vat");
  }
}
