package org.vitrine.hub.presence;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.Zone;

/**
 * Who is in the store now, as Redis holds it: recognised shoppers per zone and each zone's
 * anonymous count this hour. Read by the landing page's and the console's presence views.
 */
public record StorePresence(Map<String, List<Present>> shoppersByZone, Map<String, Long> anonymousThisHour) {

  /** One recognised shopper in a zone, since when. */
  public record Present(String shopper, long since) {
  }

  public List<Present> in(String zone) {
    return shoppersByZone.getOrDefault(zone, List.of());
  }

  public static Future<StorePresence> load(PresenceStore store, Catalog c, long now) {
    List<Zone> zones = List.copyOf(c.zones());
    List<Future<Long>> anon = zones.stream().map(z -> store.anonymousCount(z.id(), now)).toList();
    return Future.all(store.load(), Future.all(anon)).map(all -> {
      Map<String, Whereabouts> stored = all.resultAt(0);
      Map<String, List<Present>> byZone = new LinkedHashMap<>();
      stored.forEach((shopper, w) -> {
        byZone.computeIfAbsent(w.zone(), z -> new ArrayList<>()).add(new Present(shopper, w.since()));
      });
      Map<String, Long> anonymous = new LinkedHashMap<>();
      for (int i = 0; i < zones.size(); i++) {
        anonymous.put(zones.get(i).id(), anon.get(i).result());
      }
      return new StorePresence(byZone, anonymous);
    });
  }
}
