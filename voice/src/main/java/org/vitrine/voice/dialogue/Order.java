package org.vitrine.voice.dialogue;

import java.math.BigDecimal;
import java.util.List;

/** A confirmed order for the order zone's board (the cafe). */
public record Order(String id, String siteId, String zone, List<OrderLine> lines, BigDecimal total, String currency,
    long confirmedAt) {

  public Order {
    lines = List.copyOf(lines);
  }
}
