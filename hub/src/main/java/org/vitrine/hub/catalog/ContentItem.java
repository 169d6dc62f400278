package org.vitrine.hub.catalog;

/** Something a screen can show: image, video, html or product-card. */
public record ContentItem(String id, String type, String title, String src, String html, Product product) {

  public static final java.util.Set<String> TYPES = java.util.Set.of("image", "video", "html", "product-card");

  /** What a product card shows. */
  public record Product(String name, Double price, String currency, String image, String tagline, String badge) {
  }
}
