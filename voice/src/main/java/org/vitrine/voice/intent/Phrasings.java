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
 * {quantity} {zone} {facility} {thing} (something not sold: no slot); "{drink:product}" takes drink
 * values but fills the product slot. "(a|b)" is a choice, "[a|b]" an optional choice.
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

  /** Things a clothing store with a cafe does not sell: heard as themselves, not forced onto a product. */
  static final List<String> NOT_SOLD = List.of("laptops", "phones", "phone chargers", "chargers", "televisions", "tvs",
      "books", "toys", "games", "furniture", "sofas", "beds", "kettles", "socks", "underwear", "hats", "gloves",
      "sunglasses", "watches", "jewellery", "perfume", "makeup", "batteries", "bread", "milk", "nappies", "medicine",
      "flowers", "sandwiches", "cake", "cigarettes", "newspapers", "stamps", "groceries", "shampoo", "headphones",
      "a laptop", "a phone", "an iphone", "a kettle", "a sofa", "a bike", "a pizza", "a sandwich", "a cake");

  public static final List<Phrasing> ALL = List.of(
      p(Intent.FIND_PRODUCT, "where (can|could) i find [the] {category}"),
      p(Intent.FIND_PRODUCT, "where (can|could|do) i find the {product}"),
      p(Intent.FIND_PRODUCT, "where (are|are your|are the) {category}"),
      p(Intent.FIND_PRODUCT, "where (is|are) the {product}"),
      p(Intent.FIND_PRODUCT, "where do you (have|keep) [the] {category}"),
      p(Intent.FIND_PRODUCT, "where do you have {zone}"),
      p(Intent.FIND_PRODUCT, "where do you keep the {product}"),
      p(Intent.FIND_PRODUCT, "where would i find {category}"),
      p(Intent.FIND_PRODUCT, "where is the {zone}"),
      p(Intent.FIND_PRODUCT, "(excuse me|sorry) where is the {zone}"),
      p(Intent.FIND_PRODUCT, "where can i get a {drink:product}"),
      p(Intent.FIND_PRODUCT, "i am looking for [the] {category}"),
      p(Intent.FIND_PRODUCT, "i am looking for the {product}"),
      p(Intent.FIND_PRODUCT, "(how do i get|which way) to the {zone}"),
      p(Intent.FIND_PRODUCT, "where can i find {colour} {category}"),
      p(Intent.FIND_PRODUCT, "where do you keep the {colour} {category}"),
      p(Intent.FIND_PRODUCT, "can you (tell me|point me to) where the {category} are"),
      p(Intent.FIND_PRODUCT, "could you tell me where the {product} is"),
      p(Intent.FIND_PRODUCT, "do you know where the {category} are"),
      p(Intent.FIND_PRODUCT, "i was wondering where the {category} are"),
      p(Intent.FIND_PRODUCT, "whereabouts are the {category}"),
      p(Intent.FIND_PRODUCT, "i need [some] new {category} where should i go"),
      p(Intent.FIND_PRODUCT, "i need a {category}"),
      p(Intent.FIND_PRODUCT, "i am after the {product} where is it"),
      p(Intent.FIND_PRODUCT, "where have you put the {category}"),
      p(Intent.FIND_PRODUCT, "where is the {zone} section"),
      p(Intent.FIND_PRODUCT, "and the {category}"),

      p(Intent.SHOW_PRODUCTS, "show me [the|some|your] {category}"),
      p(Intent.SHOW_PRODUCTS, "show me [the] {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "show me the {product}"),
      p(Intent.SHOW_PRODUCTS, "(can|could) you show me [the] {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "(can|could) you show me the {product}"),
      p(Intent.SHOW_PRODUCTS, "show me {category} in {colour}"),
      p(Intent.SHOW_PRODUCTS, "show me {category} in {size}"),
      p(Intent.SHOW_PRODUCTS, "show me everything in {colour}"),
      p(Intent.SHOW_PRODUCTS, "show me what you have in {colour}"),
      p(Intent.SHOW_PRODUCTS, "i would (like|love) to see [the] {colour} {category}"),
      p(Intent.SHOW_PRODUCTS, "i would (like|love) to see the {product}"),
      p(Intent.SHOW_PRODUCTS, "(can|could) you put the {category} on the screen"),
      p(Intent.SHOW_PRODUCTS, "put the {product} on the screen [please]"),
      p(Intent.SHOW_PRODUCTS, "can i see the {category} on the screen"),
      p(Intent.SHOW_PRODUCTS, "(display|bring up|pull up) the {category} [please]"),
      p(Intent.SHOW_PRODUCTS, "could you bring up the {category} on the display"),
      p(Intent.SHOW_PRODUCTS, "could i have a look at the {category} on the screen"),
      p(Intent.CHECK_STOCK, "what {category} do you have"),
      p(Intent.SHOW_PRODUCTS, "show me the {category} on the (big screen|screen)"),
      p(Intent.SHOW_PRODUCTS, "(no|just) the {colour} ones"),

      p(Intent.CHECK_STOCK, "do you have (these|this|them|it) in size {size}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) (these|this|them) in (a|an) {size}"),
      p(Intent.CHECK_STOCK, "do you have these in {colour}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) the {product} in size {size}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) the {product} in (a|an) {size}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) the {product} in {colour}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) any {category} in size {size}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) any {colour} {category}"),
      p(Intent.CHECK_STOCK, "(do you have|have you got) any {category} in {size}"),
      p(Intent.CHECK_STOCK, "are there any {colour} {category} in size {size}"),
      p(Intent.CHECK_STOCK, "are there any {category} in stock"),
      p(Intent.CHECK_STOCK, "is the {product} in stock"),
      p(Intent.CHECK_STOCK, "is the {product} available in {size}"),
      p(Intent.CHECK_STOCK, "are the {product} available in {colour}"),
      p(Intent.CHECK_STOCK, "is this available in size {size}"),
      p(Intent.CHECK_STOCK, "do you (stock|carry) the {product} in {colour}"),
      p(Intent.CHECK_STOCK, "have you any {product} left in size {size}"),
      p(Intent.CHECK_STOCK, "what about {size}"),

      p(Intent.PRICE, "how much is the {product}"),
      p(Intent.PRICE, "how much (is|does) a {drink:product} [cost]"),
      p(Intent.PRICE, "how much is a {drinksize} {drink:product}"),
      p(Intent.PRICE, "how much are (the|your) {category}"),
      p(Intent.PRICE, "how much are the {product}"),
      p(Intent.PRICE, "how much (are these|is this|is it)"),
      p(Intent.PRICE, "what (does|do) the {product} cost"),
      p(Intent.PRICE, "what is the price of the {product}"),
      p(Intent.PRICE, "price of the {product} please"),
      p(Intent.PRICE, "what do you charge for a {product}"),
      p(Intent.PRICE, "how pricey are the {product}"),

      p(Intent.RECOMMEND, "what do you recommend [for me]"),
      p(Intent.RECOMMEND, "what would you recommend [for me]"),
      p(Intent.RECOMMEND, "can you recommend something"),
      p(Intent.RECOMMEND, "can you recommend some {category}"),
      p(Intent.RECOMMEND, "what would you suggest"),
      p(Intent.RECOMMEND, "any (suggestions|recommendations|ideas)"),
      p(Intent.RECOMMEND, "what is good here"),

      p(Intent.ORDER_COFFEE, "[a|one] {drinksize} {drink} please"),
      p(Intent.ORDER_COFFEE, "(a|one) {drink} please"),
      p(Intent.ORDER_COFFEE, "(can|could) i (have|get) a {drinksize} {drink} [please]"),
      p(Intent.ORDER_COFFEE, "(can|could) i (have|get) a {drink} [please]"),
      p(Intent.ORDER_COFFEE, "i would like a {drinksize} {drink}"),
      p(Intent.ORDER_COFFEE, "i would like (a|to order a) {drink}"),
      p(Intent.ORDER_COFFEE, "i will (have|take) a {drinksize} {drink}"),
      p(Intent.ORDER_COFFEE, "{quantity} {drinksize} {drinks} [please]"),
      p(Intent.ORDER_COFFEE, "{quantity} {drinks} [please]"),
      p(Intent.ORDER_COFFEE, "(can we get|could we have|we would like|could i please have) {quantity} {drinks}"),
      p(Intent.ORDER_COFFEE, "and a {drinksize} {drink}"),
      p(Intent.ORDER_COFFEE, "(get me|i want|order me|let me get|i fancy) a {drink} [please]"),
      p(Intent.ORDER_COFFEE, "(can|could) i (have|get) a {drink} to go"),
      p(Intent.ORDER_COFFEE, "(yeah|yes) can i (have|grab|get) a {drink}"),
      p(Intent.ORDER_COFFEE, "(i fancy|i would love) a (cuppa|cup of tea)"),
      p(Intent.ORDER_COFFEE, "(can|could) i (have|get) a {drink} for my (daughter|son|friend)"),
      p(Intent.ORDER_COFFEE, "can i order a {drink} [please]"),
      p(Intent.ORDER_COFFEE, "{drinksize} [please|then]"),
      p(Intent.ORDER_COFFEE, "(no|actually) make it {drinksize}"),
      p(Intent.ORDER_COFFEE, "(no|actually) make it {quantity}"),
      p(Intent.ORDER_COFFEE, "no a {drink}"),

      p(Intent.ORDER_DONE, "[no] that is all [thanks]"),
      p(Intent.ORDER_DONE, "that is (everything|it|the lot) [thanks]"),
      p(Intent.ORDER_DONE, "no (thank you|thanks)"),
      p(Intent.ORDER_DONE, "nothing else [thank you|thanks]"),
      p(Intent.ORDER_DONE, "that will be all"),
      p(Intent.ORDER_DONE, "just that please"),
      p(Intent.ORDER_DONE, "finish the order"),
      p(Intent.ORDER_DONE, "all good that is everything"),
      p(Intent.ORDER_CANCEL, "cancel (my|the) order"),
      p(Intent.ORDER_CANCEL, "cancel it"),
      p(Intent.ORDER_CANCEL, "(forget it|scrap that|never mind)"),
      p(Intent.ORDER_CANCEL, "i do not want it (any more|after all)"),
      p(Intent.AFFIRM, "yes [please|that is right|that is correct]"),
      p(Intent.AFFIRM, "(yeah|yep|sure|correct|exactly|absolutely|that is right|okay)"),
      p(Intent.DENY, "(no|nope|nah|wrong|incorrect)"),
      p(Intent.DENY, "(that is not right|no i did not say that|no no no)"),

      p(Intent.CALL_ASSISTANT, "[please] call an assistant"),
      p(Intent.CALL_ASSISTANT, "(can|could) i (talk|speak) to (an assistant|someone|a person) [please]"),
      p(Intent.CALL_ASSISTANT, "i need a (shop assistant|salesperson)"),
      p(Intent.CALL_ASSISTANT, "(can|could) (someone|somebody) (help me|come and help me) [please]"),
      p(Intent.CALL_ASSISTANT, "is there (anyone|anybody) (working here|around to help)"),
      p(Intent.CALL_ASSISTANT, "(get me|page|call) a (staff member|member of staff) [please]"),
      p(Intent.CALL_ASSISTANT, "i need help from (staff|a human|a person)"),
      p(Intent.CALL_ASSISTANT, "can i get some (help|assistance) [over here]"),
      p(Intent.CALL_ASSISTANT, "could you get the manager"),
      p(Intent.CALL_ASSISTANT, "customer service please"),
      p(Intent.CALL_ASSISTANT, "is there a shop assistant around"),

      p(Intent.OPENING_HOURS, "what are your opening hours"),
      p(Intent.OPENING_HOURS, "(when|what time) do you (open|close) [today|tomorrow|on sunday]"),
      p(Intent.OPENING_HOURS, "(when|what time) does the (store|shop|cafe) (open|close)"),
      p(Intent.OPENING_HOURS, "are you open (today|on sunday|on sundays|until eight)"),
      p(Intent.OPENING_HOURS, "how late are you open"),
      p(Intent.OPENING_HOURS, "what are your hours"),

      p(Intent.FIND_FACILITY, "where (is|are) the {facility}"),
      p(Intent.FIND_FACILITY, "where can i find the {facility}"),
      p(Intent.FIND_FACILITY, "is there a {facility} [here]"),
      p(Intent.FIND_FACILITY, "i need the {facility}"),
      p(Intent.FIND_FACILITY, "{facility} please"),
      p(Intent.FIND_FACILITY, "where (do|can) i pay"),
      p(Intent.FIND_FACILITY, "(how do i get out|which way is out)"),
      p(Intent.FIND_FACILITY, "how do i get upstairs"),

      p(Intent.HELP, "help"),
      p(Intent.HELP, "what can you do"),
      p(Intent.HELP, "what can i ask [you]"),
      p(Intent.HELP, "how does this work"),
      p(Intent.HELP, "what are you for"),

      p(Intent.OUT_OF_SCOPE, "(do you sell|have you got|do you have|where are the|i need) {thing}"),
      p(Intent.OUT_OF_SCOPE, "what is the weather like [today|tomorrow]"),
      p(Intent.OUT_OF_SCOPE, "is it going to rain [today|tomorrow]"),
      p(Intent.OUT_OF_SCOPE, "what is the forecast"),
      p(Intent.OUT_OF_SCOPE, "tell me a joke"),
      p(Intent.OUT_OF_SCOPE, "(say something funny|make me laugh|sing me a song|play some music)"),
      p(Intent.OUT_OF_SCOPE, "what is your name"),
      p(Intent.OUT_OF_SCOPE, "are you a robot"),
      p(Intent.OUT_OF_SCOPE, "set a timer"),
      p(Intent.OUT_OF_SCOPE, "what is the news [today]"),
      p(Intent.OUT_OF_SCOPE, "where is the nearest (pharmacy|supermarket|bank|cash machine|bus stop|train station)"),
      p(Intent.OUT_OF_SCOPE, "where can i get a taxi"));

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
    Map<String, List<Value>> values = valuesOf(catalog);
    for (String text : alternatives(ph.template())) {
      expandInto(ph, text, new LinkedHashMap<>(), values, out, catalog);
    }
    return out;
  }

  private static final Pattern CHOICE = Pattern.compile("([(\\[])([^)\\]]*)[)\\]]");

  /** "(a|b) c [d]" → "a c d", "a c", "b c d", "b c": each choice, an optional part in or out. */
  static List<String> alternatives(String template) {
    Matcher m = CHOICE.matcher(template);
    if (!m.find()) {
      return List.of(template.replaceAll("\\s+", " ").trim());
    }
    List<String> options = new ArrayList<>(List.of(m.group(2).split("\\|", -1)));
    if (m.group(1).equals("[")) {
      options.add("");
    }
    List<String> out = new ArrayList<>();
    for (String o : options) {
      out.addAll(alternatives(template.substring(0, m.start()) + o + template.substring(m.end())));
    }
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
      if (slot != null) {
        next.put(slot, v.slotValue());
      }
      expandInto(ph, text.substring(0, m.start()) + v.spoken() + text.substring(m.end()), next, values, out,
          catalog);
    }
  }

  private static String slotOf(String placeholder) {
    return switch (placeholder) {
      case "drinks" -> Slots.DRINK;
      case "drinksize" -> Slots.SIZE;
      case "thing" -> null; // out of scope: no slot
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
    List<String> drinkCategories = catalog.orderable().stream().map(Product::category).toList();
    for (String c : catalog.categories()) {
      if (drinkCategories.contains(c)) {
        continue; // "a coffee" is an order: the drink phrasings cover the cafe
      }
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
      catalog.zoneAliases().getOrDefault(id, List.of()).forEach(a -> zones.add(new Value(a, id)));
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
    v.put("facility", catalog.facilities().stream().flatMap(f -> f.aliases().stream().map(a -> new Value(a, f.id())))
        .toList());
    v.put("thing", NOT_SOLD.stream().map(t -> new Value(t, t)).toList());
    return v;
  }
}
