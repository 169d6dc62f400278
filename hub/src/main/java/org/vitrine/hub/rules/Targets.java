package org.vitrine.hub.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Position;
import org.vitrine.hub.catalog.Screen;

/** Where a rule's content goes: the screens its {@code then.target} picks for an event. Pure. */
public final class Targets {

  private Targets() {
  }

  /**
   * The screens a rule's content goes to for an event in {@code zone}: all the zone's screens
   * (target zone), the named screen if it is in the zone (target screen), or the zone's screen
   * nearest to the device that produced the event, the touched screen itself for a touch, the first
   * screen by id without map positions (target nearest).
   */
  public static List<String> of(Rule r, Catalog cat, String zone, String device, String touchedScreen) {
    List<Screen> inZone = cat.screensIn(zone);
    switch (r.then() == null ? Rule.TARGET_ZONE : r.then().targetOrDefault()) {
      case Rule.TARGET_SCREEN -> {
        Screen s = cat.screen(r.then().screen()).orElse(null);
        return s != null && zone.equals(s.zone()) ? List.of(s.id()) : List.of();
      }
      case Rule.TARGET_NEAREST -> {
        Screen touched = cat.screen(touchedScreen).orElse(null);
        if (touched != null && zone.equals(touched.zone())) {
          return List.of(touched.id());
        }
        Screen best = nearest(inZone, positionOf(cat, zone, device));
        return best == null ? List.of() : List.of(best.id());
      }
      default -> {
        List<String> ids = new ArrayList<>(inZone.size());
        inZone.forEach(s -> ids.add(s.id()));
        return ids;
      }
    }
  }

  /** The device's map position; without one (enter, dwell: no device), the zone's first positioned camera. */
  static Position positionOf(Catalog cat, String zone, String device) {
    if (device != null) {
      Device d = cat.device(device).orElse(null);
      if (d != null && d.position() != null) {
        return d.position();
      }
    }
    return cat.devices().stream()
        .filter(d -> Device.CAMERA.equals(d.kind()) && zone.equals(d.zone()) && d.position() != null)
        .min(Comparator.comparing(Device::id)).map(Device::position).orElse(null);
  }

  static Screen nearest(List<Screen> screens, Position from) {
    Comparator<Screen> byId = Comparator.comparing(Screen::id);
    if (from != null && screens.stream().anyMatch(s -> s.position() != null)) {
      return screens.stream().filter(s -> s.position() != null)
          .min(Comparator.comparingDouble((Screen s) -> s.position().distanceTo(from)).thenComparing(byId)).orElse(null);
    }
    return screens.stream().min(byId).orElse(null);
  }
}
