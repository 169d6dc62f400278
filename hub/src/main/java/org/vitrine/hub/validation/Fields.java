package org.vitrine.hub.validation;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import org.vitrine.hub.catalog.Ids;
import org.vitrine.hub.catalog.Position;

/** The checks several entities share, each written once. */
final class Fields {

  private Fields() {
  }

  static void id(List<Problem> p, String field, String id) {
    if (id == null || !Ids.PATTERN.matcher(id).matches()) {
      p.add(new Problem(field, "must be " + Ids.RULE + ", got " + (id == null ? "nothing" : "'" + id + "'")));
    }
  }

  static void text(List<Problem> p, String field, String value, int max, boolean required) {
    if (blank(value)) {
      if (required) {
        p.add(new Problem(field, "required"));
      }
    } else if (value.length() > max) {
      p.add(new Problem(field, "at most " + max + " characters"));
    }
  }

  /** A reference to something the store has ("zone", "content"), naming what it has when it is unknown. */
  static void ref(List<Problem> p, String field, String value, Collection<String> known, String what) {
    if (value == null) {
      p.add(new Problem(field, "required (a " + what + " id)"));
    } else if (!known.contains(value)) {
      p.add(new Problem(field, "unknown " + what + " '" + value + "' (known: " + String.join(", ", known) + ")"));
    }
  }

  static void position(List<Problem> p, String field, Position pos) {
    if (pos != null && (pos.x() < 0 || pos.x() > 100 || pos.y() < 0 || pos.y() > 100)) {
      p.add(new Problem(field, "x and y are percent of the store map: 0..100"));
    }
  }

  static void time(List<Problem> p, String field, String value) {
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
