package org.vitrine.hub.catalog;

import java.util.List;

/**
 * A loyalty member the cameras may recognise once they check in. {@code sizes}: the sizes they buy
 * ("9", "M"). {@code secretHash}: the PBKDF2 PHC string of the secret the loyalty programme gave
 * them for the built-in member login (from the export or set by an admin); it is stored with the
 * profile, so it comes and goes with it, and {@link #withoutSecret()} is what any API shows.
 */
public record ShopperProfile(String id, String name, String segment, String loyaltyTier,
    List<String> interests, Integer visits, List<String> sizes, String secretHash) {

  public ShopperProfile(String id, String name, String segment, String loyaltyTier, List<String> interests, Integer visits) {
    this(id, name, segment, loyaltyTier, interests, visits, null, null);
  }

  public ShopperProfile(String id, String name, String segment, String loyaltyTier, List<String> interests, Integer visits,
      List<String> sizes) {
    this(id, name, segment, loyaltyTier, interests, visits, sizes, null);
  }

  public List<String> interestsOrEmpty() {
    return interests == null ? List.of() : interests;
  }

  public List<String> sizesOrEmpty() {
    return sizes == null ? List.of() : sizes;
  }

  /** The profile as an API shows it: never the secret's hash. */
  public ShopperProfile withoutSecret() {
    return secretHash == null ? this : withSecretHash(null);
  }

  public ShopperProfile withSecretHash(String hash) {
    return new ShopperProfile(id, name, segment, loyaltyTier, interests, visits, sizes, hash);
  }
}
