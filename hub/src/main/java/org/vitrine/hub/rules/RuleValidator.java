package org.vitrine.hub.rules;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Ids;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.validation.Problem;

/**
 * Checks one rule against the store it will run in. Conf import and the REST API both call it, so
 * a rule is valid or not the same way wherever it comes from. Field paths are relative to the
 * rule ({@code when.zones[0]}, {@code then.priority}).
 */
public final class RuleValidator {

  private static final int MAX_TEXT = 500;

  /**
   * What a rule may refer to: zones, screens (id → their zone), content ids, device ids, product
   * ids (empty = not known, not checked).
   */
  public record References(Set<String> zones, Map<String, String> screenZones, Set<String> content, Set<String> devices,
      Set<String> products) {

    public References(Set<String> zones, Map<String, String> screenZones, Set<String> content, Set<String> devices) {
      this(zones, screenZones, content, devices, Set.of());
    }

    public static References of(Catalog c, Set<String> products) {
      References r = of(c);
      return new References(r.zones(), r.screenZones(), r.content(), r.devices(), products);
    }

    public static References of(Catalog c) {
      Map<String, String> screens = new LinkedHashMap<>();
      for (Screen s : c.screens()) {
        screens.put(s.id(), s.zone());
      }
      return new References(ids(c.zones().stream().map(Zone::id).toList()), screens,
          ids(c.contentItems().stream().map(i -> i.id()).toList()), ids(c.devices().stream().map(Device::id).toList()));
    }

    private static Set<String> ids(List<String> l) {
      return new java.util.LinkedHashSet<>(l);
    }
  }

  private RuleValidator() {
  }

  public static List<Problem> check(Rule r, Catalog catalog) {
    return check(r, References.of(catalog));
  }

  public static List<Problem> check(Rule r, Catalog catalog, Set<String> products) {
    return check(r, References.of(catalog, products));
  }

  public static List<Problem> check(Rule r, Set<String> zones, Map<String, String> screenZones, Set<String> content,
      Set<String> devices) {
    return check(r, new References(zones, screenZones, content, devices));
  }

  public static List<Problem> check(Rule r, References refs) {
    List<Problem> out = new ArrayList<>();
    if (r == null) {
      out.add(new Problem("", "a rule is needed"));
      return out;
    }
    if (r.id() == null || !Ids.PATTERN.matcher(r.id()).matches()) {
      out.add(new Problem("id", "must be " + Ids.RULE + ", got '" + r.id() + "'"));
    }
    text(out, "description", r.description());
    when(out, r, refs);
    conditions(out, r.conditionsOrNone());
    then(out, r, refs);
    if (r.cap() != null) {
      if (r.cap().times() < 1 || r.cap().perMinutes() < 1) {
        out.add(new Problem("cap", "times and perMinutes must be at least 1"));
      }
      if (r.cap().cooldownSeconds() != null && (r.cap().cooldownSeconds() < 0 || r.cap().cooldownSeconds() > 86_400)) {
        out.add(new Problem("cap.cooldownSeconds", "must be 0..86400, got " + r.cap().cooldownSeconds()));
      }
    }
    if (r.ruleCap() != null && (r.ruleCap().times() < 1 || r.ruleCap().perMinutes() < 1)) {
      out.add(new Problem("ruleCap", "times and perMinutes must be at least 1"));
    }
    validity(out, r.valid());
    return out;
  }

