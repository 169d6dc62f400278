package org.vitrine.hub.events;

/**
 * A camera saw a person in its zone. {@code shopper} is null for anonymous people, who are only
 * counted. {@code trace} is an opaque id carried to the resulting play (benchmarks, debugging).
 * {@code embedding}/{@code quality} come from the camera agent; the hub never stores them for
 * people who have not consented (matching against enrolled shoppers is issue 5's next step).
 */
public record Sighting(String device, String zone, String track, String shopper, Double confidence,
    long ts, String trace, float[] embedding, Double quality) {

  public boolean recognised() {
    return shopper != null;
  }
}
