package org.vitrine.hub.catalog;

import java.util.List;

/** The default loop of a zone's screens when nobody in front of them gets personal content. */
public record Playlist(String zone, List<Item> items) {

  public record Item(String content, int seconds) {
  }
}
