package org.vitrine.voice.intent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.voice.catalog.Facility;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.catalog.Spoken;

/**
 * Every catalogue phrase a shopper can say (product names and aliases, drink plurals, categories
 * and their singulars, colours, sizes, zones, numbers), found in text by longest match.
 */
public final class Lexicon {

  public enum Kind { PRODUCT, CATEGORY, ZONE, FACILITY, COLOUR, SIZE, NUMBER, REFERENCE }

  /** A phrase found in the text: tokens [start, end). */
  public record Mention(Kind kind, String value, int start, int end) {
  }

  private record Entry(Kind kind, String value) {
  }

  /** Words that point back at what was just discussed: "do you have these in size nine". */
  static final List<String> REFERENCES = List.of("these", "those", "this", "that one", "them", "it", "they",
      "this one", "these ones", "those ones", "ones");
  private static final Map<String, String> COLOUR_SYNONYMS = Map.of("gray", "grey");

  private final Map<String, Entry> phrases = new LinkedHashMap<>();
  /** Every word of every phrase. */
  private final java.util.Set<String> words = new java.util.HashSet<>();
  /** Words that start or continue a longer phrase ("hot" of "hot chocolate", "extra" of "extra large"). */
  private final java.util.Set<String> leading = new java.util.HashSet<>();
  private int longest = 1;

  public Lexicon(ProductCatalog catalog) {
    // Lower precedence first: a later put for the same phrase wins (product over category: "tea").
    for (int n = 0; n < 100; n++) {
      add(Spoken.number(n), Kind.NUMBER, String.valueOf(n));
    }
    for (String size : catalog.sizes()) {
      if (!size.matches("\\d+(\\.5)?")) {
        add(Spoken.size(size), Kind.SIZE, Spoken.size(size));
      }
    }
    for (String colour : catalog.colours()) {
      add(colour, Kind.COLOUR, colour);
    }
    COLOUR_SYNONYMS.forEach((heard, colour) -> {
      if (catalog.colours().contains(colour)) {
        add(heard, Kind.COLOUR, colour);
      }
    });
    for (Map.Entry<String, String> z : catalog.zoneNames().entrySet()) {
      add(z.getKey(), Kind.ZONE, z.getKey());
      add(z.getValue(), Kind.ZONE, z.getKey());
    }
    catalog.zoneAliases().forEach((zone, names) -> names.forEach(n -> add(n, Kind.ZONE, zone)));
    for (String category : catalog.categories()) {
      add(Spoken.singular(category), Kind.CATEGORY, category);
      add(category, Kind.CATEGORY, category);
    }
    for (String ref : REFERENCES) {
      add(ref, Kind.REFERENCE, ref);
    }
    for (Facility f : catalog.facilities()) {
      add(f.id().replace('-', ' '), Kind.FACILITY, f.id());
      for (String said : f.aliases()) {
        add(said, Kind.FACILITY, f.id());
      }
    }
    for (Product p : catalog.products()) {
      for (String said : spokenNames(p)) {
        add(said, Kind.PRODUCT, p.id());
        String plural = Spoken.plural(Spoken.normalise(said));
        // "the road racers", "two lattes"; but "gift cards" stays the category of that name
        if (!phrases.containsKey(plural)) {
          add(plural, Kind.PRODUCT, p.id());
        }
      }
    }
  }

  /** Name and aliases, normalised. */
  public static List<String> spokenNames(Product p) {
    List<String> names = new ArrayList<>();
    names.add(Spoken.normalise(p.name()));
    p.aliases().forEach(a -> names.add(Spoken.normalise(a)));
    return names;
  }

  private void add(String phrase, Kind kind, String value) {
    String key = Spoken.normalise(phrase);
    if (key.isEmpty()) {
      return;
    }
    phrases.put(key, new Entry(kind, value));
    String[] ws = key.split(" ");
    longest = Math.max(longest, ws.length);
    for (int i = 0; i < ws.length; i++) {
      words.add(ws[i]);
      if (i < ws.length - 1) {
        leading.add(ws[i]);
      }
    }
  }

  /** Whether the word is part of any catalogue phrase. */
  public boolean isStoreWord(String word) {
    return words.contains(word);
  }

  /** Whether the word begins or continues a longer catalogue phrase: said last, more is coming. */
  public boolean leadsOn(String word) {
    return leading.contains(word) && !phrases.containsKey(word);
  }

  /** Longest-match scan, left to right; words that are no phrase are skipped. */
  public List<Mention> scan(String[] tokens) {
    List<Mention> out = new ArrayList<>();
    int i = 0;
    while (i < tokens.length) {
      Mention found = null;
      for (int len = Math.min(longest, tokens.length - i); len >= 1 && found == null; len--) {
        Entry e = phrases.get(String.join(" ", Arrays.copyOfRange(tokens, i, i + len)));
        if (e != null) {
          found = new Mention(e.kind(), e.value(), i, i + len);
        }
      }
      if (found != null) {
        out.add(found);
        i = found.end();
      } else {
        i++;
      }
    }
    return out;
  }
}
