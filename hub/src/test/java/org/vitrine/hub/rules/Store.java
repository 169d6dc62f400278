package org.vitrine.hub.rules;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Position;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.events.StoreEvent;

/** A small store for the pure rule tests: two apparel screens at both ends of the zone, a shelf near the first. */
final class Store {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  /** Wednesday 2026-11-25, noon in Paris. */
  static final ZonedDateTime NOON = ZonedDateTime.of(2026, 11, 25, 12, 0, 0, 0, PARIS);

  static final ShopperProfile ANNA = new ShopperProfile("anna", "Anna", "young-professional", "gold",
      List.of("running", "coffee"), 14, List.of("38", "M"));
  static final ShopperProfile BEN = new ShopperProfile("ben", "Ben", "family", "silver", List.of("kids", "coffee"), 5);
  static final ShopperProfile CHLOE = new ShopperProfile("chloe", "Chloé", "student", "bronze", List.of("sneakers"), 1);

  private Store() {
  }

  static Catalog catalog(Collection<Rule> rules) {
    return new Catalog(new StoreInfo("Test store", "Europe/Paris"),
        List.of(new Zone("entrance", "Entrance"), new Zone("cafe", "Cafe"), new Zone("apparel", "Apparel"),
            new Zone("footwear", "Footwear")),
        List.of(new Screen("apparel-1", "apparel", "Mirror", null, new Position(10, 10)),
            new Screen("apparel-2", "apparel", "Aisle end", null, new Position(90, 10)),
            new Screen("cafe-1", "cafe", "Menu", null), new Screen("footwear-1", "footwear", "Wall", null),
            new Screen("footwear-2", "footwear", "Bench", null)),
        List.of(new Device("cam-apparel", Device.CAMERA, "apparel", null, null, null, null, null, new Position(85, 15)),
            new Device("shelf-1", Device.SHELF, "apparel", null, null, null, null, null, new Position(12, 12)),
            new Device("cam-cafe", Device.CAMERA, "cafe", null, null, null, null, null)),
        List.of(card("trail"), card("denim"), card("latte"), card("sneaker"), card("welcome"), card("menu"), card("breakfast"),
            card("season")),
        List.of(new Playlist("apparel", List.of(new Playlist.Item("season", 8), new Playlist.Item("welcome", 4))),
            new Playlist("cafe", List.of(new Playlist.Item("menu", 10)),
                List.of(new Playlist.Daypart("morning", List.of(), "07:00", "11:00", List.of(new Playlist.Item("breakfast", 10)))))),
        List.of(ANNA, BEN, CHLOE), rules);
  }

  static ContentItem card(String id) {
    return new ContentItem(id, "product-card", id + " title", null, null, null);
  }

  static Rule rule(String id, String event, String zone, Rule.Conditions cond, String show, int priority) {
    return new Rule(id, null, null, new Rule.Trigger(event, List.of(zone)), cond,
        new Rule.Action(show, null, null, null, priority, 10, null, null, null), null, null, null);
  }

  static Rule.Conditions none() {
    return new Rule.Conditions(null, null, null, null, null, null, null, null, null, null, null);
  }

  static StoreEvent event(String type, String zone, String shopper) {
    return new StoreEvent(type, zone, shopper, null, null, null, null, null, NOON.toInstant().toEpochMilli(), null);
  }

  static RuleEngine.Facts facts(ShopperProfile p) {
    return new RuleEngine.Facts(p, p == null || p.visits() == null ? 0 : p.visits(), Boolean.TRUE, 1, NOON);
  }
}
