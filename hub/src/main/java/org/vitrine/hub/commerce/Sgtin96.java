package org.vitrine.hub.commerce;

import java.math.BigInteger;

/**
 * An SGTIN-96 EPC decoded per the GS1 EPC Tag Data Standard (TDS 2.x, §14.5.1): header 0x30, filter
 * (3 bits), partition (3 bits), GS1 company prefix and item reference (44 bits split by the
 * partition table), serial (38 bits). The GTIN-14 is the item reference's indicator digit, the
 * company prefix, the rest of the item reference and the GS1 check digit. Pure.
 *
 * <p>Example from the TDS: {@code 3074257BF7194E4000001A85} → {@code urn:epc:id:sgtin:0614141.812345.6789},
 * GTIN {@code 80614141123458}, serial 6789, filter 3.
 */
public record Sgtin96(int filter, String companyPrefix, String itemReference, String gtin, long serial) {

  /** Partition → company prefix bits and digits (item reference bits and digits make up 44 bits and 13 digits). */
  private static final int[][] PARTITIONS = {
      {40, 12}, {37, 11}, {34, 10}, {30, 9}, {27, 8}, {24, 7}, {20, 6}};

  /** Why an EPC is not an SGTIN-96 we can charge for. */
  public static final class NotSgtin extends Exception {
    public NotSgtin(String message) {
      super(message);
    }
  }

  /** Decodes the EPC bank's 96 bits as hex (24 hex digits, any case). */
  public static Sgtin96 decode(String hex) throws NotSgtin {
    if (hex == null || !hex.matches("[0-9A-Fa-f]{24}")) {
      throw new NotSgtin("an SGTIN-96 EPC is 24 hex digits");
    }
    BigInteger bits = new BigInteger(hex, 16);
    int header = bits.shiftRight(88).intValue() & 0xFF;
    if (header != 0x30) {
      throw new NotSgtin("EPC header 0x" + String.format("%02X", header) + " is not SGTIN-96 (0x30)");
    }
    int filter = bits.shiftRight(85).intValue() & 0x7;
    int partition = bits.shiftRight(82).intValue() & 0x7;
    if (partition > 6) {
      throw new NotSgtin("partition 7 is reserved");
    }
    int companyBits = PARTITIONS[partition][0];
    int companyDigits = PARTITIONS[partition][1];
    int itemBits = 44 - companyBits;
    int itemDigits = 13 - companyDigits;
    long company = bits.shiftRight(38 + itemBits).longValue() & ((1L << companyBits) - 1);
    long item = bits.shiftRight(38).longValue() & ((1L << itemBits) - 1);
    long serial = bits.longValue() & ((1L << 38) - 1);
    String companyText = String.format("%0" + companyDigits + "d", company);
    String itemText = String.format("%0" + itemDigits + "d", item);
    if (companyText.length() != companyDigits || itemText.length() != itemDigits) {
      throw new NotSgtin("company prefix or item reference has more digits than partition " + partition + " allows");
    }
    String body = itemText.charAt(0) + companyText + itemText.substring(1);
    return new Sgtin96(filter, companyText, itemText, body + checkDigit(body), serial);
  }

  /**
   * The SGTIN-96 EPC (24 hex digits) of a GTIN-14 with a company prefix of {@code companyDigits}
   * digits (6–12) and a serial below 2^38: what a tag printer writes (tests, the simulator).
   */
  public static String encode(int filter, String gtin, int companyDigits, long serial) {
    String g = gtin14(gtin);
    if (g == null || companyDigits < 6 || companyDigits > 12 || filter < 0 || filter > 7 || serial < 0 || serial >= 1L << 38) {
      throw new IllegalArgumentException("cannot encode GTIN " + gtin + " / " + companyDigits + " / " + serial);
    }
    int partition = 12 - companyDigits;
    int companyBits = PARTITIONS[partition][0];
    int itemBits = 44 - companyBits;
    long company = Long.parseLong(g.substring(1, 1 + companyDigits));
    long item = Long.parseLong(g.charAt(0) + g.substring(1 + companyDigits, 13));
    BigInteger bits = BigInteger.valueOf(0x30).shiftLeft(88)
        .or(BigInteger.valueOf(filter).shiftLeft(85))
        .or(BigInteger.valueOf(partition).shiftLeft(82))
        .or(BigInteger.valueOf(company).shiftLeft(38 + itemBits))
        .or(BigInteger.valueOf(item).shiftLeft(38))
        .or(BigInteger.valueOf(serial));
    return String.format("%024X", bits);
  }

  /** The pure-identity EPC URI (TDS §6.3.1). */
  public String uri() {
    return "urn:epc:id:sgtin:" + companyPrefix + "." + itemReference + "." + serial;
  }

  /** The GS1 check digit of the first 13 digits of a GTIN-14 (weights 3,1,3,… from the right). */
  public static int checkDigit(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += i % 2 == 0 ? 3 * d : d;
    }
    return (10 - sum % 10) % 10;
  }

  /** A GTIN-8/12/13/14 as GTIN-14 (left zero-padded), or null when it is not digits with a valid check digit. */
  public static String gtin14(String gtin) {
    if (gtin == null || !gtin.matches("\\d{8}|\\d{12,14}")) {
      return null;
    }
    String g = "0".repeat(14 - gtin.length()) + gtin;
    return checkDigit(g.substring(0, 13)) == g.charAt(13) - '0' ? g : null;
  }
}
