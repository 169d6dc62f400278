package org.vitrine.hub.commerce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The receipt of a basket, and what a refund of some of its lines gives back. Pure. */
public final class Receipts {

  private Receipts() {
  }

  /** The VAT inside a VAT-inclusive {@code gross} at {@code basisPoints}, rounded half up. */
  public static long vatIn(long gross, int basisPoints) {
    // gross * bp / (10000 + bp); gross ≤ Money.MAX and bp ≤ 10000 keep the product inside a long
    long num = Math.multiplyExact(gross, basisPoints);
    long den = 10_000L + basisPoints;
    return (num * 2 + den) / (2 * den);
  }

  public static Receipt of(Basket basket, String account, String store, String currency, String method, String gate, long at) {
    List<Receipt.Line> lines = new ArrayList<>();
    Map<Integer, long[]> byRate = new TreeMap<>();
    long total = 0;
    for (Basket.Line l : basket.lines()) {
      long vat = vatIn(l.unitPrice(), l.vatBasisPoints());
      lines.add(new Receipt.Line(lines.size() + 1, l.product(), l.name(), l.gtin(), l.unitPrice(), l.vatBasisPoints(), vat));
      long[] sums = byRate.computeIfAbsent(l.vatBasisPoints(), r -> new long[2]);
      sums[0] = Money.add(sums[0], l.unitPrice());
      sums[1] += vat;
      total = Money.add(total, l.unitPrice());
    }
    List<Receipt.VatLine> vat = new ArrayList<>();
    byRate.forEach((rate, s) -> vat.add(new Receipt.VatLine(rate, s[0] - s[1], s[1], s[0])));
    return new Receipt("r-" + basket.id().substring(2), basket.id(), account, store, currency, List.copyOf(lines), List.copyOf(vat),
        total, method, gate, at);
  }

  /** The VAT of a receipt: the sum of its rates'. */
  public static long vatOf(Receipt r) {
    return r.vat().stream().mapToLong(Receipt.VatLine::vat).sum();
  }

  /** Amount and VAT given back for {@code lines} (receipt line numbers, each at most once); refused for an unknown or repeated line. */
  public static long[] refundOf(Receipt r, List<Integer> lineNumbers) {
    long amount = 0;
    long vat = 0;
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int n : lineNumbers) {
      if (n < 1 || n > r.lines().size() || !seen.add(n)) {
        throw new IllegalArgumentException("lines: " + n + " is not a line of receipt " + r.id() + " (1.." + r.lines().size()
            + ", each once)");
      }
      Receipt.Line l = r.lines().get(n - 1);
      amount = Money.add(amount, l.amount());
      vat += l.vat();
    }
    return new long[] {amount, vat};
  }
}
