package org.vitrine.hub.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vitrine.hub.catalog.Playlist;

/**
 * What makes a zone's playlist acceptable, in conf and in the console. A conf playlist needs an
 * item (it is what the zone plays from the first start); the console may empty one.
 */
public final class PlaylistValidator {

  private PlaylistValidator() {
  }

  /** {@code zones}, {@code content}: the ids the store has. */
  public static List<Problem> check(Playlist pl, Collection<String> zones, Collection<String> content, Source source) {
    List<Problem> p = new ArrayList<>();
    Fields.ref(p, "zone", pl.zone(), zones, "zone");
    if (source == Source.CONF && (pl.items() == null || pl.items().isEmpty())) {
      p.add(new Problem("items", "a playlist needs at least one item"));
    } else {
      items(p, "items", pl.items(), content);
    }
    if (pl.dayparts() != null) {
      for (int i = 0; i < pl.dayparts().size(); i++) {
        Playlist.Daypart d = pl.dayparts().get(i);
        String at = "dayparts[" + i + "]";
        if (d == null) {
          p.add(new Problem(at, "required"));
          continue;
        }
        Fields.text(p, at + ".name", d.name(), 40, true);
        Fields.time(p, at + ".from", d.from());
        Fields.time(p, at + ".to", d.to());
        if (d.weekdays() != null) {
          for (int j = 0; j < d.weekdays().size(); j++) {
            if (!Playlist.WEEKDAYS.contains(d.weekdays().get(j))) {
              p.add(new Problem(at + ".weekdays[" + j + "]", "must be one of " + Playlist.WEEKDAYS + ", got '"
                  + d.weekdays().get(j) + "'"));
            }
          }
        }
        items(p, at + ".items", d.items(), content);
      }
    }
    return p;
  }

  private static void items(List<Problem> p, String at, List<Playlist.Item> items, Collection<String> content) {
    if (items == null) {
      p.add(new Problem(at, "required (may be empty)"));
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      Playlist.Item item = items.get(i);
      if (item == null) {
        p.add(new Problem(at + "[" + i + "]", "required"));
        continue;
      }
      Fields.ref(p, at + "[" + i + "].content", item.content(), content, "content");
      if (item.seconds() < 1 || item.seconds() > 3600) {
        p.add(new Problem(at + "[" + i + "].seconds", "must be 1..3600, got " + item.seconds()));
      }
    }
  }
}
