package org.vitrine.hub.web;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.web.ApiErrors.Problem;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Ids;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Position;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.Zone;

/** What makes a zone, screen, content item, playlist, shopper or device acceptable (REST writes). */
public final class Checks {

  private Checks() {
  }

  public static List<Problem> zone(Zone z) {
    List<Problem> p = new ArrayList<>();
    id(p, "id", z.id());
    text(p, "name", z.name(), 80, true);
    position(p, "position", z.position());
    return p;
  }

  public static List<Problem> screen(Screen s, Catalog c) {
    List<Problem> p = new ArrayList<>();
    id(p, "id", s.id());
    text(p, "name", s.name(), 80, false);
    zoneRef(p, "zone", s.zone(), c);
    if (s.role() != null && !Screen.ROLES.contains(s.role())) {
      p.add(new Problem("role", "must be one of " + Screen.ROLES + " or absent, got '" + s.role() + "'"));
    }
    position(p, "position", s.position());
    return p;
  }

  public static List<Problem> content(ContentItem item) {
    List<Problem> p = new ArrayList<>();
    id(p, "id", item.id());
    text(p, "title", item.title(), 120, true);
    text(p, "greeting", item.greeting(), 120, false);
    if (item.type() == null || !ContentItem.TYPES.contains(item.type())) {
      p.add(new Problem("type", "must be one of image, video, html, product-card; got '" + item.type() + "'"));
      return p;
    }
    switch (item.type()) {
      case "image", "video" -> {
        if (blank(item.src())) {
          p.add(new Problem("src", "required for " + item.type() + " (upload a file or give a URL)"));
        }
      }
      case "html" -> {
        if (blank(item.src()) && blank(item.html())) {
          p.add(new Problem("html", "give html or src"));
        }
      }
      case "product-card" -> {
        if (item.product() == null || blank(item.product().name())) {
          p.add(new Problem("product.name", "required for a product card"));
        } else if (item.product().price() != null && item.product().price() < 0) {
          p.add(new Problem("product.price", "cannot be negative"));
        }
      }
      default -> { }
    }
    if (!blank(item.src()) && !(item.src().startsWith("/") || item.src().matches("https?://\\S+"))) {
      p.add(new Problem("src", "must be a path on the hub (/uploads/..., /media/...) or an http(s) URL"));
    }
    return p;
  }

  public static List<Problem> playlist(Playlist pl, Catalog c) {
    List<Problem> p = new ArrayList<>();
    zoneRef(p, "zone", pl.zone(), c);
    items(p, "items", pl.items(), c);
    if (pl.dayparts() != null) {
      for (int i = 0; i < pl.dayparts().size(); i++) {
        Playlist.Daypart d = pl.dayparts().get(i);
        String at = "dayparts[" + i + "]";
        text(p, at + ".name", d.name(), 40, true);
        time(p, at + ".from", d.from());
        time(p, at + ".to", d.to());
        if (d.weekdays() != null) {
          for (int j = 0; j < d.weekdays().size(); j++) {
            if (!Playlist.WEEKDAYS.contains(d.weekdays().get(j))) {
              p.add(new Problem(at + ".weekdays[" + j + "]", "must be one of " + Playlist.WEEKDAYS + ", got '" + d.weekdays().get(j) + "'"));
            }
          }
        }
        items(p, at + ".items", d.items(), c);
      }
    }
    return p;
  }

  private static void items(List<Problem> p, String at, List<Playlist.Item> items, Catalog c) {
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
      if (item.content() == null || c.content(item.content()).isEmpty()) {
        p.add(new Problem(at + "[" + i + "].content", "unknown content '" + item.content() + "'"));
      }
      if (item.seconds() < 1 || item.seconds() > 3600) {
        p.add(new Problem(at + "[" + i + "].seconds", "must be 1..3600, got " + item.seconds()));
      }
    }
  }

  public static List<Problem> shopper(ShopperProfile s) {
    List<Problem> p = new ArrayList<>();
    id(p, "id", s.id());
    text(p, "name", s.name(), 80, true);
    if (s.visits() != null && s.visits() < 0) {
      p.add(new Problem("visits", "cannot be negative"));
    }
    if (s.secretHash() != null) {
      p.add(new Problem("secretHash", "cannot be written here: set the member's secret with PUT /api/shoppers/" + s.id() + "/secret"));
    }
    return p;
  }

  /** {@code creating}: a new device needs its kind's fields; a password is optional (generated). */
  public static List<Problem> device(Device d, Catalog c) {
    List<Problem> p = new ArrayList<>();
    id(p, "id", d.id());
    if (d.kind() == null || !Device.KINDS.contains(d.kind())) {
      p.add(new Problem("kind", "must be one of " + Device.KINDS + ", got '" + d.kind() + "'"));
      return p;
    }
    switch (d.kind()) {
      case Device.CAMERA, Device.SHELF -> zoneRef(p, "zone", d.zone(), c);
      case Device.SPEAKER -> {
        zoneRef(p, "zone", d.zone(), c);
        if (blank(d.siteId())) {
          p.add(new Problem("siteId", "required for a speaker (its Hermes siteId)"));
        } else {
          c.devices().stream().filter(o -> !o.id().equals(d.id()) && d.siteId().equals(o.siteId())).findFirst()
              .ifPresent(o -> p.add(new Problem("siteId", "already used by speaker " + o.id())));
        }
      }
      default -> {
        if (d.cameras() == null || d.cameras().isEmpty()) {
          p.add(new Problem("cameras", "map each of its camera names to a zone"));
        } else {
          for (Map.Entry<String, String> e : d.cameras().entrySet()) {
            zoneRef(p, "cameras." + e.getKey(), e.getValue(), c);
          }
        }
      }
    }
    if (d.password() != null && d.password().length() < 8) {
      p.add(new Problem("password", "at least 8 characters"));
    }
    if (d.passwordHash() != null) {
      p.add(new Problem("passwordHash", "cannot be set; send password"));
    }
    position(p, "position", d.position());
    return p;
  }

  static void id(List<Problem> p, String field, String id) {
    if (id == null || !Ids.PATTERN.matcher(id).matches()) {
      p.add(new Problem(field, "must be " + Ids.RULE + "; got "
          + (id == null ? "nothing" : "'" + id + "'")));
    }
  }

  private static void text(List<Problem> p, String field, String value, int max, boolean required) {
    if (blank(value)) {
      if (required) {
        p.add(new Problem(field, "required"));
      }
    } else if (value.length() > max) {
      p.add(new Problem(field, "at most " + max + " characters"));
    }
  }

  private static void zoneRef(List<Problem> p, String field, String zone, Catalog c) {
    if (zone == null) {
      p.add(new Problem(field, "required (a zone id)"));
    } else if (c.zone(zone).isEmpty()) {
      p.add(new Problem(field, "unknown zone '" + zone + "'"));
    }
  }

  private static void position(List<Problem> p, String field, Position pos) {
    if (pos != null && (pos.x() < 0 || pos.x() > 100 || pos.y() < 0 || pos.y() > 100)) {
      p.add(new Problem(field, "x and y are percent of the store map: 0..100"));
    }
  }

  private static void time(List<Problem> p, String field, String value) {
    try {
      if (value == null || !value.matches("\\d\\d:\\d\\d")) {
        throw new DateTimeParseException("", String.valueOf(value), 0);
      }
      LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      p.add(new Problem(field, "expected HH:mm, got '" + value + "'"));
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

}
