package org.vitrine.voice.intent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.catalog.Spoken;
import org.vitrine.voice.intent.Lexicon.Kind;
import org.vitrine.voice.intent.Lexicon.Mention;

/**
 * Reads an intent and its slots from recognised text with ordered keyword rules over catalogue
 * mentions. Deterministic and explainable on purpose: the grammar limits what is heard to store
 * phrases, so a small rule set is enough and every answer can be traced to a rule.
 */
public final class IntentParser {

  private static final Set<String> ASSISTANT_WORDS = Set.of("assistant", "staff", "employee", "salesperson",
      "someone", "somebody", "human", "person", "clerk");
  private static final Set<String> HOURS_WORDS = Set.of("open", "opening", "close", "closing", "hours");
  private static final Set<String> NEGATIVE = Set.of("no", "nope", "nothing");
  private static final Set<String> AFFIRMATIVE = Set.of("yes", "yeah", "yep", "sure", "okay", "ok");

  private final ProductCatalog catalog;
  private final Lexicon lexicon;

  public IntentParser(ProductCatalog catalog) {
    this.catalog = catalog;
    this.lexicon = new Lexicon(catalog);
  }

  /**
   * Whether a parse has what its intent needs. The grammar forces any speech onto store words
   * ("the weather is nice" comes out as "the where me size"), so an incomplete parse of grammar text
   * is the sign to listen again free-form.
   */
  public static boolean complete(ParsedIntent p) {
    Map<String, String> s = p.slots();
    return switch (p.intent()) {
      case UNKNOWN -> false;
      case FIND_PRODUCT -> s.containsKey(Slots.PRODUCT) || s.containsKey(Slots.CATEGORY) || s.containsKey(Slots.ZONE);
      case SHOW_PRODUCTS -> s.containsKey(Slots.PRODUCT) || s.containsKey(Slots.CATEGORY) || s.containsKey(Slots.COLOUR);
      case CHECK_STOCK, PRICE -> s.containsKey(Slots.PRODUCT) || s.containsKey(Slots.CATEGORY) || p.refersBack();
      case ORDER_COFFEE -> s.containsKey(Slots.DRINK) || s.containsKey(Slots.SIZE);
      default -> true;
    };
  }

  public ParsedIntent parse(String text) {
    String norm = Spoken.normalise(text == null ? "" : text.replace("[unk]", " "));
    Utterance u = new Utterance(norm, lexicon.scan(norm.isEmpty() ? new String[0] : norm.split(" ")));
    return decide(u);
  }

  private ParsedIntent decide(Utterance u) {
    if (u.tokens.length == 0) {
      return u.result(Intent.UNKNOWN);
    }
    if (u.anyWord(ASSISTANT_WORDS) || u.has("talk to a") || u.has("call someone")) {
      return u.result(Intent.CALL_ASSISTANT);
    }
    if (u.anyWord(HOURS_WORDS) && u.products.isEmpty()) {
      return u.result(Intent.OPENING_HOURS);
    }
    if (u.has("what can you do") || u.has("what can i ask") || u.has("what can i say") || u.has("how does this work")
        || (u.word("help") && u.nothingMentioned())) {
      return u.result(Intent.HELP);
    }
    if (u.word("recommend") || u.word("suggest") || u.word("recommendation") || u.word("recommendations")
        || u.has("what should i")) {
      return u.result(Intent.RECOMMEND, Slots.CATEGORY, Slots.COLOUR);
    }
    if (u.has("how much") || u.word("price") || u.word("cost") || u.word("costs")) {
      return u.result(Intent.PRICE, Slots.PRODUCT, Slots.CATEGORY, Slots.SIZE);
    }
    if (u.word("where") || u.word("find") || u.has("looking for") || u.has("which way") || u.has("get to")) {
      return u.result(Intent.FIND_PRODUCT, Slots.PRODUCT, Slots.CATEGORY, Slots.ZONE);
    }
    if (u.word("show") || u.has("let me see") || u.has("can i see") || u.has("like to see")) {
      return u.result(Intent.SHOW_PRODUCTS, Slots.COLOUR, Slots.CATEGORY, Slots.PRODUCT);
    }
    boolean stockWords = u.has("in stock") || u.word("available") || u.has("in size");
    boolean drinkOrder = !u.drinks.isEmpty() && !stockWords;
    boolean doYouHave = u.has("do you have") || u.has("have you got");
    boolean aboutProduct = u.reference || !u.products.isEmpty();
    if (!drinkOrder && (stockWords || u.size != null && !u.only(Kind.SIZE) || aboutProduct && u.colour != null
        || doYouHave && !u.products.isEmpty())) {
      return u.result(Intent.CHECK_STOCK, Slots.PRODUCT, Slots.SIZE, Slots.COLOUR);
    }
    if (drinkOrder) {
      return u.result(Intent.ORDER_COFFEE, Slots.DRINK, Slots.SIZE, Slots.QUANTITY);
    }
    if (u.word("cancel")) {
      return u.result(Intent.ORDER_CANCEL);
    }
    if (u.anyWord(NEGATIVE) || u.has("that's all") || u.has("that is all") || u.has("that's it")
        || u.has("i'm done")) {
      return u.result(Intent.ORDER_DONE);
    }
    if (u.anyWord(AFFIRMATIVE)) {
      return u.result(Intent.AFFIRM);
    }
    if (u.only(Kind.SIZE)) {
      return u.result(Intent.ORDER_COFFEE, Slots.SIZE); // the answer to "what size would you like?"
    }
    if (u.category != null || u.colour != null) {
      return u.result(Intent.SHOW_PRODUCTS, Slots.COLOUR, Slots.CATEGORY);
    }
    if (!u.products.isEmpty() || u.zone != null) {
      return u.result(Intent.FIND_PRODUCT, Slots.PRODUCT, Slots.ZONE);
    }
    return u.result(Intent.UNKNOWN);
  }

