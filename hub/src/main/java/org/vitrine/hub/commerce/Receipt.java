package org.vitrine.hub.commerce;

import java.util.List;

/**
 * An itemised receipt: the store, its lines, VAT per rate, the total, how it was paid, when. It
 * names the member's ledger account ({@code acct-…}), never the member: erasing the member unlinks
 * the account and leaves a pseudonymous financial record (docs/commerce.md, "Erasure").
 * Amounts in minor units of {@code currency}; prices include VAT.
 */
public record Receipt(String id, String basket, String account, String store, String currency, List<Line> lines,
    List<VatLine> vat, long total, String method, String gate, long at) {

  /** One item: its number on the receipt (from 1), product, name, GTIN, price, VAT rate and the VAT in its price. */
  public record Line(int n, String product, String name, String gtin, long amount, int vatBasisPoints, long vat) {
  }

  /** Per VAT rate: the rate, the net, the VAT and the gross of its lines. */
  public record VatLine(int rateBasisPoints, long net, long vat, long gross) {
  }
}
