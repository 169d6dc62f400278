package org.vitrine.voice.dialogue;

import java.math.BigDecimal;

/** One item of a cafe order. */
public record OrderLine(String product, String name, String size, int quantity, BigDecimal unitPrice) {

  public BigDecimal total() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
