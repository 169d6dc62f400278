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

  public static Map<String, Object> of(Catalog catalog, String zone) {
    List<Map<String, Object>> items = new ArrayList<>();
    Playlist p = catalog.playlist(zone).orElse(null);
    if (p != null) {
      for (Playlist.Item item : p.items()) {
        ContentItem c = catalog.content(item.content()).orElse(null);
        if (c != null) {
          items.add(Map.of("content", c, "seconds", item.seconds()));
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "playlist");
    m.put("zone", zone);
    m.put("items", items);
    return m;
  }
}
