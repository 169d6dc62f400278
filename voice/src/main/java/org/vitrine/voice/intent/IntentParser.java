package org.vitrine.voice.intent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.intent.Lexicon.Kind;
import org.vitrine.voice.intent.Lexicon.Mention;

/**
 * Reads an intent and its slots from recognised text with ordered rules: dialogue acts (yes, no,
 * that's all, cancel), then request frames ("where ...", "show ...", "how much ...", "do you have
 * ...", an order) over catalogue mentions. Deterministic and explainable on purpose: every answer
 * can be traced to a rule, and the same rules read both recognizers' text.
 *
 * <p>A request without a catalogue mention is not forced onto the nearest product: "do you sell
 * laptops" is out of scope (not sold), and words with no request in them ("my friend has red shoes")
 * are no request at all.
 */
public final class IntentParser {

  private static final Set<String> STAFF = Set.of("assistant", "assistants", "staff", "employee", "employees",
      "salesperson", "salesman", "saleswoman", "clerk", "human", "person", "manager", "colleague", "colleagues",
      "attendant", "worker", "shopkeeper", "assistance", "staffer", "sales");
  private static final Set<String> SOMEONE = Set.of("someone", "somebody", "anyone", "anybody");
  private static final Set<String> STAFF_ACTS = Set.of("help", "come", "speak", "talk", "working", "works", "work",
      "around", "send", "get", "call", "page", "fetch", "need", "available");
  private static final Set<String> HOURS = Set.of("open", "opening", "opens", "close", "closing", "closes", "hours",
      "shut");
  private static final Set<String> AFFIRM = Set.of("yes", "yeah", "yep", "yup", "sure", "okay", "ok", "correct",
      "exactly", "absolutely", "definitely", "perfect", "affirmative", "indeed", "great", "lovely");
  private static final Set<String> DENY = Set.of("no", "nope", "nah", "wrong", "incorrect", "negative");
  private static final Set<String> PRICE = Set.of("price", "prices", "cost", "costs", "charge", "pricey",
      "expensive", "cheap", "priced");
  private static final Set<String> RECOMMEND = Set.of("recommend", "recommendation", "recommendations", "suggest",
      "suggestion", "suggestions", "ideas", "idea", "advice", "advise");
  private static final Set<String> SHOW = Set.of("show", "display", "screen", "screens");
  private static final Set<String> FIND = Set.of("where", "whereabouts", "find", "located", "location", "keep",
      "direct", "directions", "way");
  private static final Set<String> ORDER_VERBS = Set.of("order", "get", "have", "like", "take", "want", "grab",
      "fancy", "love", "make", "bring", "please");
  /** Words of other topics: with no store request in the utterance they make it out of scope. */
  private static final Set<String> ELSEWHERE = Set.of("weather", "forecast", "sunny", "raining", "snow", "snowing",
      "temperature", "joke", "jokes", "funny", "laugh", "song", "sing", "music", "timer", "alarm", "news", "robot",
      "name", "pharmacy", "chemist", "supermarket", "taxi", "cab", "bus", "train", "atm", "bank", "bakery",
      "restaurant", "pizza", "hotel", "nearby", "mum", "mom", "dad", "daddy", "mummy", "football", "score",
      "president", "capital", "biscuit", "rain", "cash", "podcast", "radio", "movie", "film", "cinema", "parking", "petrol");
  /** Other shops and places: "is the bakery next door open" is not about our doors or hours. */
  private static final Set<String> OTHER_PLACES = Set.of("bakery", "pharmacy", "chemist", "supermarket", "bank",
      "restaurant", "hotel", "atm", "cinema", "station", "library", "hospital", "post");
  /** Someone talking to someone else near the speaker. */
  private static final List<String> BYSTANDER = List.of("meet you", "call you back", "let us", "hang on", "can we go",
      "talk to you later", "see you", "are you coming", "come on", "hold on", "wait for me", "i told you");
  /** Words that do not name the thing asked for. */
  private static final Set<String> FUNCTION = Set.of(
      "a", "an", "the", "some", "any", "your", "you", "i", "me", "my", "we", "us", "our", "do", "does", "did", "is",
      "are", "am", "be", "have", "has", "got", "get", "can", "could", "would", "will", "should", "sell", "stock",
      "carry", "please", "where", "what", "how", "much", "need", "want", "looking", "for", "find", "of", "in", "on",
      "at", "to", "here", "there", "it", "they", "them", "this", "that", "these", "those", "and", "or", "so", "just",
      "sorry", "excuse", "hi", "hello", "hey", "thanks", "thank", "not", "one", "ones", "again", "then", "now",
      "really", "new", "buy", "sale", "keep", "kind", "sort", "with", "if", "was", "wondering", "tell", "know",
      "around", "near", "nearest", "else", "about", "like", "see", "show", "all", "up", "out", "from", "after", "go",
      "yes", "no", "yeah", "well", "oh", "too", "very");