  /** One utterance's tokens with the slot values found in it. */
  private final class Utterance {
    final String text;
    final String[] tokens;
    final List<Mention> mentions;
    final List<String> products = new ArrayList<>();
    final List<String> drinks = new ArrayList<>();
    String category;
    String colour;
    String zone;
    String size;
    Integer quantity;
    boolean reference;

    Utterance(String text, List<Mention> mentions) {
      this.text = text;
      this.tokens = text.isEmpty() ? new String[0] : text.split(" ");
      this.mentions = mentions;
      for (int i = 0; i < mentions.size(); i++) {
        Mention m = mentions.get(i);
        switch (m.kind()) {
          case PRODUCT -> {
            products.add(m.value());
            catalog.product(m.value()).filter(catalog::isOrderable).ifPresent(p -> drinks.add(p.id()));
          }
          case CATEGORY -> category = category == null ? m.value() : category;
          case COLOUR -> colour = colour == null ? m.value() : colour;
          case ZONE -> zone = zone == null ? m.value() : zone;
          case REFERENCE -> reference = true;
          case SIZE -> size = size == null ? m.value() : size;
          case NUMBER -> number(m, i);
          default -> { }
        }
      }
    }

    /** A number is a size after "size"/"in" ("size nine", "in a nine"), a quantity before a drink. */
    private void number(Mention m, int index) {
      String before = m.start() > 0 ? tokens[m.start() - 1] : "";
      String before2 = m.start() > 1 ? tokens[m.start() - 2] : "";
      boolean half = tokens.length >= m.end() + 3 && tokens[m.end()].equals("and")
          && tokens[m.end() + 1].equals("a") && tokens[m.end() + 2].equals("half");
      if (before.equals("size") || before.equals("in") || before.equals("a") && before2.equals("in")) {
        if (size == null) {
          size = m.value() + (half ? ".5" : "");
        }
        return;
      }
      Mention next = index + 1 < mentions.size() ? mentions.get(index + 1) : null;
      Mention next2 = index + 2 < mentions.size() ? mentions.get(index + 2) : null;
      boolean beforeDrink = next != null && next.kind() == Kind.PRODUCT && next.start() == m.end()
          || next != null && next.kind() == Kind.SIZE && next.start() == m.end() && next2 != null
          && next2.kind() == Kind.PRODUCT && next2.start() == next.end();
      if (beforeDrink && quantity == null) {
        quantity = Integer.parseInt(m.value());
      }
    }

    boolean word(String w) {
      for (String t : tokens) {
        if (t.equals(w)) {
          return true;
        }
      }
      return false;
    }

    boolean anyWord(Set<String> words) {
      for (String t : tokens) {
        if (words.contains(t)) {
          return true;
        }
      }
      return false;
    }

    /** Whole-word phrase match. */
    boolean has(String phrase) {
      return (" " + text + " ").contains(" " + phrase + " ");
    }

    boolean nothingMentioned() {
      return mentions.stream().allMatch(m -> m.kind() == Kind.NUMBER || m.kind() == Kind.REFERENCE);
    }

    /** True when the only catalogue mentions are of this kind (e.g. just "large please"). */
    boolean only(Kind kind) {
      return !mentions.isEmpty() && mentions.stream().allMatch(m -> m.kind() == kind);
    }

    ParsedIntent result(Intent intent, String... slotNames) {
      Map<String, String> slots = new LinkedHashMap<>();
      for (String name : slotNames) {
        String value = switch (name) {
          case Slots.PRODUCT -> products.isEmpty() ? null : products.get(0);
          case Slots.DRINK -> drinks.isEmpty() ? null : drinks.get(0);
          case Slots.CATEGORY -> category;
          case Slots.COLOUR -> colour;
          case Slots.ZONE -> zone;
          case Slots.SIZE -> size;
          case Slots.QUANTITY -> quantity == null ? null : String.valueOf(quantity);
          default -> null;
        };
        if (value != null) {
          slots.put(name, value);
        }
      }
      return new ParsedIntent(intent, slots, text, reference);
    }
  }
}
