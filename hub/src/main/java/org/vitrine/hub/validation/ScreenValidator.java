package org.vitrine.hub.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vitrine.hub.catalog.Screen;

/** What makes a screen acceptable, in conf and in the console. */
public final class ScreenValidator {

  private ScreenValidator() {
  }

  /** {@code zones}: the ids of the store's zones. */
  public static List<Problem> check(Screen s, Collection<String> zones) {
    List<Problem> p = new ArrayList<>();
    Fields.id(p, "id", s.id());
    Fields.text(p, "name", s.name(), 80, false);
    Fields.ref(p, "zone", s.zone(), zones, "zone");
    if (s.role() != null && !Screen.ROLES.contains(s.role())) {
      p.add(new Problem("role", "must be one of " + String.join(", ", Screen.ROLES) + " (or left out), got '" + s.role() + "'"));
    }
    Fields.position(p, "position", s.position());
    return p;
  }
}