  /** Words a request does not end on. */
  private static final Set<String> DANGLING = Set.of("the", "a", "an", "me", "some", "any", "for", "in", "of", "to",
      "is", "are", "can", "could", "i", "and", "your", "my", "like", "have", "get", "find", "show", "where", "much",
      "what", "size", "about", "with", "you", "do", "would", "there", "our", "this", "these", "those", "at", "on");

  private final ProductCatalog catalog;
  private final Lexicon lexicon;

  public IntentParser(ProductCatalog catalog) {
    this.catalog = catalog;
    this.lexicon = new Lexicon(catalog);
  }

  /**
   * Whether a parse has what its intent needs. The grammar forces any speech onto store words, so an
   * incomplete parse is a sign the words were not heard right (or not finished yet).
   */
  public static boolean complete(ParsedIntent p) {
    Map<String, String> s = p.slots();
    return switch (p.intent()) {
      case UNKNOWN -> false;
      case FIND_PRODUCT -> s.containsKey(Slots.PRODUCT) || s.containsKey(Slots.CATEGORY) || s.containsKey(Slots.ZONE)
          || s.containsKey(Slots.COLOUR);
      case SHOW_PRODUCTS -> s.containsKey(Slots.PRODUCT) || s.containsKey(Slots.CATEGORY) || s.containsKey(Slots.COLOUR)
          || p.refersBack();
      case CHECK_STOCK, PRICE -> s.containsKey(Slots.PRODUCT) || s.containsKey(Slots.CATEGORY) || p.refersBack()
          || s.containsKey(Slots.SIZE);
      case ORDER_COFFEE -> !s.isEmpty() || p.text().contains("coffee") || p.text().contains("drink");
      case FIND_FACILITY -> s.containsKey(Slots.FACILITY);
      default -> true;
    };
  }

  /**
   * Whether the words so far are a request that goes on ("show me", "where can i find the", "a large"):
   * then a short pause is not the end of the utterance. Anything else is finished as far as words go.
   */
  public boolean awaitsMore(String text) {
    List<String> tokens = Words.tokens(text);
    if (tokens.isEmpty()) {
      return true; // nothing yet (or only [unk]): keep listening until the longer pause
    }
    String last = tokens.get(tokens.size() - 1);
    if (DANGLING.contains(last) || lexicon.leadsOn(last)) {
      return true; // "show me the", "a hot": the rest is coming
    }
    ParsedIntent p = parse(text);
    if (complete(p) && p.intent().inScope()) {
      return false;
    }
    List<Mention> mentions = lexicon.scan(tokens.toArray(new String[0]));
    Mention end = mentions.isEmpty() ? null : mentions.get(mentions.size() - 1);
    if (end != null && end.end() == tokens.size() && Set.of(Kind.SIZE, Kind.COLOUR, Kind.NUMBER).contains(end.kind())) {
      return true; // "i'll have a small", "show me the red": a noun is coming
    }
    return p.intent().inScope();
  }

  /** A word of a catalogue name (product, category, colour, size, zone, facility), not a little word. */
  public boolean namesSomething(String word) {
    return lexicon.isStoreWord(word) && !FUNCTION.contains(word) && !DANGLING.contains(word);
  }

  public ParsedIntent parse(String text) {
    List<String> tokens = Words.tokens(text);
    Utterance u = new Utterance(String.join(" ", tokens), lexicon.scan(tokens.toArray(new String[0])));
    return decide(u);
  }

