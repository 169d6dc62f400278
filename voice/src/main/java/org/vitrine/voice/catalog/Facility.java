package org.vitrine.voice.catalog;

import java.util.List;

/**
 * A place in the store that is not a product (toilets, fitting rooms, checkout, exit, lift), from
 * products.yaml speaker.facilities: what shoppers call it, the zone it is in and how to get there.
 *
 * @param id a-z, 0-9, - ("fitting-rooms"); the slot value of find-facility
 * @param name as said in answers ("the fitting rooms")
 * @param aliases other ways shoppers say it ("changing rooms", "loo")
 */
public record Facility(String id, String name, List<String> aliases, String zone, String directions) {

  public Facility {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
