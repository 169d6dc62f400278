package org.vitrine.hub.events;

import java.util.List;

/** A cafe order confirmed by voice, for the order board of {@code zone}. */
public record VoiceOrder(String id, String siteId, String zone, List<Line> lines, String total, String currency,
    long confirmedAt) {

  /** "2 × large latte": product id, spoken name, size, quantity, line total. */
  public record Line(String product, String name, String size, int quantity, String price) {
  }
}