  private ParsedIntent decide(Utterance u) {
    if (u.tokens.length == 0) {
      return u.result(Intent.UNKNOWN);
    }
    ParsedIntent act = dialogueAct(u);
    if (act != null) {
      return act;
    }
    if (staff(u)) {
      return u.result(Intent.CALL_ASSISTANT);
    }
    if (BYSTANDER.stream().anyMatch(u::has) || u.has("next door")) {
      return u.outOfScope(null);
    }
    boolean aboutUs = u.word("you") || u.word("your") || u.word("store") || u.word("shop") || u.word("cafe")
        || u.word("we") || u.tokens.length <= 3;
    if (u.anyWord(HOURS) && aboutUs && u.products.isEmpty() && u.category == null && u.facility == null
        && !u.has("open the") && !u.has("close to") && (!u.anyWord(OTHER_PLACES) || (u.has("bank holiday") || u.has("bank holidays")))) {
      return u.result(Intent.OPENING_HOURS);
    }
    if (u.anyWord(ELSEWHERE) && !u.storeMentioned()
        || u.anyWord(OTHER_PLACES) && !(u.has("bank holiday") || u.has("bank holidays")) && u.products.isEmpty() && u.category == null) {
      return u.outOfScope(null);
    }
    if (u.has("what can you do") || u.has("what can i ask") || u.has("what can i say") || u.has("how does this work")
        || u.has("what are you for") || u.has("what do i say") || u.has("what do you do")
        || u.has("how do i use") || u.has("what can this") || (u.word("help") && u.tokens.length <= 2)) {
      return u.result(Intent.HELP);
    }
    if (u.anyWord(RECOMMEND) || u.has("what is good") || u.has("what should i get") || u.has("what should i buy")
        || u.has("anything good") || u.has("what do you like")) {
      return u.result(Intent.RECOMMEND, Slots.CATEGORY, Slots.COLOUR);
    }
    boolean priceFrame = u.has("how much") || u.anyWord(PRICE) || u.has("going for");
    if (priceFrame) {
      return u.request(Intent.PRICE, Slots.PRODUCT, Slots.CATEGORY, Slots.SIZE, Slots.COLOUR);
    }
    if (u.facility != null || u.word("pay") || u.has("way out") || u.has("get out") || u.word("upstairs")
        || u.word("downstairs") || u.has("is out")) {
      if (u.facility == null) {
        u.facility = u.word("pay") ? "checkout" : u.word("upstairs") || u.word("downstairs") ? "lift" : "exit";
        if (catalog.facility(u.facility).isEmpty()) {
          u.facility = null;
        }
      }
      if (u.facility != null && u.products.isEmpty() && u.category == null) {
        return u.result(Intent.FIND_FACILITY, Slots.FACILITY);
      }
    }
    boolean stockFrame = u.has("in stock") || u.word("available") || u.word("stock") || u.word("carry")
        || u.has("do you have") && !u.word("where") || u.has("have you got") || u.has("have you any") || u.has("have you") && u.word("any")
        || u.has("got any") || u.has("are there any") || u.has("is there any") || u.word("left") || u.word("sell")
        || u.has("what about") && u.size != null || u.has("how about") && u.size != null;
    boolean showWords = u.has("bring up") || u.has("pull up") || u.has("put up") || u.has("have a look")
        || u.has("let me see") || u.has("can i see") || u.has("like to see") || u.has("love to see")
        || u.has("to see");
    boolean showFrame = u.anyWord(SHOW) || showWords && !u.anyWord(FIND);
    boolean orderFrame = !u.drinks.isEmpty() || u.word("coffee") || u.word("drink") || u.word("cuppa");
    boolean findFrame = u.anyWord(FIND) || u.has("looking for") || u.has("point me") || u.has("get to")
        || u.has("should i go") || u.has("i am after") || u.has("which way");
    // "get me a large latte" (heard "get to the a large latte"): a size or a number makes it an order
    boolean findsTheCafe = findFrame && u.size == null && u.quantity == null;
    if (orderFrame && !stockFrame && !showFrame && !findsTheCafe) {
      return u.request(Intent.ORDER_COFFEE, Slots.DRINK, Slots.SIZE, Slots.QUANTITY);
    }
    if (showFrame) {
      return u.request(Intent.SHOW_PRODUCTS, Slots.PRODUCT, Slots.CATEGORY, Slots.COLOUR, Slots.SIZE);
    }
    if (stockFrame) {
      return u.request(Intent.CHECK_STOCK, Slots.PRODUCT, Slots.CATEGORY, Slots.COLOUR, Slots.SIZE);
    }
    if (findFrame || u.has("i need")) {
      return u.request(Intent.FIND_PRODUCT, Slots.PRODUCT, Slots.CATEGORY, Slots.COLOUR, Slots.ZONE);
    }
    if (u.tokens.length <= 5 && (u.has("and the") || u.has("what about") || u.has("and what about")) && u.storeMentioned()) {
      // "and the hoodies": the same question about something else (the dialogue knows which question)
      return u.result(Intent.FIND_PRODUCT, Slots.PRODUCT, Slots.CATEGORY, Slots.ZONE);
    }
    // Only store words and a please: a terse request ("fitting room please", "black sneakers", "large please").
    if (u.onlyStoreWords()) {
      if (u.only(Kind.SIZE) || u.only(Kind.NUMBER) || u.repair && (u.size != null || u.quantity != null)) {
        return u.result(Intent.ORDER_COFFEE, Slots.SIZE, Slots.QUANTITY); // the answer to "which size?" or "how many?"
      }
      if (u.facility != null) {
        return u.result(Intent.FIND_FACILITY, Slots.FACILITY);
      }
      if (u.category != null || u.colour != null || u.reference && u.colour != null) {
        return u.result(Intent.SHOW_PRODUCTS, Slots.PRODUCT, Slots.CATEGORY, Slots.COLOUR, Slots.SIZE);
      }
      if (!u.products.isEmpty() || u.zone != null) {
        return u.result(Intent.FIND_PRODUCT, Slots.PRODUCT, Slots.ZONE);
      }
    }
    if (u.repair && (u.colour != null || u.size != null) && u.reference) {
      return u.result(Intent.SHOW_PRODUCTS, Slots.COLOUR, Slots.SIZE);
    }
    return u.result(Intent.UNKNOWN);
  }