  private static void when(List<Problem> out, Rule r, References refs) {
    Rule.Trigger t = r.when();
    if (t == null) {
      out.add(new Problem("when", "required: the event and the zones that trigger the rule"));
      return;
    }
    String event = r.eventOrDefault();
    if (!Rule.EVENTS.contains(event)) {
      out.add(new Problem("when.event", "must be one of " + String.join(", ", Rule.EVENTS) + ", got '" + event + "'"));
    }
    if (t.zones() == null || t.zones().isEmpty()) {
      out.add(new Problem("when.zones", "at least one zone is needed"));
    } else {
      for (int j = 0; j < t.zones().size(); j++) {
        ref(out, "when.zones[" + j + "]", t.zones().get(j), refs.zones(), "zone");
      }
    }
    if (Rule.DWELL.equals(event)) {
      if (t.seconds() == null || t.seconds() < 1 || t.seconds() > 3600) {
        out.add(new Problem("when.seconds", "a dwell rule needs seconds 1..3600 (how long the shopper stands there), got "
            + t.seconds()));
      }
    } else if (t.seconds() != null) {
      out.add(new Problem("when.seconds", "only for event dwell"));
    }
    if (t.intent() != null && !Rule.VOICE.equals(event)) {
      out.add(new Problem("when.intent", "only for event voice"));
    }
    if (t.intent() != null && t.intent().isBlank()) {
      out.add(new Problem("when.intent", "must not be empty (leave it out for any question)"));
    } else if (t.intent() != null && VoiceIntents.canonical(t.intent()) == null) {
      out.add(new Problem("when.intent", "unknown question '" + t.intent() + "' (known: " + VoiceIntents.ids() + ")"));
    }
    if (t.screens() != null) {
      if (!Rule.TOUCH.equals(event)) {
        out.add(new Problem("when.screens", "only for event touch"));
      }
      for (int j = 0; j < t.screens().size(); j++) {
        String s = t.screens().get(j);
        String at = "when.screens[" + j + "]";
        if (ref(out, at, s, refs.screenZones().keySet(), "screen") && t.zones() != null
            && !t.zones().contains(refs.screenZones().get(s))) {
          out.add(new Problem(at, "screen '" + s + "' is in zone " + refs.screenZones().get(s) + ", not in when.zones"));
        }
      }
    }
    if (t.products() != null) {
      if (!Rule.PICKUP.equals(event)) {
        out.add(new Problem("when.products", "only for event pickup"));
      }
      for (int j = 0; j < t.products().size(); j++) {
        String p = t.products().get(j);
        if (p == null || p.isBlank()) {
          out.add(new Problem("when.products[" + j + "]", "must not be empty"));
        } else if (!refs.products().isEmpty() && !refs.products().contains(p)) {
          out.add(new Problem("when.products[" + j + "]", "unknown product '" + p + "' (conf/products.yaml has "
              + some(refs.products()) + ")"));
        }
      }
    }
  }

  /** At most 12 of the known ids, for a message a person reads. */
  private static String some(Set<String> ids) {
    List<String> l = new java.util.ArrayList<>(ids);
    return String.join(", ", l.subList(0, Math.min(12, l.size()))) + (l.size() > 12 ? ", … " + (l.size() - 12) + " more" : "");
  }

  private static void conditions(List<Problem> out, Rule.Conditions c) {
    if (c.minVisits() != null && c.minVisits() < 0) {
      out.add(new Problem("if.minVisits", "must not be negative"));
    }
    if (c.minVisits() != null && c.maxVisits() != null && c.minVisits() > c.maxVisits()) {
      out.add(new Problem("if", "minVisits is greater than maxVisits"));
    }
    if (c.timeOfDay() != null) {
      time(out, "if.timeOfDay.from", c.timeOfDay().from());
      time(out, "if.timeOfDay.to", c.timeOfDay().to());
    }
    if (c.weekdays() != null) {
      for (int j = 0; j < c.weekdays().size(); j++) {
        if (!Playlist.WEEKDAYS.contains(c.weekdays().get(j))) {
          out.add(new Problem("if.weekdays[" + j + "]", "must be one of " + String.join(", ", Playlist.WEEKDAYS) + ", got '"
              + c.weekdays().get(j) + "'"));
        }
      }
    }
    if (c.minPeople() != null && c.minPeople() < 0) {
      out.add(new Problem("if.minPeople", "must not be negative"));
    }
    if (c.maxPeople() != null && c.maxPeople() < 0) {
      out.add(new Problem("if.maxPeople", "must not be negative"));
    }
    if (c.minPeople() != null && c.maxPeople() != null && c.minPeople() > c.maxPeople()) {
      out.add(new Problem("if", "minPeople is greater than maxPeople"));
    }
  }

