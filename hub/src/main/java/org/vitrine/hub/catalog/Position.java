package org.vitrine.hub.catalog;

/** Where something stands on the store map, in percent of its width (x) and depth (y), 0..100. */
public record Position(double x, double y) {

  public double distanceTo(Position other) {
    return Math.hypot(x - other.x, y - other.y);
  }
}
