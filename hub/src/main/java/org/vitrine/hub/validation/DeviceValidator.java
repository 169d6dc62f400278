package org.vitrine.hub.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.vitrine.hub.catalog.Device;

/**
 * What makes a device acceptable, in conf and in the console: its kind's fields (one zone for a
 * camera, shelf or speaker; a camera map for Frigate and Double Take), a speaker's Hermes siteId,
 * a password. A console device may leave the password out (the hub generates one).
 */
public final class DeviceValidator {

  private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private DeviceValidator() {
  }

  /**
   * @param zones       the ids of the store's zones
   * @param otherSites  siteId → speaker id of the store's other speakers (a siteId is one speaker's)
   */
  public static List<Problem> check(Device d, Collection<String> zones, Map<String, String> otherSites, Source source) {
    List<Problem> p = new ArrayList<>();
    Fields.id(p, "id", d.id());
    if (d.kind() == null || !Device.KINDS.contains(d.kind())) {
      p.add(new Problem("kind", "must be one of " + String.join(", ", Device.KINDS) + ", got '" + d.kind() + "'"));
    } else if (Device.CAMERA.equals(d.kind()) || Device.SHELF.equals(d.kind())) {
      Fields.ref(p, "zone", d.zone(), zones, "zone");
      oneZone(p, d);
    } else if (Device.SPEAKER.equals(d.kind())) {
      Fields.ref(p, "zone", d.zone(), zones, "zone");
      oneZone(p, d);
      siteId(p, d, otherSites);
    } else {
      cameraMaps(p, d, zones);
    }
    if (d.siteId() != null && !Device.SPEAKER.equals(d.kind())) {
      p.add(new Problem("siteId", "only a speaker has a Hermes siteId"));
    }
    if (source == Source.CONF && (d.password() == null || d.password().length() < 8)) {
      p.add(new Problem("password", "required, at least 8 characters"));
    } else if (d.password() != null && d.password().length() < 8) {
      p.add(new Problem("password", "at least 8 characters"));
    }
    if (d.passwordHash() != null) {
      p.add(new Problem("passwordHash", "cannot be set; send password"));
    }
    Fields.position(p, "position", d.position());
    return p;
  }

  private static void oneZone(List<Problem> p, Device d) {
    if (d.cameras() != null || d.zones() != null) {
      p.add(new Problem("", "cameras/zones maps are for kinds frigate and double-take; a " + d.kind() + " has one zone"));
    }
  }

  /** A Hermes satellite's siteId: as in its own profile, and one speaker's only. */
  private static void siteId(List<Problem> p, Device d, Map<String, String> otherSites) {
    if (d.siteId() == null || !SITE_ID.matcher(d.siteId()).matches()) {
      p.add(new Problem("siteId", "required for kind speaker: the satellite's Hermes siteId "
          + "(letters, digits, '-', '_', '.'; 1-64, no '/', '+' or '#'), got '" + d.siteId() + "'"));
    } else if (otherSites.containsKey(d.siteId())) {
      p.add(new Problem("siteId", "'" + d.siteId() + "' is already the siteId of speaker '" + otherSites.get(d.siteId()) + "'"));
    }
  }

  /** Frigate / Double Take: which of their cameras (and zones) is which store zone. */
  private static void cameraMaps(List<Problem> p, Device d, Collection<String> zones) {
    if (d.zone() != null) {
      p.add(new Problem("zone", "a " + d.kind() + " device reports for several cameras: "
          + "map each to a zone in cameras: { <camera>: <zone> } instead"));
    }
    if (d.cameras() == null || d.cameras().isEmpty()) {
      p.add(new Problem("cameras", "required for kind " + d.kind()
          + ": map each of its camera names to a zone, e.g. { front_door: entrance }"));
    } else {
      d.cameras().forEach((camera, zone) -> {
        if (camera == null || camera.isBlank()) {
          p.add(new Problem("cameras", "a camera name is empty"));
        }
        Fields.ref(p, "cameras." + camera, zone, zones, "zone");
      });
    }
    if (d.zones() != null) {
      d.zones().forEach((theirs, zone) -> Fields.ref(p, "zones." + theirs, zone, zones, "zone"));
    }
  }
}