  /** yes, no, that's all, cancel: short answers, and "no, a cappuccino" style corrections. */
  private ParsedIntent dialogueAct(Utterance u) {
    int makeIt = u.text.indexOf("make it ");
    if (makeIt >= 0 && u.drinks.isEmpty() && u.category == null && u.colour == null) {
      // "no, make it two": a change to the order being taken (the dialogue knows which)
      List<String> rest = List.of(u.text.substring(makeIt + "make it ".length()).split(" "));
      int n = org.vitrine.voice.catalog.Spoken.parseNumber(rest.subList(0, 1));
      if (n >= 1 && n <= 20 && u.size == null) {
        u.quantity = n;
      }
      if (u.quantity != null || u.size != null) {
        return u.result(Intent.ORDER_COFFEE, Slots.SIZE, Slots.QUANTITY);
      }
    }
    if (u.word("cancel") || u.word("cancelled") || u.has("forget it") || u.has("forget about it") || u.has("scrap that") || u.has("scrap it")
        || u.has("never mind") || u.has("nevermind") || u.has("do not want it") || u.has("do not bother")
        || u.has("stop the order") || u.has("do not want the") || u.has("changed my mind")
        || u.has("do not want any") || u.has("not want it")) {
      return u.result(Intent.ORDER_CANCEL);
    }
    boolean request = !u.drinks.isEmpty() || u.category != null || u.facility != null || u.size != null
        || u.quantity != null || u.colour != null;
    if (u.has("that is all") || u.has("that is it") || u.has("that is everything") || u.has("that will be all")
        || u.has("nothing else") || u.has("that is the lot") || u.has("just that") || u.has("finish the order")
        || u.has("i am done") || u.has("no thanks") || u.has("no thank you") || u.has("that will do")
        || u.has("all good") || u.has("that is enough") || u.has("that is fine")
        || (u.tokens.length <= 3 && (u.word("thanks") || u.has("thank you")) && !request)) {
      if (!u.has("that is it") || !u.word("where")) {
        return u.result(Intent.ORDER_DONE);
      }
    }
    if (request || u.tokens.length > 6) {
      return null;
    }
    if (u.has("not right") || u.has("not correct") || u.has("did not say") || u.has("that is not")
        || u.anyWord(DENY) && !u.has("no problem")) {
      return u.result(Intent.DENY);
    }
    if (u.anyWord(AFFIRM) || u.has("go ahead") || u.has("please do") || u.has("sounds good") || u.has("that is right")
        || u.has("of course")) {
      return u.result(Intent.AFFIRM);
    }
    return null;
  }

