package org.vitrine.hub.screens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Playlist;

/** The {@code playlist} frame of a zone, content items resolved (ARCHITECTURE.md). */
public final class PlaylistMessage {

  private PlaylistMessage() {
  }

  /** The zone's playlist as it plays now (the daypart of this moment, in the store's timezone). */
  public static Map<String, Object> of(Catalog catalog, String zone) {
    return of(catalog, zone, java.time.ZonedDateTime.now(catalog.timezone()));
  }

  public static Map<String, Object> of(Catalog catalog, String zone, java.time.ZonedDateTime at) {
    List<Map<String, Object>> items = new ArrayList<>();
    Playlist p = catalog.playlist(zone).orElse(null);
    String daypart = null;
    if (p != null) {
      daypart = p.daypartAt(at);
      for (Playlist.Item item : p.itemsAt(at)) {
        ContentItem c = catalog.content(item.content()).orElse(null);
        if (c != null) {
          items.add(Map.of("content", c.forScreen(null), "seconds", item.seconds())); // a greeting needs a shopper
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "playlist");
    m.put("zone", zone);
    if (daypart != null) {
      m.put("daypart", daypart);
    }
    m.put("items", items);
    return m;
  }
}
