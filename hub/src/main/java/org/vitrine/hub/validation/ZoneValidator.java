package org.vitrine.hub.validation;

import java.util.ArrayList;
import java.util.List;
import org.vitrine.hub.catalog.Zone;

/** What makes a zone acceptable, in conf and in the console. */
public final class ZoneValidator {

  private ZoneValidator() {
  }

  public static List<Problem> check(Zone z) {
    List<Problem> p = new ArrayList<>();
    Fields.id(p, "id", z.id());
    Fields.text(p, "name", z.name(), 80, true);
    Fields.position(p, "position", z.position());
    return p;
  }
}
