package org.vitrine.hub.voice;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.VoiceIntent;
import org.vitrine.hub.events.VoiceShow;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.LogText;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.pipeline.UtteranceResult;

/**
 * What a spoken answer does in the store besides speaking: products or directions on the speaker's
 * zone screens (through the director), a staff notice for "call an assistant", and the store event
 * of every understood intent (rules and the event log). Orders go to the {@link OrderBoard}.
 */
final class AnswerScreens {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerScreens.class);
  static final int SHOW_SECONDS = 20;

  private final Vertx vertx;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final AtomicLong seq = new AtomicLong();

  AnswerScreens(Vertx vertx, CatalogHolder catalog, Counters counters) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.counters = counters;
  }

  /** Shows products or directions; returns what was done ("show-products", "show-directions"), or null. */
  String show(UtteranceResult r, Action a, ProductCatalog products, ScreenCommand.Reason why) {
    if (a instanceof Action.ShowProducts show) {
      ContentItem item = new ContentItem(contentId("products"), ContentItem.PRODUCT_LIST, show.title(), null, null, null,
          r.reply(), cards(products, show.products()), null, null);
      play(show.zone(), false, item, SHOW_SECONDS, why);
      return "show-products";
    }
    if (a instanceof Action.ShowDirections way) {
      Catalog c = catalog.get();
      String toName = c.zone(way.toZone()).map(z -> z.name()).orElse(way.toZone());
      String fromName = c.zone(way.fromZone()).map(z -> z.name()).orElse(way.fromZone());
      ContentItem.Route route = new ContentItem.Route(way.fromZone(), fromName, way.toZone(), toName,
          products.directions(way.toZone()).orElse(null));
      String title = r.slots().getOrDefault("product", r.slots().getOrDefault("category", toName));
      ContentItem item = new ContentItem(contentId("directions"), ContentItem.DIRECTIONS, capitalise(title), null, null,
          null, r.reply(), cards(products, way.products()), route, null);
      play(way.fromZone(), false, item, SHOW_SECONDS, why);
      return "show-directions";
    }
    if (a instanceof Action.CallAssistant call) {
      counters.increment("voice.staff-called");
      LOG.warn("STAFF WANTED in zone {}: a shopper asked at speaker {}", LogText.safe(call.zone()),
          LogText.safe(call.siteId()));
      return "call-assistant";
    }
    return null;
  }

  /**
   * The understood intent as a store event (rules may react, the event log keeps it), and a staff
   * notice in the console when an assistant was called.
   */
  void announce(VoiceIntent i) {
    vertx.eventBus().publish(Addresses.VOICE_INTENT, i);
    vertx.eventBus().publish(Addresses.STORE_EVENT, new StoreEvent("voice", i.zone(), i.shopper(), null, null, i.intent(),
        i.slots() == null ? null : i.slots().get("product"), i.slots(), i.at(), i.sessionId()));
    if (i.actions() != null && i.actions().contains("call-assistant")) {
      Catalog c = catalog.get();
      String zoneName = c.zone(i.zone()).map(z -> z.name() == null ? z.id() : z.name()).orElse(i.zone());
      String who = c.shopper(i.shopper()).map(ShopperProfile::name).orElse("A shopper");
      vertx.eventBus().publish(Addresses.STAFF_NOTIFY, new StaffNotice(UUID.randomUUID().toString(), i.zone(),
          i.shopper(), who + " asks for an assistant in " + zoneName + " (speaker " + i.siteId() + ")", null, i.at()));
    }
  }

  /**
   * To the zone's screens: order updates to its order-board screens (all its screens if it has none),
   * anything else to the screens that are not an order board.
   */
  void play(String zone, boolean orderBoard, ContentItem item, int seconds, ScreenCommand.Reason why) {
    List<Screen> screens = catalog.get().screensIn(zone);
    List<Screen> targets = screens.stream().filter(s -> s.isOrderBoard() == orderBoard).toList();
    if (targets.isEmpty() && orderBoard) {
      targets = screens;
    }
    long now = System.currentTimeMillis();
    ScreenCommand cmd = ScreenCommand.play("v-" + Long.toString(now, 36) + "-" + seq.incrementAndGet(), item, seconds,
        now + seconds * 1000L, why);
    // through the director, which sends it on and remembers it for screens that reconnect
    vertx.eventBus().send(Addresses.DIRECTOR_VOICE_SHOW, new VoiceShow(zone, targets.stream().map(Screen::id).toList(), cmd));
    counters.increment("plays.voice");
    LOG.info("zone {}: voice shows {} '{}' on {}", zone, item.type(), LogText.safe(item.title()),
        targets.stream().map(Screen::id).toList());
  }

  String contentId(String what) {
    return "voice-" + what + "-" + seq.incrementAndGet();
  }

  private List<ContentItem.Product> cards(ProductCatalog products, List<String> ids) {
    Catalog c = catalog.get();
    List<ContentItem.Product> out = new ArrayList<>();
    for (String id : ids) {
      Optional<Product> p = products.product(id);
      if (p.isEmpty()) {
        continue;
      }
      Product v = p.get();
      ContentItem.Product card = v.content() == null ? null : c.content(v.content()).map(ContentItem::product).orElse(null);
      String image = card == null ? null : card.image();
      String tagline = card != null && card.tagline() != null ? card.tagline()
          : v.colours().isEmpty() ? null : String.join(" · ", v.colours());
      String badge = c.zone(v.zone()).map(z -> z.name()).orElse(v.zone());
      out.add(new ContentItem.Product(v.name(), v.price() == null ? null : v.price().doubleValue(), products.currency(),
          image, tagline, badge));
    }
    return out;
  }

  private static String capitalise(String s) {
    return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
