package org.vitrine.hub.events;

/**
 * A camera saw a person in its zone. {@code shopper} is null for anonymous people, who are only
 * counted. {@code trace} is an opaque id carried to the resulting play (benchmarks, debugging).
 * {@code embedding}/{@code quality} come from the camera agent: the IdentityVerticle matches the
 * embedding against enrolled, consenting shoppers and forwards the sighting without it, so no
 * embedding travels further and none of an unrecognised face is ever stored.
 */
public record Sighting(String device, String zone, String track, String shopper, Double confidence,
    long ts, String trace, float[] embedding, Double quality) {

  public boolean recognised() {
    return shopper != null;
  }

  /** The same sighting as decided by the identity step: who it is (or null), no embedding any more. */
  public Sighting identified(String shopperId, Double score) {
    return new Sighting(device, zone, track, shopperId, score, ts, trace, null, quality);
  }
}
