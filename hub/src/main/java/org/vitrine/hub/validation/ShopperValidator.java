package org.vitrine.hub.validation;

import java.util.ArrayList;
import java.util.List;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.members.PhcString;

/**
 * What makes a loyalty profile acceptable, in conf (the loyalty programme's export) and in the
 * console. The member's secret hash comes only with the export; the console sets a secret through
 * its own route and never writes the hash.
 */
public final class ShopperValidator {

  private ShopperValidator() {
  }

  public static List<Problem> check(ShopperProfile s, Source source) {
    List<Problem> p = new ArrayList<>();
    Fields.id(p, "id", s.id());
    Fields.text(p, "name", s.name(), 80, true);
    if (s.visits() != null && s.visits() < 0) {
      p.add(new Problem("visits", "must not be negative"));
    }
    if (s.secretHash() != null && source == Source.CONSOLE) {
      p.add(new Problem("secretHash", "cannot be written here: set the member's secret with PUT /api/shoppers/" + s.id() + "/secret"));
    } else if (s.secretHash() != null && !PhcString.isPhc(s.secretHash())) {
      // never the value itself in the message: it is a secret's hash
      p.add(new Problem("secretHash", "must be a PBKDF2 PHC string ($pbkdf2$$<salt>$<hash>, as Vert.x auth's HashingStrategy writes it)"));
    }
    return p;
  }
}
