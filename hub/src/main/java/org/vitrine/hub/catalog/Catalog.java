package org.vitrine.hub.catalog;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleBook;

/**
 * Immutable in-memory snapshot of the store's configuration as stored in Redis. Verticles read it
 * without I/O; a change replaces the whole snapshot (cheap: a store has hundreds of items).
 */
public final class Catalog {

  private final StoreInfo store;
  private final Map<String, Zone> zones;
  private final Map<String, Screen> screens;
  private final Map<String, Device> devices;
  private final Map<String, ContentItem> content;
  private final Map<String, Playlist> playlists;
  private final Map<String, ShopperProfile> shoppers;
  private final Map<String, Rule> rules;
  private final Map<String, List<Screen>> screensByZone = new LinkedHashMap<>();
  private final RuleBook ruleBook;

  public Catalog(StoreInfo store, Collection<Zone> zones, Collection<Screen> screens, Collection<Device> devices,
      Collection<ContentItem> content, Collection<Playlist> playlists, Collection<ShopperProfile> shoppers,
      Collection<Rule> rules) {
    this.store = store;
    this.zones = index(zones, Zone::id);
    this.screens = index(screens, Screen::id);
    this.devices = index(devices, Device::id);
    this.content = index(content, ContentItem::id);
    this.playlists = index(playlists, Playlist::zone);
    this.shoppers = index(shoppers, ShopperProfile::id);
    this.rules = index(rules, Rule::id);
    for (Screen s : this.screens.values()) {
      screensByZone.computeIfAbsent(s.zone(), z -> new ArrayList<>()).add(s);
    }
    // Rules indexed by (event, zone) so an event only looks at the rules that can fire for it.
    this.ruleBook = RuleBook.of(this.rules.values());
  }

  private static <T> Map<String, T> index(Collection<T> items, java.util.function.Function<T, String> id) {
    Map<String, T> map = new LinkedHashMap<>();
    items.forEach(i -> map.put(id.apply(i), i));
    return java.util.Collections.unmodifiableMap(map);
  }

  public StoreInfo store() {
    return store;
  }

  public ZoneId timezone() {
    return ZoneId.of(store.timezone() == null ? "UTC" : store.timezone());
  }

  public Collection<Zone> zones() {
    return zones.values();
  }

  public Optional<Zone> zone(String id) {
    return Optional.ofNullable(zones.get(id));
  }

  public Collection<Screen> screens() {
    return screens.values();
  }

  public Optional<Screen> screen(String id) {
    return Optional.ofNullable(screens.get(id));
  }

  public List<Screen> screensIn(String zone) {
    return screensByZone.getOrDefault(zone, List.of());
  }

  public Optional<Device> device(String id) {
    return Optional.ofNullable(devices.get(id));
  }

  public Collection<Device> devices() {
    return devices.values();
  }

  public Optional<ContentItem> content(String id) {
    return Optional.ofNullable(content.get(id));
  }

  public Collection<ContentItem> contentItems() {
    return content.values();
  }

  public Optional<Playlist> playlist(String zone) {
    return Optional.ofNullable(playlists.get(zone));
  }

  public Collection<Playlist> playlists() {
    return playlists.values();
  }

  public Optional<ShopperProfile> shopper(String id) {
    return Optional.ofNullable(id == null ? null : shoppers.get(id));
  }

  public Collection<ShopperProfile> shoppers() {
    return shoppers.values();
  }

  /** The same store without one shopper's profile (erasure): nobody can be recognised as them any more. */
  public Catalog withoutShopper(String id) {
    return new Catalog(store, zones.values(), screens.values(), devices.values(), content.values(), playlists.values(),
        shoppers.values().stream().filter(s -> !s.id().equals(id)).toList(), rules.values());
  }

  public Collection<Rule> rules() {
    return rules.values();
  }

  /** The rules indexed by trigger event and zone. */
  public RuleBook ruleBook() {
    return ruleBook;
  }
}
