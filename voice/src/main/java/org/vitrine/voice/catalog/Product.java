package org.vitrine.voice.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** One product of conf/products.yaml. Null lists/maps from YAML are normalised by the loader. */
public record Product(String id, String name, List<String> aliases, String category, List<String> colours,
    List<String> sizes, Map<String, Integer> stock, BigDecimal price, Map<String, BigDecimal> prices,
    String zone, List<String> tags, String content) {

  /** Made-to-order items (cafe drinks) have no stock list: always available. */
  public boolean tracksStock() {
    return !stock.isEmpty();
  }

  public int stockOf(String size) {
    return tracksStock() ? stock.getOrDefault(size, 0) : Integer.MAX_VALUE;
  }

  public BigDecimal priceFor(String size) {
    return size != null && prices.containsKey(size) ? prices.get(size) : price;
  }

  public boolean hasColour(String colour) {
    return colours.contains(colour);
  }
}
