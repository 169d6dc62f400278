package org.vitrine.voice.intent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.catalog.Spoken;

/**
 * How shoppers phrase each intent, as templates over catalogue values. The speech grammar is
 * these templates expanded with the catalogue, and a test parses every expansion back to its
 * intent and slots, so what the speaker can hear and what it understands cannot drift apart.
 *
 * <p>Placeholders: {product} {category} {colour} {size} {drink} {drinks} (plural) {drinksize}
 * {quantity} {zone}; "{drink:product}" takes drink values but fills the product slot.
 */
public final class Phrasings {

  /** One template of one intent. */
  public record Phrasing(Intent intent, String template) {
  }

  /** One sentence the grammar accepts, with the intent and slots it must parse to. */
  public record Expansion(String text, Intent intent, Map<String, String> slots) {
  }

  private record Value(String spoken, String slotValue) {
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)(?::([a-z]+))?}");

  public static final List<Phrasing> ALL = List.of(
      p(Intent.FIND_PRODUCT, "where can i find {category}"),
      p(Intent.FIND_PRODUCT, "where can i find the {category}"),
      p(Intent.FIND_PRODUCT, "where can i find the {product}"),
      p(Intent.FIND_PRODUCT, "where are the {category}"),
      p(Intent.FIND_PRODUCT, "where do you have {category}"),
      p(Intent.FIND_PRODUCT, "where is the {product}"),
      p(Intent.FIND_PRODUCT, "where is the {zone}"),
      p(Intent.FIND_PRODUCT, "where can i get a {drink:product}"),
      p(Intent.FIND_PRODUCT, "i am looking for {category}"),
      p(Intent.FIND_PRODUCT, "i am looking for the {product}"),
      p(Intent.FIND_PRODUCT, "how do i get to the {zone}"),
      p(Intent.FIND_PRODUCT, "which way to the {zone}"),

      p(Intent.SHOW_PRODUCTS, "show me {category}"),
      p(Intent.SHOW_PRODUCTS, "show me {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "show me the {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "show me your {category}"),
      p(Intent.SHOW_PRODUCTS, "can you show me {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "show me {category} in {colour}"),
      p(Intent.SHOW_PRODUCTS, "i would like to see {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "do you have any {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "what {category} do you have"),

      p(Intent.CHECK_STOCK, "do you have these in size {size}"),
      p(Intent.CHECK_STOCK, "do you have this in size {size}"),
      p(Intent.CHECK_STOCK, "do you have them in size {size}"),
      p(Intent.CHECK_STOCK, "have you got these in size {size}"),
      p(Intent.CHECK_STOCK, "do you have these in {colour}"),
      p(Intent.CHECK_STOCK, "do you have the {product} in size {size}"),
      p(Intent.CHECK_STOCK, "do you have the {product} in {colour}"),
      p(Intent.CHECK_STOCK, "is the {product} in stock"),
      p(Intent.CHECK_STOCK, "is this available in size {size}"),

      p(Intent.PRICE, "how much is the {product}"),
      p(Intent.PRICE, "how much is a {drink:product}"),
      p(Intent.PRICE, "how much is a {drinksize} {drink:product}"),
      p(Intent.PRICE, "how much are the {category}"),
      p(Intent.PRICE, "how much are these"),
      p(Intent.PRICE, "how much is this"),
      p(Intent.PRICE, "what does the {product} cost"),
      p(Intent.PRICE, "what is the price of the {product}"),

      p(Intent.RECOMMEND, "what do you recommend"),
      p(Intent.RECOMMEND, "what do you recommend for me"),
      p(Intent.RECOMMEND, "can you recommend something"),
      p(Intent.RECOMMEND, "can you recommend some {category}"),
      p(Intent.RECOMMEND, "what would you suggest"),

      p(Intent.ORDER_COFFEE, "a {drinksize} {drink} please"),
      p(Intent.ORDER_COFFEE, "a {drink} please"),
      p(Intent.ORDER_COFFEE, "can i have a {drinksize} {drink}"),
      p(Intent.ORDER_COFFEE, "can i have a {drinksize} {drink} please"),
      p(Intent.ORDER_COFFEE, "i would like a {drinksize} {drink}"),
      p(Intent.ORDER_COFFEE, "one {drinksize} {drink} please"),
      p(Intent.ORDER_COFFEE, "{quantity} {drinksize} {drinks} please"),
      p(Intent.ORDER_COFFEE, "and a {drinksize} {drink}"),
      p(Intent.ORDER_COFFEE, "yes a {drinksize} {drink} please"),
      p(Intent.ORDER_COFFEE, "{drinksize} please"),

      p(Intent.ORDER_DONE, "no that's all"),
      p(Intent.ORDER_DONE, "no that is all"),
      p(Intent.ORDER_DONE, "that's all thanks"),
      p(Intent.ORDER_DONE, "no thank you"),
      p(Intent.ORDER_DONE, "no thanks"),
      p(Intent.ORDER_DONE, "nothing else"),
      p(Intent.ORDER_DONE, "no nothing else thanks"),
      p(Intent.ORDER_CANCEL, "cancel my order"),
      p(Intent.ORDER_CANCEL, "cancel the order"),
      p(Intent.AFFIRM, "yes please"),
      p(Intent.AFFIRM, "yes"),

      p(Intent.CALL_ASSISTANT, "call an assistant"),
      p(Intent.CALL_ASSISTANT, "please call an assistant"),
      p(Intent.CALL_ASSISTANT, "can i talk to an assistant"),
      p(Intent.CALL_ASSISTANT, "i need a shop assistant"),
      p(Intent.CALL_ASSISTANT, "can someone help me"),

      p(Intent.OPENING_HOURS, "what are your opening hours"),
      p(Intent.OPENING_HOURS, "when do you open"),
      p(Intent.OPENING_HOURS, "when do you close"),
      p(Intent.OPENING_HOURS, "what time do you close"),
      p(Intent.OPENING_HOURS, "what time do you open"),
      p(Intent.OPENING_HOURS, "are you open on sunday"),
      p(Intent.OPENING_HOURS, "are you open today"),

      p(Intent.HELP, "help"),
      p(Intent.HELP, "what can you do"),
      p(Intent.HELP, "what can i ask you"),
      p(Intent.HELP, "how does this work"));

  private Phrasings() {
  }

  private static Phrasing p(Intent intent, String template) {
    return new Phrasing(intent, template);
  }

  /** Every sentence of every template, with each catalogue value put in each placeholder. */
  public static List<Expansion> expand(ProductCatalog catalog) {
    List<Expansion> out = new ArrayList<>();
    for (Phrasing ph : ALL) {
      out.addAll(expand(catalog, ph));
    }
    return out;
  }

  /** The sentences of one template. */
  public static List<Expansion> expand(ProductCatalog catalog, Phrasing ph) {
    List<Expansion> out = new ArrayList<>();
    expandInto(ph, ph.template(), new LinkedHashMap<>(), valuesOf(catalog), out, catalog);
    return out;
  }

  /** "the {product} in {colour}" / "in size {size}": only the colours and sizes that product has. */
  private static List<Value> constrained(String kind, List<Value> options, Map<String, String> slots,
      ProductCatalog catalog) {
    String productId = slots.get(Slots.PRODUCT);
    if (productId == null || !(kind.equals("colour") || kind.equals("size"))) {
      return options;
    }
    Product p = catalog.product(productId).orElseThrow();
    List<String> allowed = kind.equals("colour") ? p.colours() : p.sizes().stream().map(Spoken::size).toList();
    return options.stream().filter(v -> allowed.contains(v.spoken())).toList();
  }

  private static void expandInto(Phrasing ph, String text, Map<String, String> slots, Map<String, List<Value>> values,
      List<Expansion> out, ProductCatalog catalog) {
    Matcher m = PLACEHOLDER.matcher(text);
    if (!m.find()) {
      out.add(new Expansion(text, ph.intent(), Map.copyOf(slots)));
      return;
    }
    String kind = m.group(1);
    List<Value> options = values.get(kind);
    if (options == null) {
      throw new IllegalStateException("unknown placeholder {" + kind + "} in '" + ph.template() + "'");
    }
    String slot = m.group(2) != null ? m.group(2) : slotOf(kind);
    for (Value v : constrained(kind, options, slots, catalog)) {
      Map<String, String> next = new LinkedHashMap<>(slots);
      next.put(slot, v.slotValue());
      expandInto(ph, text.substring(0, m.start()) + v.spoken() + text.substring(m.end()), next, values, out,
          catalog);
    }
  }

  private static String slotOf(String placeholder) {
    return switch (placeholder) {
      case "drinks" -> Slots.DRINK;
      case "drinksize" -> Slots.SIZE;
      default -> placeholder;
    };
  }

  private static Map<String, List<Value>> valuesOf(ProductCatalog catalog) {
    Map<String, List<Value>> v = new LinkedHashMap<>();
    List<Value> products = new ArrayList<>();
    List<Value> drinks = new ArrayList<>();
    List<Value> drinksPlural = new ArrayList<>();
    List<String> drinkSizes = new ArrayList<>();
    for (Product p : catalog.products()) {
      for (String said : Lexicon.spokenNames(p)) {
        products.add(new Value(said, p.id()));
        if (catalog.isOrderable(p)) {
          drinks.add(new Value(said, p.id()));
          drinksPlural.add(new Value(Spoken.plural(said), p.id()));
        }
      }
      if (catalog.isOrderable(p)) {
        p.sizes().stream().map(Spoken::size).filter(s -> !drinkSizes.contains(s)).forEach(drinkSizes::add);
      }
    }
    // A category said like a product ("tea") is heard as the product; the product phrasings cover it.
    List<String> productNames = products.stream().map(Value::spoken).toList();
    List<Value> categories = new ArrayList<>();
    for (String c : catalog.categories()) {
      for (String form : List.of(c, Spoken.singular(c))) {
        Value val = new Value(form, c);
        if (!productNames.contains(form) && !categories.contains(val)) {
          categories.add(val);
        }
      }
    }
    List<Value> sizes = new ArrayList<>();
    for (String s : catalog.sizes()) {
      String heard = s.matches("\\d+(\\.5)?") ? s.replaceAll("\\.0$", "") : Spoken.size(s);
      Value val = new Value(Spoken.size(s), heard);
      if (!sizes.contains(val)) {
        sizes.add(val);
      }
    }
    List<Value> zones = new ArrayList<>();
    catalog.zoneNames().forEach((id, name) -> {
      zones.add(new Value(id, id));
      if (!Spoken.normalise(name).equals(id)) {
        zones.add(new Value(Spoken.normalise(name), id));
      }
    });
    v.put("product", products);
    v.put("drink", drinks);
    v.put("drinks", drinksPlural);
    v.put("drinksize", drinkSizes.stream().map(s -> new Value(s, s)).toList());
    v.put("category", categories);
    v.put("colour", catalog.colours().stream().map(c -> new Value(c, c)).toList());
    v.put("size", sizes);
    v.put("quantity", List.of(new Value("two", "2"), new Value("three", "3"), new Value("four", "4")));
    v.put("zone", zones);
    return v;
  }
}