  private static void then(List<Problem> out, Rule r, References refs) {
    Rule.Action a = r.then();
    if (a == null) {
      out.add(new Problem("then", "required (show, priority, seconds; or say, mqtt, notify)"));
      return;
    }
    if (a.show() == null && a.say() == null && a.mqtt() == null && a.notice() == null) {
      out.add(new Problem("then", "needs something to do: show, say, mqtt or notify"));
    }
    if (a.show() != null) {
      ref(out, "then.show", a.show(), refs.content(), "content");
      if (a.priority() == null) {
        out.add(new Problem("then.priority", "required with show: 1..1000 (0 is the playlist)"));
      }
      if (a.seconds() == null) {
        out.add(new Problem("then.seconds", "required with show: 1..3600"));
      }
    }
    if (a.priority() != null && (a.priority() < 1 || a.priority() > 1000)) {
      out.add(new Problem("then.priority", "must be 1..1000 (0 is the playlist), got " + a.priority()));
    }
    if (a.seconds() != null && (a.seconds() < 1 || a.seconds() > 3600)) {
      out.add(new Problem("then.seconds", "must be 1..3600, got " + a.seconds()));
    }
    if (a.target() != null && !Rule.TARGETS.contains(a.target())) {
      out.add(new Problem("then.target", "must be one of " + String.join(", ", Rule.TARGETS) + ", got '" + a.target() + "'"));
    }
    if (Rule.TARGET_SCREEN.equals(a.target())) {
      if (a.screen() == null) {
        out.add(new Problem("then.screen", "required with target screen"));
      } else if (ref(out, "then.screen", a.screen(), refs.screenZones().keySet(), "screen")
          && !r.zonesOrEmpty().contains(refs.screenZones().get(a.screen()))) {
        out.add(new Problem("then.screen", "screen '" + a.screen() + "' is in zone " + refs.screenZones().get(a.screen())
            + ", not in when.zones"));
      }
    } else if (a.screen() != null) {
      out.add(new Problem("then.screen", "only with target screen"));
    }
    if (a.mode() != null && !Rule.MODES.contains(a.mode())) {
      out.add(new Problem("then.mode", "must be one of " + String.join(", ", Rule.MODES) + ", got '" + a.mode() + "'"));
    }
    if (a.show() == null && (a.target() != null || a.mode() != null)) {
      out.add(new Problem(a.target() != null ? "then.target" : "then.mode", "only with show"));
    }
    if (a.say() != null && a.say().isBlank()) {
      out.add(new Problem("then.say", "must not be empty"));
    }
    text(out, "then.say", a.say());
    text(out, "then.notify", a.notice());
    if (a.notice() != null && a.notice().isBlank()) {
      out.add(new Problem("then.notify", "must not be empty"));
    }
    if (a.mqtt() != null) {
      ref(out, "then.mqtt.device", a.mqtt().device(), refs.devices(), "device");
      if (a.mqtt().payload() == null) {
        out.add(new Problem("then.mqtt.payload", "required (sent to the device as-is)"));
      } else if (a.mqtt().payload().length() > 64 * 1024) {
        out.add(new Problem("then.mqtt.payload", "at most 64 KiB"));
      }
      if (a.mqtt().topic() != null && (a.mqtt().topic().contains("+") || a.mqtt().topic().contains("#"))) {
        out.add(new Problem("then.mqtt.topic", "must not contain wildcards (+, #)"));
      }
    }
  }

  private static void validity(List<Problem> out, Rule.Validity v) {
    if (v == null) {
      return;
    }
    LocalDateTime from = dateTime(out, "valid.from", v.from(), true);
    LocalDateTime until = dateTime(out, "valid.until", v.until(), false);
    if (from != null && until != null && !from.isBefore(until)) {
      out.add(new Problem("valid", "from must be before until"));
    }
  }

  private static LocalDateTime dateTime(List<Problem> out, String field, String value, boolean start) {
    if (value == null) {
      return null;
    }
    try {
      return start ? RuleEngine.start(value) : RuleEngine.end(value);
    } catch (DateTimeParseException e) {
      out.add(new Problem(field, "expected a store-local date (2026-12-31) or date-time (2026-12-31T23:59), got '" + value + "'"));
      return null;
    }
  }

  private static void time(List<Problem> out, String field, String value) {
    try {
      LocalTime.parse(value == null ? "" : value);
    } catch (DateTimeParseException e) {
      out.add(new Problem(field, "expected HH:mm, got '" + value + "'"));
    }
  }

  private static void text(List<Problem> out, String field, String value) {
    if (value != null && value.length() > MAX_TEXT) {
      out.add(new Problem(field, "at most " + MAX_TEXT + " characters"));
    }
  }

  private static boolean ref(List<Problem> out, String field, String value, Set<String> known, String what) {
    if (value == null || !known.contains(value)) {
      out.add(new Problem(field, "unknown " + what + " '" + value + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")"));
      return false;
    }
    return true;
  }
}
