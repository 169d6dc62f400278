package org.vitrine.hub.events;

/**
 * A camera saw a person in its zone. {@code shopper} is null for anonymous people, who are only
 * counted. {@code trace} is an opaque id carried to the resulting play (benchmarks, debugging).
 */
public record Sighting(String device, String zone, String track, String shopper, Double confidence,
    long ts, String trace) {

  public boolean recognised() {
    return shopper != null;
  }
}
