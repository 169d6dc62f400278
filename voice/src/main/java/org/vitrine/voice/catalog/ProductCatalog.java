package org.vitrine.voice.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The speaker's view of the store: products, zones with directions, opening hours. Immutable. */
public final class ProductCatalog {

  private final String currency;
  private final List<Product> products;
  private final Map<String, Product> byId = new LinkedHashMap<>();
  private final Map<String, String> zoneNames;
  private final Map<String, String> directions;
  private final List<OpeningHours> openingHours;
  private final String orderZone;
  private final List<Facility> facilities;
  private final Map<String, List<String>> zoneAliases;

  public ProductCatalog(String currency, List<Product> products, Map<String, String> zoneNames,
      Map<String, String> directions, List<OpeningHours> openingHours, String orderZone) {
    this(currency, products, zoneNames, directions, openingHours, orderZone, List.of(), Map.of());
  }

  /**
   * @param facilities toilets, fitting rooms, ... with their zones and directions
   * @param zoneAliases zone id → other names shoppers use for it ("shoe department")
   */
  public ProductCatalog(String currency, List<Product> products, Map<String, String> zoneNames,
      Map<String, String> directions, List<OpeningHours> openingHours, String orderZone, List<Facility> facilities,
      Map<String, List<String>> zoneAliases) {
    this.facilities = List.copyOf(facilities);
    this.zoneAliases = Map.copyOf(zoneAliases);
    this.currency = currency;
    this.products = List.copyOf(products);
    this.zoneNames = Map.copyOf(zoneNames);
    this.directions = Map.copyOf(directions);
    this.openingHours = List.copyOf(openingHours);
    this.orderZone = orderZone;
    products.forEach(p -> byId.put(p.id(), p));
  }

  public String currency() {
    return currency;
  }

  public List<Product> products() {
    return products;
  }

  public Optional<Product> product(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Zone id → display name, in store.yaml order. */
  public Map<String, String> zoneNames() {
    return zoneNames;
  }

  public String zoneName(String zone) {
    return zoneNames.getOrDefault(zone, zone);
  }

  public Optional<String> directions(String zone) {
    return Optional.ofNullable(directions.get(zone));
  }

  public List<Facility> facilities() {
    return facilities;
  }

  public Optional<Facility> facility(String id) {
    return facilities.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  /** Zone id → other names for it, as configured. */
  public Map<String, List<String>> zoneAliases() {
    return zoneAliases;
  }

  /** The same catalogue with other products (tests, live catalogue edits). */
  public ProductCatalog withProducts(List<Product> others) {
    return new ProductCatalog(currency, others, zoneNames, directions, openingHours, orderZone, facilities, zoneAliases);
  }

  public List<OpeningHours> openingHours() {
    return openingHours;
  }

  /** The zone whose products can be ordered by voice (the cafe); its order board gets the orders. */
  public String orderZone() {
    return orderZone;
  }

  public List<Product> orderable() {
    return products.stream().filter(p -> p.zone().equals(orderZone)).toList();
  }

  public boolean isOrderable(Product p) {
    return p.zone().equals(orderZone);
  }

  public List<String> categories() {
    return products.stream().map(Product::category).distinct().toList();
  }

  public List<String> colours() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    products.forEach(p -> all.addAll(p.colours()));
    return List.copyOf(all);
  }

  public List<String> sizes() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    products.forEach(p -> all.addAll(p.sizes()));
    return List.copyOf(all);
  }

  /** Products matching every given filter (null = any). */
  public List<Product> matching(String category, String colour) {
    List<Product> out = new ArrayList<>();
    for (Product p : products) {
      if ((category == null || p.category().equals(category)) && (colour == null || p.hasColour(colour))) {
        out.add(p);
      }
    }
    return out;
  }

  /** Zones holding a category, most products first. */
  public List<String> zonesOf(String category) {
    Map<String, Integer> count = new LinkedHashMap<>();
    matching(category, null).forEach(p -> count.merge(p.zone(), 1, Integer::sum));
    return count.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).map(Map.Entry::getKey).toList();
  }
}
