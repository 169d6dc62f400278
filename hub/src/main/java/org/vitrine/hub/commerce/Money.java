package org.vitrine.hub.commerce;

import java.util.Locale;

/**
 * Amounts are integers in minor units (cents) of one currency per store. Anything negative, above
 * {@link #MAX} (which keeps every sum exact in Redis' Lua numbers) or in another currency is
 * refused with an {@link IllegalArgumentException} whose message says why. Pure.
 */
public final class Money {

  /** 10^11 minor units (a billion euros): far above any basket, far below 2^53. */
  public static final long MAX = 100_000_000_000L;

  private Money() {
  }

  /** {@code amount} as a charge, top-up or refund amount: 1..MAX. */
  public static long positive(long amount, String what) {
    if (amount <= 0) {
      throw new IllegalArgumentException(what + ": must be above 0 (minor units), got " + amount);
    }
    if (amount > MAX) {
      throw new IllegalArgumentException(what + ": " + amount + " is above the limit of " + MAX + " minor units");
    }
    return amount;
  }

  /** {@code a + b}, refused when the sum leaves 0..MAX. */
  public static long add(long a, long b) {
    long sum;
    try {
      sum = Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("amount overflows");
    }
    if (sum < 0 || sum > MAX) {
      throw new IllegalArgumentException("amount " + sum + " is outside 0.." + MAX + " minor units");
    }
    return sum;
  }

  /** The store's currency, or a refusal naming both. */
  public static String sameCurrency(String store, String given) {
    if (given == null || !given.equals(store)) {
      throw new IllegalArgumentException("currency: this store works in " + store + ", got " + (given == null ? "none" : given));
    }
    return given;
  }

  /** "€12.40" (for the gate screen and receipts): the symbol of common currencies, else the code. */
  public static String format(long minor, String currency) {
    String sign = minor < 0 ? "-" : "";
    long abs = Math.abs(minor);
    int digits = currency == null ? 2 : Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
    long unit = (long) Math.pow(10, digits);
    String number = digits == 0 ? Long.toString(abs) : String.format(Locale.ROOT, "%d.%0" + digits + "d", abs / unit, abs % unit);
    String symbol = switch (currency == null ? "" : currency) {
      case "EUR" -> "€";
      case "GBP" -> "£";
      case "USD" -> "$";
      default -> currency + " ";
    };
    return sign + symbol + number;
  }
}