  /** Asking for a person: a staff word, or "someone" with helping or coming. */
  private static boolean staff(Utterance u) {
    if (u.has("call you") || u.has("meet you")) {
      return false; // talk to someone else ("let me call you back")
    }
    if (u.anyWord(STAFF) || u.has("customer service") || u.has("real person") || u.has("help me please")
        || u.has("can someone") || u.has("member of staff")) {
      return true;
    }
    return u.anyWord(SOMEONE) && u.anyWord(STAFF_ACTS)
        || (u.word("help") && (u.has("help me") || u.has("need help") || u.has("to help") || u.has("some help"))
        && !u.storeMentioned());
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
    String facility;
    String size;
    Integer quantity;
    boolean reference;
    final boolean repair;

    Utterance(String text, List<Mention> mentions) {
      this.text = text;
      this.tokens = text.isEmpty() ? new String[0] : text.split(" ");
      this.mentions = mentions;
      this.repair = tokens.length > 0 && (tokens[0].equals("no") || tokens[0].equals("actually")
          || tokens[0].equals("nah") || tokens[0].equals("just") || text.contains("make it") || text.contains("instead")
          || text.contains("change it") || text.endsWith(" then"));
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
          case FACILITY -> facility = facility == null ? m.value() : facility;
          case REFERENCE -> reference = true;
          case SIZE -> size = size == null ? m.value() : size;
          case NUMBER -> number(m, i);
          default -> { }
        }
      }
      if (quantity == null && !drinks.isEmpty()) {
        quantityHeardAsTo();
      }
      if (category != null && !products.isEmpty()) {
        // "the road racer running shoes": the product says it all
        category = catalog.product(products.get(0)).map(p -> p.category().equals(category) ? null : category)
            .orElse(category);
      }
    }

    /** A number is a size after "size"/"in"/"a" ("size nine", "in a nine"), a quantity before a drink. */
    private void number(Mention m, int index) {
      String before = m.start() > 0 ? tokens[m.start() - 1] : "";
      String before2 = m.start() > 1 ? tokens[m.start() - 2] : "";
      boolean half = tokens.length >= m.end() + 3 && tokens[m.end()].equals("and")
          && tokens[m.end() + 1].equals("a") && tokens[m.end() + 2].equals("half");
      Mention next = index + 1 < mentions.size() ? mentions.get(index + 1) : null;
      Mention next2 = index + 2 < mentions.size() ? mentions.get(index + 2) : null;
      boolean beforeDrink = next != null && next.kind() == Kind.PRODUCT && next.start() == m.end()
          && drinkId(next) != null
          || next != null && next.kind() == Kind.SIZE && next.start() == m.end() && next2 != null
          && next2.kind() == Kind.PRODUCT && next2.start() == next.end() && drinkId(next2) != null;
      if (beforeDrink) {
        if (quantity == null && !m.value().equals("1")) {
          quantity = Integer.parseInt(m.value());
        }
        return;
      }
      boolean sizeCue = before.equals("size") || before.equals("in") || (before.equals("a") || before.equals("an"))
          && (before2.equals("in") || before2.equals("size")) || before.equals("about") || before.equals("sizes");
      if (sizeCue || size == null && m.start() > 0 && Set.of("a", "an").contains(before) && m.end() == tokens.length) {
        if (size == null && !m.value().equals("0")) {
          size = m.value() + (half ? ".5" : "");
        }
        return;
      }
      boolean bare = mentions.size() == 1 || mentions.stream().allMatch(x -> x.kind() == Kind.NUMBER);
      if (bare && quantity == null && Integer.parseInt(m.value()) > 1 && Integer.parseInt(m.value()) < 20) {
        quantity = Integer.parseInt(m.value()); // "no three": a correction of how many
      }
    }

    private String drinkId(Mention m) {
      return catalog.product(m.value()).filter(catalog::isOrderable).map(p -> p.id()).orElse(null);
    }

    /** "two lattes" is often heard "to lattes"/"too hot chocolate": right before a drink it can only be a number. */
    private void quantityHeardAsTo() {
      for (Mention m : mentions) {
        int before = m.start() - 1;
        if (before > 0 && mentions.stream().anyMatch(x -> x.kind() == Kind.SIZE && x.end() == m.start())) {
          before--; // "too large lattes"
        }
        if (m.kind() == Kind.PRODUCT && drinkId(m) != null && before >= 0
            && Set.of("to", "too").contains(tokens[before]) && (before == 0 || !Set.of("like", "want", "going", "have",
            "need", "order").contains(tokens[before - 1]))) {
          quantity = 2;
          return;
        }
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

    boolean storeMentioned() {
      return !products.isEmpty() || category != null || facility != null || zone != null;
    }

    /** True when the only catalogue mentions are of this kind (e.g. just "large please"). */
    boolean only(Kind kind) {
      return !mentions.isEmpty() && mentions.stream().allMatch(m -> m.kind() == kind);
    }

    /** Every word is part of a catalogue mention, a politeness, a correction or an article. */
    boolean onlyStoreWords() {
      if (mentions.isEmpty()) {
        return false;
      }
      boolean[] covered = new boolean[tokens.length];
      for (Mention m : mentions) {
        for (int i = m.start(); i < m.end(); i++) {
          covered[i] = true;
        }
      }
      Set<String> glue = Set.of("please", "the", "a", "an", "some", "no", "actually", "just", "then", "and", "one",
          "ones", "make", "it", "thanks", "in", "size", "oh", "yes", "instead", "sorry", "i", "mean", "them", "all");
      for (int i = 0; i < tokens.length; i++) {
        if (!covered[i] && !glue.contains(tokens[i])) {
          return false;
        }
      }
      return true;
    }

    /**
     * A request frame: with a catalogue mention it is that request; without one, and with other
     * words where the thing should be, it asks for something the store does not have.
     */
    ParsedIntent request(Intent intent, String... slotNames) {
      if (storeMentioned() || reference || colour != null || size != null && intent == Intent.CHECK_STOCK
          || intent == Intent.ORDER_COFFEE) {
        return result(intent, slotNames);
      }
      List<String> object = new ArrayList<>();
      for (String t : tokens) {
        if (!FUNCTION.contains(t) && !AFFIRM.contains(t)) {
          if (lexicon.isStoreWord(t)) {
            return result(intent, slotNames); // part of a catalogue name, not heard whole: incomplete, not out of scope
          }
          object.add(t);
        }
      }
      return object.isEmpty() ? result(intent, slotNames) : outOfScope(String.join(" ", object));
    }

    ParsedIntent outOfScope(String unknownObject) {
      return new ParsedIntent(Intent.OUT_OF_SCOPE, Map.of(), text, false, false, unknownObject);
    }

    ParsedIntent result(Intent intent, String... slotNames) {
      Map<String, String> slots = new LinkedHashMap<>();
      for (String name : slotNames) {
        String value = switch (name) {
          case Slots.PRODUCT -> products.isEmpty() ? null : products.get(0);
          case Slots.DRINK -> drinks.isEmpty() ? null : drinks.get(0);
          case Slots.CATEGORY -> products.isEmpty() ? category : null;
          case Slots.COLOUR -> colour;
          case Slots.ZONE -> products.isEmpty() && category == null ? zone : null;
          case Slots.FACILITY -> facility;
          case Slots.SIZE -> size;
          case Slots.QUANTITY -> quantity == null ? null : String.valueOf(quantity);
          default -> null;
        };
        if (value != null) {
          slots.put(name, value);
        }
      }
      return new ParsedIntent(intent, slots, text, reference || intent == Intent.CHECK_STOCK && size != null
          && products.isEmpty() && category == null, repair, null);
    }
  }
}
