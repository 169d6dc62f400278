package org.vitrine.hub.catalog;

import java.util.List;

/** A consenting loyalty member the cameras may recognise. */
public record ShopperProfile(String id, String name, String segment, String loyaltyTier,
    List<String> interests, Integer visits) {

  public List<String> interestsOrEmpty() {
    return interests == null ? List.of() : interests;
  }
}
