package org.vitrine.voice.dialogue;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitrine.voice.catalog.Facility;
import org.vitrine.voice.catalog.OpeningHours;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.catalog.Spoken;
import org.vitrine.voice.intent.Intent;
import org.vitrine.voice.intent.ParsedIntent;
import org.vitrine.voice.intent.Reading;
import org.vitrine.voice.intent.Slots;

/**
 * Turns a parsed intent into a reply sentence, resolved slots and store actions, using the catalogue
 * and the speaker's dialogue session. Pure apart from the session it is given.
 */
public final class Responder {

  static final String HELP = "You can ask me where to find things, to show you products, about sizes, stock and "
      + "prices, for a recommendation, or order a coffee. You can also ask for an assistant.";
  static final String NOT_UNDERSTOOD = "Sorry, I didn't catch that. Could you say it again?";
  static final String OUT_OF_SCOPE = "Sorry, I can't help with that. I can help you find things in the store, show "
      + "products, check sizes and prices, or order from the cafe.";
  /** Below this confidence nothing is done: the speaker says it did not catch that (see Interpreter). */
  public static final double ACT = org.vitrine.voice.intent.Interpreter.ACT;
  /** At or above this, calling staff needs no confirmation turn. Orders are always confirmed: money changes hands. */
  public static final double ACT_WITHOUT_CONFIRMING = 0.9;
  private static final int SPOKEN_LIST_MAX = 4;

  private final ProductCatalog catalog;

