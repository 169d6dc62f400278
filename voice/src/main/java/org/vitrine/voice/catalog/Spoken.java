package org.vitrine.voice.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How catalogue values are said and heard: sizes as words, numbers, prices, plurals. The speech
 * model only knows words, so every value the grammar offers must have a spoken form here.
 */
public final class Spoken {

  private static final String[] UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen"};
  private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
      "ninety"};
  private static final Map<String, String> LETTER_SIZES = Map.of(
      "xxs", "extra extra small", "xs", "extra small", "s", "small", "m", "medium", "l", "large",
      "xl", "extra large", "xxl", "extra extra large");

  private Spoken() {
  }

  /** 0..99 as words: "nine", "forty two". */
  public static String number(int n) {
    if (n < 0 || n > 99) {
      throw new IllegalArgumentException("only 0..99 are spoken: " + n);
    }
    if (n < 20) {
      return UNITS[n];
    }
    return TENS[n / 10] + (n % 10 == 0 ? "" : " " + UNITS[n % 10]);
  }

  /** Words 0..99 → value, or -1: the inverse of {@link #number(int)}. */
  public static int parseNumber(List<String> words) {
    for (int n = 0; n < 100; n++) {
      if (String.join(" ", words).equals(number(n))) {
        return n;
      }
    }
    return -1;
  }

  /** A catalogue size as spoken: "9" → "nine", "9.5" → "nine and a half", "XL" → "extra large". */
  public static String size(String size) {
    String s = size.trim().toLowerCase(Locale.ROOT);
    if (s.matches("\\d{1,2}")) {
      return number(Integer.parseInt(s));
    }
    if (s.matches("\\d{1,2}\\.5")) {
      return number(Integer.parseInt(s.substring(0, s.indexOf('.')))) + " and a half";
    }
    return LETTER_SIZES.getOrDefault(s, normalise(s));
  }

  /** Singular of a spoken plural, good enough for catalogue categories: dresses → dress, shoes → shoe. */
  public static String singular(String phrase) {
    int space = phrase.lastIndexOf(' ');
    String head = phrase.substring(space + 1);
    String one;
    if (head.matches(".*(sses|shes|ches|xes)")) {
      one = head.substring(0, head.length() - 2);
    } else if (head.endsWith("s") && !head.endsWith("ss") && head.length() > 3) {
      one = head.substring(0, head.length() - 1);
    } else {
      one = head;
    }
    return phrase.substring(0, space + 1) + one;
  }

  /** Plural of a product name for orders: "latte" → "lattes", "hot chocolate" → "hot chocolates". */
  public static String plural(String phrase) {
    if (phrase.matches(".*(s|sh|ch|x)")) {
      return phrase + "es";
    }
    return phrase + "s";
  }

  /** Lower case, letters/digits/apostrophes only, single spaces: how recognised text is compared. */
  public static String normalise(String text) {
    if (text == null) {
      return "";
    }
    return text.toLowerCase(Locale.ROOT)
        .replace('’', '\'')
        .replaceAll("[^a-z0-9'.]+", " ")
        .replaceAll("(?<![0-9])\\.|\\.(?![0-9])", " ")
        .replaceAll("\\s+", " ")
        .trim();
  }

  /** 129.00 → "129 euros", 3.90 → "3 euros 90": short and clear when read aloud by TTS. */
  public static String price(BigDecimal amount, String currency) {
    BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP);
    int whole = rounded.intValue();
    int cents = rounded.remainder(BigDecimal.ONE).movePointRight(2).intValue();
    String unit = "EUR".equals(currency) ? (whole == 1 ? "euro" : "euros") : currency;
    return whole + " " + unit + (cents == 0 ? "" : " " + (cents < 10 ? "0" + cents : String.valueOf(cents)));
  }

  /** "09:00" → "9 am", "18:30" → "6:30 pm". */
  public static String time(LocalTime t) {
    int h12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    String ampm = t.getHour() < 12 ? "am" : "pm";
    return t.getMinute() == 0 ? h12 + " " + ampm : String.format("%d:%02d %s", h12, t.getMinute(), ampm);
  }

  /** "a, b and c". */
  public static String list(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }
}
