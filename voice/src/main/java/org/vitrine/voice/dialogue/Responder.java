package org.vitrine.voice.dialogue;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitrine.voice.catalog.OpeningHours;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.catalog.Spoken;
import org.vitrine.voice.intent.ParsedIntent;
import org.vitrine.voice.intent.Slots;

/**
 * Turns a parsed intent into a reply sentence, resolved slots and store actions, using the catalogue
 * and the speaker's dialogue session. Pure apart from the session it is given.
 */
public final class Responder {

  static final String HELP = "You can ask me where to find things, to show you products, about sizes, stock and "
      + "prices, for a recommendation, or order a coffee. You can also ask for an assistant.";
  static final String NOT_UNDERSTOOD = "Sorry, I didn't understand. You can ask where to find something, about "
      + "prices and sizes, or order a coffee. Say help to hear more.";
  private static final int SPOKEN_LIST_MAX = 4;

  private final ProductCatalog catalog;

  public Responder(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  /** Everything the responder needs to know about where it is asked. */
  public record Context(String siteId, String zone, Optional<Shopper> shopper, long now) {
  }

  public Reply respond(ParsedIntent in, DialogueSession s, Context ctx) {
    Turn t = new Turn(in, s, ctx);
    switch (in.intent()) {
      case FIND_PRODUCT -> t.find();
      case SHOW_PRODUCTS -> t.show();
      case CHECK_STOCK -> t.stock();
      case PRICE -> t.price();
      case RECOMMEND -> t.recommend();
      case ORDER_COFFEE -> t.order();
      case ORDER_DONE -> t.orderDone();
      case ORDER_CANCEL -> t.orderCancel();
      case AFFIRM -> t.affirm();
      case CALL_ASSISTANT -> t.callAssistant();
      case OPENING_HOURS -> t.say(openingHours());
      case HELP -> t.say(HELP);
      default -> t.say(NOT_UNDERSTOOD);
    }
    return new Reply(t.text, t.slots, t.actions);
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
        List<Product> products = catalog.matching(category, null);
        remember(products);
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
      String category = in.slot(Slots.CATEGORY);
      String colour = in.slot(Slots.COLOUR);
      Optional<Product> named = product();
      List<Product> found = named.map(List::of).orElseGet(() -> category == null && colour == null
          ? List.of() : catalog.matching(category, colour));
      String what = ((colour == null ? "" : colour + " ") + (category == null ? "products" : category)).trim();
      if (named.isEmpty() && category == null && colour == null) {
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

    void order() {
      String drinkId = in.slot(Slots.DRINK);
      String heardSize = in.slot(Slots.SIZE);
      int quantity = in.slot(Slots.QUANTITY) == null ? 1 : Integer.parseInt(in.slot(Slots.QUANTITY));
      if (drinkId == null) {
        if (s.pendingDrink == null) {
          say("Which drink would you like" + (heardSize == null ? "" : " in " + heardSize) + "? We have "
              + Spoken.list(catalog.orderable().stream().map(p -> p.name().toLowerCase()).toList()) + ".");
          return;
        }
        drinkId = s.pendingDrink;
        quantity = s.pendingQuantity;
      }
      Product drink = catalog.product(drinkId).orElseThrow();
      slots.put(Slots.DRINK, drink.id());
      Optional<String> size = heardSize == null ? Optional.empty() : sizeOf(drink, heardSize);
      if (size.isEmpty() && drink.sizes().size() == 1) {
        size = Optional.of(drink.sizes().get(0));
      }
      if (size.isEmpty()) {
        s.pendingDrink = drink.id();
        s.pendingQuantity = quantity;
        String options = Spoken.list(drink.sizes().stream().map(Spoken::size).toList()).replace(" and ", " or ");
        say((heardSize == null ? "" : "The " + drink.name() + " doesn't come in " + heardSize + ". ")
            + "What size would you like your " + drink.name().toLowerCase() + ": " + options + "?");
        return;
      }
      s.pendingDrink = null;
      s.pendingQuantity = 1;
      slots.put(Slots.SIZE, size.get());
      slots.put(Slots.QUANTITY, String.valueOf(quantity));
      OrderLine line = new OrderLine(drink.id(), drink.name(), size.get(), quantity, drink.priceFor(size.get()));
      s.orderLines.add(line);
      say(capitalise(describe(line)) + ". Anything else?");
    }

    void orderDone() {
      if (s.orderLines.isEmpty()) {
        s.clearOrder();
        say("Alright. Enjoy your visit!");
        return;
      }
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

    void orderCancel() {
      boolean open = s.orderOpen();
      s.clearOrder();
      say(open ? "OK, I've cancelled your order." : "There is no open order to cancel.");
    }

    void affirm() {
      if (s.pendingDrink != null) {
        Product p = catalog.product(s.pendingDrink).orElseThrow();
        say("What size would you like your " + p.name().toLowerCase() + "?");
      } else if (!s.orderLines.isEmpty()) {
        say("What else would you like?");
      } else {
        say("How can I help?");
      }
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
