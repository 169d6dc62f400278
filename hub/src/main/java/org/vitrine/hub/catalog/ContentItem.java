package org.vitrine.hub.catalog;

import java.util.List;

/**
 * Something a screen can show: image, video, html or product-card (from conf/content.yaml), or one
 * of the types the hub makes on the spot for the store speaker: {@code product-list} (title,
 * caption, products), {@code directions} (title, caption, route, products) and {@code orders}
 * (title, orders: the order board).
 */
public record ContentItem(String id, String type, String title, String src, String html, Product product,
    String caption, List<Product> products, Route route, List<Order> orders, String greeting) {

  /** The types conf/content.yaml may use. */
  public static final java.util.Set<String> TYPES = java.util.Set.of("image", "video", "html", "product-card");
  /** The types the hub generates (voice answers). */
  public static final String PRODUCT_LIST = "product-list";
  public static final String DIRECTIONS = "directions";
  public static final String ORDERS = "orders";

  public ContentItem(String id, String type, String title, String src, String html, Product product) {
    this(id, type, title, src, html, product, null, null, null, null, null);
  }

  public ContentItem(String id, String type, String title, String src, String html, Product product,
      String caption, List<Product> products, Route route, List<Order> orders) {
    this(id, type, title, src, html, product, caption, products, route, orders, null);
  }

  /**
   * The item as one screen gets it: a {@code greeting} ("Welcome back, {name}!") is a template the
   * hub fills in with the shopper's first name when the play is for a shopper, and drops otherwise;
   * the screen never gets the template or a member id.
   */
  public ContentItem forScreen(String shopperName) {
    if (greeting == null) {
      return this;
    }
    String text = shopperName == null ? null : greeting.replace("{name}", firstName(shopperName));
    return new ContentItem(id, type, title, src, html, product, caption, products, route, orders, text);
  }

  private static String firstName(String name) {
    String n = name.trim();
    int sp = n.indexOf(' ');
    return sp > 0 ? n.substring(0, sp) : n;
  }

  /** What a product card shows. */
  public record Product(String name, Double price, String currency, String image, String tagline, String badge) {
  }

  /** The way from one zone to another: {@code directions} is said and shown ("at the back of the store"). */
  public record Route(String from, String fromName, String to, String toName, String directions) {
  }

  /** One order on the order board. */
  public record Order(String id, List<String> lines, String total, String currency, long at) {
  }
}
