package org.vitrine.hub.catalog;

/** An area of the store watched by cameras and served by screens; {@code position} is its centre on the store map (optional). */
public record Zone(String id, String name, Position position) {

  public Zone(String id, String name) {
    this(id, name, null);
  }
}
