package org.vitrine.hub.presence;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.StoreRepository;

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

  public static Future<StorePresence> load(StoreRepository repo, Catalog c, long now) {
    List<Zone> zones = List.copyOf(c.zones());
    List<Future<Long>> anon = zones.stream().map(z -> repo.anonymousCount(z.id(), now)).toList();
    return Future.all(repo.loadPresence(), Future.all(anon)).map(all -> {
      Map<String, String> stored = all.resultAt(0);
      Map<String, List<Present>> byZone = new LinkedHashMap<>();
      stored.forEach((shopper, json) -> {
        Whereabouts w = Json.read(json, Whereabouts.class);
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
