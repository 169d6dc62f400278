package org.vitrine.hub.commerce;

import java.util.ArrayList;
import java.util.List;

/**
 * A shopper's open basket: what they took, line by line (one line per item, so a per-line refund
 * is one item). {@code epc} is the item's tag when an RFID reader saw it (null for a shelf pickup
 * until the exit portal reads it). Immutable; every change returns a new basket. Pure.
 */
public record Basket(String id, String shopper, List<Line> lines, long opened) {

  /** One item: product, its GTIN, name, unit price (minor units, VAT included), VAT rate (basis points), tag, how we knew, when. */
  public record Line(String product, String gtin, String name, long unitPrice, int vatBasisPoints, String epc, String source, long at) {

    static Line of(PriceBook.Item item, String epc, String source, long at) {
      return new Line(item.id(), item.gtin(), item.name(), item.unitPrice(), item.vatBasisPoints(), epc, source, at);
    }
  }

  /** At most this many items in one basket: a bound on what one shopper can make the hub store. */
  public static final int MAX_LINES = 200;

  public static Basket open(String id, String shopper, long at) {
    return new Basket(id, shopper, List.of(), at);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /** With one more item; refused (same basket) when full. */
  public Basket add(PriceBook.Item item, String epc, String source, long at) {
    if (lines.size() >= MAX_LINES || (epc != null && hasTag(epc))) {
      return this;
    }
    List<Line> next = new ArrayList<>(lines);
    next.add(Line.of(item, epc, source, at));
    return new Basket(id, shopper, List.copyOf(next), opened);
  }

  /** Without the latest item of {@code product} (a put-back); the same basket when there is none. */
  public Basket removeOne(String product) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).product().equals(product)) {
        List<Line> next = new ArrayList<>(lines);
        next.remove(i);
        return new Basket(id, shopper, List.copyOf(next), opened);
      }
    }
    return this;
  }

  /** Without the item with this tag (it was put back on a shelf); the same basket when it is not in it. */
  public Basket removeTag(String epc) {
    List<Line> next = lines.stream().filter(l -> !epc.equals(l.epc())).toList();
    return next.size() == lines.size() ? this : new Basket(id, shopper, next, opened);
  }

  public boolean hasTag(String epc) {
    return lines.stream().anyMatch(l -> epc.equals(l.epc()));
  }

  /**
   * What the exit portal read leaving with this shopper: a tag already in the basket is that item;
   * a tag of a product picked up without a tag read gives that line its tag; any other known tag
   * is an item they carry out and is added. Returns the basket with every read accounted for.
   */
  public Basket withPortalReads(List<PortalItem> reads, long at) {
    Basket b = this;
    for (PortalItem r : reads) {
      if (b.hasTag(r.epc())) {
        continue;
      }
      int untagged = -1;
      for (int i = 0; i < b.lines.size(); i++) {
        if (b.lines.get(i).epc() == null && b.lines.get(i).product().equals(r.item().id())) {
          untagged = i;
          break;
        }
      }
      if (untagged >= 0) {
        List<Line> next = new ArrayList<>(b.lines);
        Line l = next.get(untagged);
        next.set(untagged, new Line(l.product(), l.gtin(), l.name(), l.unitPrice(), l.vatBasisPoints(), r.epc(), l.source(), l.at()));
        b = new Basket(b.id, b.shopper, List.copyOf(next), b.opened);
      } else {
        b = b.add(r.item(), r.epc(), "portal", at);
      }
    }
    return b;
  }

  /** A tag the exit portal read, with the product its GTIN names. */
  public record PortalItem(String epc, PriceBook.Item item) {
  }
}
