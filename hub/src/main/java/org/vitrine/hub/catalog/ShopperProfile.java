package org.vitrine.hub.catalog;

import java.util.List;

/** A consenting loyalty member the cameras may recognise. {@code sizes}: the sizes they buy ("9", "M"). */
public record ShopperProfile(String id, String name, String segment, String loyaltyTier,
    List<String> interests, Integer visits, List<String> sizes) {

  public ShopperProfile(String id, String name, String segment, String loyaltyTier, List<String> interests, Integer visits) {
    this(id, name, segment, loyaltyTier, interests, visits, null);
  }

  public List<String> interestsOrEmpty() {
    return interests == null ? List.of() : interests;
  }

  public List<String> sizesOrEmpty() {
    return sizes == null ? List.of() : sizes;
  }
}