  public Responder(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  /** Everything the responder needs to know about where it is asked. */
  public record Context(String siteId, String zone, Optional<Shopper> shopper, long now) {
  }

  /** A reading at full confidence (tests, typed input). */
  public Reply respond(ParsedIntent in, DialogueSession s, Context ctx) {
    return respond(new Reading(in, 1, "text", in.text(), "typed"), s, ctx);
  }

  public Reply respond(Reading reading, DialogueSession s, Context ctx) {
    ParsedIntent in = reading.parsed();
    Turn t = new Turn(in, s, ctx);
    boolean sure = in.intent().inScope() && reading.confidence() >= ACT;
    if (s.awaiting != DialogueSession.Awaiting.NOTHING) {
      t.answer(sure ? in.intent() : Intent.UNKNOWN, reading.confidence());
    } else if (in.intent() == Intent.OUT_OF_SCOPE) {
      t.outOfScope();
    } else if (!sure) {
      t.say(NOT_UNDERSTOOD);
    } else {
      t.request(in.intent(), reading.confidence());
    }
    if (sure && in.intent() != Intent.AFFIRM && in.intent() != Intent.DENY) {
      s.lastIntent = in.intent();
    }
    return new Reply(t.text, t.slots, t.actions, s.awaiting != DialogueSession.Awaiting.NOTHING);
  }

  /**
   * The shopper said nothing after a question (the listening window closed): asked once more, then
   * dropped; with no question open there is nothing to say.
   */
  public Reply noAnswer(DialogueSession s, Context ctx) {
    if (s.awaiting == DialogueSession.Awaiting.NOTHING) {
      return Reply.NOTHING;
    }
    Turn t = new Turn(new ParsedIntent(Intent.UNKNOWN, Map.of(), "", false), s, ctx);
    if (s.reasked == 0) {
      s.reasked++;
      t.say("Sorry, I didn't hear you. " + t.question());
    } else {
      boolean order = s.orderOpen();
      s.clearOrder();
      t.say(order ? "I haven't ordered anything. Ask me again whenever you like." : "Alright. Ask me whenever you like.");
    }
    return new Reply(t.text, t.slots, t.actions, s.awaiting != DialogueSession.Awaiting.NOTHING);
  }

  private String openingHours() {
    List<String> parts = new ArrayList<>();
    for (OpeningHours h : catalog.openingHours()) {
      parts.add(h.days() + " from " + Spoken.time(LocalTime.parse(h.open())) + " to "
          + Spoken.time(LocalTime.parse(h.close())));
    }
    return parts.isEmpty() ? "Please ask a member of staff about our opening hours."
        : "We are open " + Spoken.list(parts) + ".";
  }

  /** One reply being built. */
  private final class Turn {
    final ParsedIntent in;
    final DialogueSession s;
    final Context ctx;
    final Map<String, String> slots;
    final List<Action> actions = new ArrayList<>();
    String text = "";

    Turn(ParsedIntent in, DialogueSession s, Context ctx) {
      this.in = in;
      this.s = s;
      this.ctx = ctx;
      this.slots = new LinkedHashMap<>(in.slots());
    }

    void say(String sentence) {
      text = sentence;
    }

    /** A new request (nothing was asked). */
    void request(Intent intent, double confidence) {
      switch (intent) {
        case FIND_PRODUCT -> {
          if (in.refersBack() || s.lastIntent == null || !in.text().startsWith("and ")) {
            find();
          } else {
            carryOver();
          }
        }
        case SHOW_PRODUCTS -> show();
        case CHECK_STOCK -> stock();
        case PRICE -> price();
        case RECOMMEND -> recommend();
        case ORDER_COFFEE -> order();
        case ORDER_DONE -> say(s.orders > 0 ? "Thank you, enjoy your drink!" : "You're welcome. Enjoy your visit!");
        case ORDER_CANCEL -> say("There is no open order to cancel.");
        case AFFIRM -> say("How can I help?");
        case DENY -> say("Alright. How can I help?");
        case CALL_ASSISTANT -> {
          if (confidence >= ACT_WITHOUT_CONFIRMING) {
            callAssistant();
          } else {
            s.awaiting = DialogueSession.Awaiting.STAFF_CONFIRMATION;
            say(question());
          }
        }
        case OPENING_HOURS -> say(openingHours());
        case FIND_FACILITY -> facility();
        case HELP -> say(HELP);
        default -> say(NOT_UNDERSTOOD);
      }
    }

    /** "and the hoodies": the last question again, about something else. */
    void carryOver() {
      switch (s.lastIntent) {
        case PRICE -> price();
        case SHOW_PRODUCTS -> show();
        case CHECK_STOCK -> stock();
        default -> find();
      }
    }

    /** The shopper's turn while the speaker waits for an answer to its question. */
    void answer(Intent intent, double confidence) {
      DialogueSession.Awaiting asked = s.awaiting;
      boolean yes = intent == Intent.AFFIRM || intent == Intent.ORDER_DONE && asked == DialogueSession.Awaiting.ORDER_CONFIRMATION;
      if (yes && asked == DialogueSession.Awaiting.ORDER_CONFIRMATION) {
        placeOrder();
      } else if (yes && asked == DialogueSession.Awaiting.STAFF_CONFIRMATION) {
        s.clearOrder();
        callAssistant();
      } else if (intent == Intent.ORDER_CANCEL) {
        boolean open = s.orderOpen();
        s.clearOrder();
        say(open ? "OK, I've cancelled your order." : "OK.");
      } else if (intent == Intent.DENY && !in.repair() || intent == Intent.DENY && in.slots().isEmpty()) {
        boolean order = s.orderOpen();
        s.clearOrder();
        say(order ? "OK, I won't order that. What would you like instead?" : "OK, I won't call anyone. How can I help?");
      } else if (intent == Intent.ORDER_COFFEE && asked != DialogueSession.Awaiting.STAFF_CONFIRMATION) {
        order();
      } else if (intent == Intent.CALL_ASSISTANT) {
        s.clearOrder();
        callAssistant();
      } else if (intent == Intent.ORDER_DONE) {
        s.clearOrder();
        say("Alright, I won't call anyone.");
      } else {
        // Not an answer (a bystander, a mumble, another question): nothing is done, the question stands.
        s.reasked++;
        say((intent == Intent.UNKNOWN ? "Sorry, I didn't catch that. " : "Sorry, first: ") + question());
      }
    }

    /** The open question, as asked. */
    String question() {
      return switch (s.awaiting) {
        case ORDER_CONFIRMATION -> capitalise(Spoken.list(s.orderLines.stream().map(this::describe).toList()))
            + ", is that right?";
        case STAFF_CONFIRMATION -> "Shall I call a member of staff to " + catalog.zoneName(ctx.zone()) + "?";
        case DRINK_SIZE -> catalog.product(s.pendingDrink).map(p -> "What size would you like your "
            + p.name().toLowerCase() + ": " + sizeOptions(p) + "?").orElse("Which size would you like?");
        case NOTHING -> "";
      };
    }

    void outOfScope() {
      String thing = in.unknownObject();
      if (thing != null && !thing.isBlank()) {
        say("Sorry, we don't sell " + thing + " here. We have clothes, shoes and accessories, and a cafe.");
      } else {
        say(OUT_OF_SCOPE);
      }
    }

    void facility() {
      Optional<Facility> f = Optional.ofNullable(in.slot(Slots.FACILITY)).flatMap(catalog::facility);
      if (f.isEmpty()) {
        say("Which place are you looking for?");
        return;
      }
      Facility place = f.get();
      slots.put(Slots.ZONE, place.zone());
      say(capitalise(place.name()) + (place.name().endsWith("s") ? " are " : " is ") + place.directions() + ".");
      actions.add(new Action.ShowDirections(ctx.zone(), place.zone(), List.of()));
    }

    Optional<Product> product() {
      return Optional.ofNullable(in.slot(Slots.PRODUCT)).flatMap(catalog::product);
    }

    /** The products meant: the one named, else those just talked about ("these"). */
    List<Product> targets() {
      Optional<Product> named = product();
      if (named.isPresent()) {
        return List.of(named.get());
      }
      return s.lastProducts.stream().map(catalog::product).flatMap(Optional::stream).toList();
    }

    void remember(List<Product> products) {
      s.lastProducts = products.stream().map(Product::id).toList();
    }

    String where(String zone) {
      String name = catalog.zoneName(zone);
      if (zone.equals(ctx.zone())) {
        return "right here in " + name;
      }
      return "in " + name + catalog.directions(zone).map(d -> ", " + d).orElse("");
    }

    void find() {
      Optional<Product> p = product();
      String category = in.slot(Slots.CATEGORY);
      String zone = in.slot(Slots.ZONE);
      if (p.isPresent()) {
        Product product = p.get();
        remember(List.of(product));
        slots.put(Slots.ZONE, product.zone());
        say("You'll find the " + product.name() + " " + where(product.zone()) + ".");
        actions.add(new Action.ShowDirections(ctx.zone(), product.zone(), List.of(product.id())));
      } else if (category != null) {
        List<String> zones = catalog.zonesOf(category);
        List<Product> products = catalog.matching(category, in.slot(Slots.COLOUR));
        if (products.isEmpty()) {
          products = catalog.matching(category, null);
        }
        remember(products);
        s.lastCategory = category;
        slots.put(Slots.ZONE, zones.get(0));
        say("You'll find " + category + " " + where(zones.get(0)) + ".");
        actions.add(new Action.ShowDirections(ctx.zone(), zones.get(0), ids(products)));
      } else if (zone != null) {
        String name = catalog.zoneName(zone);
        say(zone.equals(ctx.zone()) ? "You are in " + name + " now."
            : name + " is " + catalog.directions(zone).orElse("in the store") + ".");
        actions.add(new Action.ShowDirections(ctx.zone(), zone, List.of()));
      } else {
        say("What are you looking for? You can say for example: where can I find running shoes?");
      }
    }

    void show() {
      String colour = in.slot(Slots.COLOUR);
      Optional<Product> named = product();
      // "no, the red ones": the same things as before, in red
      boolean again = named.isEmpty() && in.slot(Slots.CATEGORY) == null && (in.refersBack() || in.repair());
      String category = again && s.lastCategory != null ? s.lastCategory : in.slot(Slots.CATEGORY);
      List<Product> before = again && s.lastCategory == null ? targets() : List.of();
      String heardSize = in.slot(Slots.SIZE);
      List<Product> found = named.map(List::of).orElseGet(() -> !before.isEmpty()
          ? before.stream().filter(p -> colour == null || p.hasColour(colour)).toList()
          : category == null && colour == null ? List.of() : catalog.matching(category, colour));
      if (heardSize != null) {
        found = found.stream().filter(p -> sizeOf(p, heardSize).isPresent()).toList();
      }
      if (category != null) {
        s.lastCategory = category;
      }
      String what = ((colour == null ? "" : colour + " ") + (category == null ? "products" : category)).trim();
      if (named.isEmpty() && category == null && colour == null && before.isEmpty()) {
        say("What would you like to see? You can say for example: show me red dresses.");
        return;
      }
      if (found.isEmpty()) {
        String others = category == null ? "" : " We have " + category + " in "
            + Spoken.list(catalog.matching(category, null).stream().flatMap(p -> p.colours().stream()).distinct()
            .toList()) + ".";
        say("Sorry, we have no " + what + "." + (others.endsWith(" in .") ? "" : others));
        return;
      }
      remember(found);
      String zone = found.get(0).zone();
      String list = describe(found);
      say((named.isPresent() ? "Here is " : "Here are our " + what + ": ") + list + ", "
          + where(zone) + ".");
      actions.add(new Action.ShowProducts(ctx.zone(), ids(found), capitalise(what)));
    }

    void stock() {
      List<Product> targets = targets();
      String colour = in.slot(Slots.COLOUR);
      String heardSize = in.slot(Slots.SIZE);
      if (targets.isEmpty()) {
        say("Which product do you mean? You can ask for example: do you have the Trail Runner X in size nine?");
        return;
      }
      if (targets.size() == 1) {
        slots.put(Slots.PRODUCT, targets.get(0).id());
      }
      if (colour != null) {
        List<Product> inColour = targets.stream().filter(p -> p.hasColour(colour)).toList();
        if (inColour.isEmpty()) {
          Product p = targets.get(0);
          say("Sorry, the " + p.name() + " doesn't come in " + colour + ". It comes in " + Spoken.list(p.colours()) + ".");
          return;
        }
        targets = inColour;
      }
      remember(targets);
      if (heardSize == null) {
        List<String> parts = new ArrayList<>();
        for (Product p : targets) {
          parts.add(p.tracksStock() ? "the " + p.name() + " is in stock in " + sizes(inStock(p))
              : "the " + p.name() + " is always available in " + sizes(p.sizes()));
        }
        say(capitalise(Spoken.list(parts)) + ".");
        return;
      }
      List<String> have = new ArrayList<>();
      List<String> soldOut = new ArrayList<>();
      List<String> notMade = new ArrayList<>();
      String sizeShown = heardSize;
      for (Product p : targets) {
        Optional<String> size = sizeOf(p, heardSize);
        if (size.isEmpty()) {
          notMade.add(p.name());
          continue;
        }
        sizeShown = size.get();
        slots.put(Slots.SIZE, size.get());
        (p.stockOf(size.get()) > 0 ? have : soldOut).add(p.name());
      }
      String inSize = "in size " + sizeWord(sizeShown);
      if (targets.size() == 1) {
        Product p = targets.get(0);
        if (!notMade.isEmpty()) {
          say("The " + p.name() + " doesn't come " + inSize + ". It comes in " + sizes(p.sizes()) + ".");
        } else if (!have.isEmpty()) {
          int n = p.stockOf(sizeShown);
          say("Yes, we have the " + p.name() + " " + inSize + (p.tracksStock() ? ": " + n + " left" : "") + ", "
              + where(p.zone()) + ".");
        } else {
          List<String> other = inStock(p);
          say("Sorry, the " + p.name() + " is sold out " + inSize + "."
              + (other.isEmpty() ? "" : " We have " + sizes(other) + "."));
        }
        return;
      }
      StringBuilder sb = new StringBuilder();
      sb.append(have.isEmpty() ? "Sorry, none of them is in stock " + inSize + "."
          : capitalise(inSize) + " we have the " + Spoken.list(have) + ".");
      if (!have.isEmpty() && !soldOut.isEmpty()) {
        sb.append(" The ").append(Spoken.list(soldOut)).append(soldOut.size() == 1 ? " is" : " are")
            .append(" sold out in that size.");
      }
      say(sb.toString());
    }

    void price() {
      String category = in.slot(Slots.CATEGORY);
      String heardSize = in.slot(Slots.SIZE);
      Optional<Product> named = product();
      if (named.isEmpty() && category != null) {
        List<Product> ps = catalog.matching(category, null);
        remember(ps);
        BigDecimal min = ps.stream().map(Product::price).min(Comparator.naturalOrder()).orElseThrow();
        BigDecimal max = ps.stream().map(Product::price).max(Comparator.naturalOrder()).orElseThrow();
        say(min.compareTo(max) == 0 ? "Our " + category + " are " + money(min) + "."
            : "Our " + category + " cost from " + money(min) + " to " + money(max) + ".");
        return;
      }
      List<Product> targets = targets();
      if (targets.isEmpty()) {
        say("Which product do you mean? You can ask for example: how much is the Trail Runner X?");
        return;
      }
      remember(targets);
      if (targets.size() == 1) {
        slots.put(Slots.PRODUCT, targets.get(0).id());
      }
      List<String> parts = new ArrayList<>();
      for (Product p : targets.subList(0, Math.min(SPOKEN_LIST_MAX, targets.size()))) {
        Optional<String> size = heardSize == null ? Optional.empty() : sizeOf(p, heardSize);
        if (size.isPresent()) {
          slots.put(Slots.SIZE, size.get());
          parts.add("a " + Spoken.size(size.get()) + " " + p.name() + " is " + money(p.priceFor(size.get())));
        } else if (!p.prices().isEmpty()) {
          List<String> bySize = new ArrayList<>();
          p.sizes().forEach(sz -> bySize.add(money(p.priceFor(sz)) + " " + Spoken.size(sz)));
          parts.add("a " + p.name() + " is " + Spoken.list(bySize));
        } else {
          parts.add("the " + p.name() + " is " + money(p.price()));
        }
      }
      say(capitalise(Spoken.list(parts)) + ".");
    }

    void recommend() {
      String category = in.slot(Slots.CATEGORY);
      Optional<Shopper> shopper = ctx.shopper();
      List<Product> picks;
      String intro;
      if (shopper.isPresent() && !shopper.get().interests().isEmpty()) {
        List<String> interests = shopper.get().interests();
        picks = catalog.products().stream()
            .filter(p -> category == null || p.category().equals(category))
            .filter(this::available)
            .filter(p -> p.tags().stream().anyMatch(interests::contains))
            .sorted(Comparator.comparingLong((Product p) -> -p.tags().stream().filter(interests::contains).count()))
            .limit(2).toList();
        String liked = picks.isEmpty() ? "" : picks.get(0).tags().stream().filter(interests::contains).findFirst()
            .orElse("");
        intro = shopper.get().name() + ", as you like " + liked + ", I'd recommend ";
        slots.put("shopper", shopper.get().id());
      } else {
        picks = List.of();
        intro = "";
      }
      if (picks.isEmpty()) {
        // Nobody recognised (or nothing matches them): the featured products, those with a screen card.
        picks = catalog.products().stream()
            .filter(p -> category == null ? p.content() != null : p.category().equals(category))
            .filter(this::available).limit(2).toList();
        intro = "Our favourites right now are ";
      }
      if (picks.isEmpty()) {
        say("Sorry, I have nothing to recommend right now. Ask an assistant, they know the store best.");
        return;
      }
      remember(picks);
      List<String> parts = new ArrayList<>();
      for (Product p : picks) {
        parts.add("the " + p.name() + " at " + money(p.price()) + " in " + catalog.zoneName(p.zone()));
      }
      say(intro + Spoken.list(parts) + ".");
      actions.add(new Action.ShowProducts(ctx.zone(), ids(picks), "Recommended for you"));
    }

    boolean available(Product p) {
      return !p.tracksStock() || p.stock().values().stream().anyMatch(n -> n > 0);
    }

    /**
     * A drink (or a correction of one): the order so far is read back and must be confirmed before it
     * goes to the counter. While a confirmation is open, "no, a cappuccino", "make it large" and "no,
     * three" change the last line instead of adding one.
     */
    void order() {
      String drinkId = in.slot(Slots.DRINK);
      String heardSize = in.slot(Slots.SIZE);
      Integer heardQuantity = in.slot(Slots.QUANTITY) == null ? null : Integer.valueOf(in.slot(Slots.QUANTITY));
      boolean confirming = s.awaiting == DialogueSession.Awaiting.ORDER_CONFIRMATION && !s.orderLines.isEmpty();
      boolean correction = confirming && (in.repair() || drinkId == null);
      OrderLine last = correction ? s.orderLines.get(s.orderLines.size() - 1) : null;
      int quantity = heardQuantity != null ? heardQuantity : last != null ? last.quantity() : 1;
      if (drinkId == null) {
        if (last != null) {
          drinkId = last.product();
        } else if (s.pendingDrink != null) {
          drinkId = s.pendingDrink;
          quantity = heardQuantity != null ? heardQuantity : s.pendingQuantity;
        } else {
          say("Which drink would you like" + (heardSize == null ? "" : " in " + heardSize) + "? We have "
              + Spoken.list(catalog.orderable().stream().map(p -> p.name().toLowerCase()).toList()) + ".");
          return;
        }
      }
      Product drink = catalog.product(drinkId).orElseThrow();
      slots.put(Slots.DRINK, drink.id());
      Optional<String> size = heardSize == null ? Optional.empty() : sizeOf(drink, heardSize);
      if (heardSize != null && size.isEmpty()) {
        // asked for a size it does not come in: ask, do not guess
        s.pendingDrink = drink.id();
        s.pendingQuantity = quantity;
        if (last != null) {
          s.orderLines.remove(last);
        }
        s.awaiting = DialogueSession.Awaiting.DRINK_SIZE;
        say("The " + drink.name() + " comes in " + sizeOptions(drink) + ". Which would you like?");
        return;
      }
      if (size.isEmpty() && last != null) {
        size = sizeOf(drink, last.size()); // "no, a hot chocolate": the size said before stays if it has it
      }
      if (size.isEmpty()) {
        size = Optional.of(defaultSize(drink));
      }
      s.pendingDrink = null;
      s.pendingQuantity = 1;
      slots.put(Slots.SIZE, size.get());
      slots.put(Slots.QUANTITY, String.valueOf(quantity));
      if (last != null) {
        s.orderLines.remove(last);
      }
      s.orderLines.add(new OrderLine(drink.id(), drink.name(), size.get(), quantity, drink.priceFor(size.get())));
      s.awaiting = DialogueSession.Awaiting.ORDER_CONFIRMATION;
      s.reasked = 0;
      say(question());
    }

    /** The confirmed order goes to the counter's board. */
    void placeOrder() {
      BigDecimal total = s.orderLines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
      s.orders++;
      Order order = new Order(ctx.siteId() + "-" + Long.toString(ctx.now(), 36) + "-" + s.orders, ctx.siteId(),
          catalog.orderZone(), s.orderLines, total, catalog.currency(), ctx.now());
      List<String> lines = s.orderLines.stream().map(this::describe).toList();
      s.clearOrder();
      slots.put("order", order.id());
      say("Thank you! Your order: " + Spoken.list(lines) + ", " + money(total) + " in total. It will be ready at the "
          + catalog.zoneName(order.zone()) + " counter.");
      actions.add(new Action.PlaceOrder(order));
    }

    void callAssistant() {
      slots.put(Slots.ZONE, ctx.zone());
      say("I've called an assistant. Someone will come to you in " + catalog.zoneName(ctx.zone()) + " shortly.");
      actions.add(new Action.CallAssistant(ctx.zone(), ctx.siteId()));
    }

    String describe(OrderLine l) {
      String name = l.name().toLowerCase();
      return Spoken.number(Math.min(l.quantity(), 99)) + " " + Spoken.size(l.size()) + " "
          + (l.quantity() == 1 ? name : Spoken.plural(name));
    }

    String describe(List<Product> products) {
      List<String> parts = new ArrayList<>();
      for (Product p : products.subList(0, Math.min(SPOKEN_LIST_MAX, products.size()))) {
        parts.add("the " + p.name() + " at " + money(p.price()));
      }
      if (products.size() > SPOKEN_LIST_MAX) {
        parts.add((products.size() - SPOKEN_LIST_MAX) + " more on the screen");
      }
      return Spoken.list(parts);
    }
  }

  /** "small or medium". */
  static String sizeOptions(Product p) {
    return Spoken.list(p.sizes().stream().map(Spoken::size).toList()).replace(" and ", " or ");
  }

  /** A drink ordered without a size: medium where there is one, else its first size (said back, so it can be changed). */
  static String defaultSize(Product p) {
    return p.sizes().stream().filter(sz -> Spoken.size(sz).equals("medium")).findFirst().orElse(p.sizes().get(0));
  }

  /** The product's own size matching what was heard ("9" or "nine"; "medium" for M). */
  static Optional<String> sizeOf(Product p, String heard) {
    return p.sizes().stream().filter(sz -> sz.equalsIgnoreCase(heard) || Spoken.size(sz).equals(heard)).findFirst();
  }

  private static List<String> inStock(Product p) {
    return p.sizes().stream().filter(sz -> p.stockOf(sz) > 0).toList();
  }

  /** Sizes for a sentence: "sizes 7, 8 and 10", "medium and large". */
  private static String sizes(List<String> sizes) {
    if (sizes.isEmpty()) {
      return "no size at the moment";
    }
    boolean numeric = sizes.stream().allMatch(sz -> sz.matches("\\d+(\\.\\d)?"));
    List<String> words = sizes.stream().map(Responder::sizeWord).toList();
    return (numeric ? (sizes.size() == 1 ? "size " : "sizes ") : "") + Spoken.list(words);
  }

  private static String sizeWord(String size) {
    return size.matches("\\d+(\\.\\d)?") ? size : Spoken.size(size);
  }

  private String money(BigDecimal amount) {
    return Spoken.price(amount, catalog.currency());
  }

  private static List<String> ids(List<Product> products) {
    return products.stream().map(Product::id).toList();
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
