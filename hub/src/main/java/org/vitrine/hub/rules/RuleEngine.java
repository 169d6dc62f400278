package org.vitrine.hub.rules;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.StoreEvent;

/**
 * Which rules fire for a store event: a pure function of (rule book, event, facts), no I/O, so
 * preview and replay call exactly what live decisions call. {@link #explain} gives the reasons a
 * rule does not fire in words a store manager reads ("needs interest running; Anna has coffee").
 */
public final class RuleEngine {

  /** The slot of a dwell event holding the threshold (seconds) that was reached. */
  public static final String DWELL_SECONDS = "seconds";

  private RuleEngine() {
  }

  /**
   * What is known about the situation. {@code profile} null = an anonymous person; {@code consent}
   * null = not looked up (unknown); {@code peopleInZone}: recognised + anonymous present now;
   * {@code now}: in the store's timezone.
   */
  public record Facts(ShopperProfile profile, long visits, Boolean consent, int peopleInZone, ZonedDateTime now) {
  }

  /** A dwell event: the shopper has stood in the zone for {@code seconds}. */
  public static StoreEvent dwell(String zone, String shopper, String device, int seconds, long at, String trace) {
    return new StoreEvent(Rule.DWELL, zone, shopper, device, null, null, null,
        Map.of(DWELL_SECONDS, Integer.toString(seconds)), at, trace);
  }

  /** The rules that fire for the event, best first (priority desc, then id). */
  public static List<Rule> matching(RuleBook book, StoreEvent e, Facts f) {
    List<Rule> out = new ArrayList<>(2);
    for (Rule r : book.candidates(e.type(), e.zone())) {
      if (check(r, e, f, null)) {
        out.add(r); // candidates come best first already
      }
    }
    return out;
  }

  public static boolean matches(Rule r, StoreEvent e, Facts f) {
    return check(r, e, f, null);
  }

  /** Why the rule does not fire for this event; empty when it does. */
  public static List<String> explain(Rule r, StoreEvent e, Facts f) {
    List<String> why = new ArrayList<>();
    check(r, e, f, why);
    return why;
  }

  /**
   * One walk over the rule for both uses: {@code why} null = stop at the first failure (live
   * path, fast); else collect every failure as a sentence.
   */
  private static boolean check(Rule r, StoreEvent e, Facts f, List<String> why) {
    if (!r.enabledOrDefault() && (why == null || fail(why, "the rule is switched off"))) {
      return false;
    }
    if (!validAt(r.valid(), f.now().toLocalDateTime()) && (why == null || fail(why, validityText(r.valid())))) {
      return false;
    }
    String event = r.eventOrDefault();
    if (!event.equals(e.type()) && (why == null || fail(why, "fires on " + event + ", this was " + e.type()))) {
      return false;
    }
    if (!r.zonesOrEmpty().contains(e.zone())
        && (why == null || fail(why, "only in " + String.join(", ", r.zonesOrEmpty()) + ", this was " + e.zone()))) {
      return false;
    }
    if (!triggerSpecifics(r.when(), e, why)) {
      return false;
    }
    Rule.Conditions c = r.conditionsOrNone();
    ShopperProfile p = f.profile();
    if (p == null) {
      if (c.needsProfile() && (why == null || fail(why, "needs a recognised shopper (" + profileNeeds(c) + "); this person is anonymous"))) {
        return false;
      }
    } else if (!profileConditions(c, p, f, why)) {
      return false;
    }
    if (c.consent() != null && p != null) {
      if (f.consent() == null) {
        if ((why == null || fail(why, "needs to know whether " + name(p) + " checked in (consent unknown)"))) {
          return false;
        }
      } else if (!c.consent().equals(f.consent())
          && (why == null || fail(why, c.consent() ? "needs a checked-in shopper; " + name(p) + " has no live consent"
              : "only for shoppers without consent; " + name(p) + " checked in"))) {
        return false;
      }
    }
    if (c.timeOfDay() != null && !within(c.timeOfDay(), f.now().toLocalTime())
        && (why == null || fail(why, "only " + c.timeOfDay().from() + "–" + c.timeOfDay().to() + ", it is " + hhmm(f.now().toLocalTime())))) {
      return false;
    }
    if (Rule.Conditions.given(c.weekdays()) && !c.weekdays().contains(Playlist.day(f.now().getDayOfWeek()))
        && (why == null || fail(why, "only on " + String.join(", ", c.weekdays()) + ", it is " + Playlist.day(f.now().getDayOfWeek())))) {
      return false;
    }
    if (c.minPeople() != null && f.peopleInZone() < c.minPeople()
        && (why == null || fail(why, "needs at least " + c.minPeople() + " people in the zone, there are " + f.peopleInZone()))) {
      return false;
    }
    if (c.maxPeople() != null && f.peopleInZone() > c.maxPeople()
        && (why == null || fail(why, "needs at most " + c.maxPeople() + " people in the zone, there are " + f.peopleInZone()))) {
      return false;
    }
    return why == null || why.isEmpty();
  }

  /**
   * Records a failure (explain path). Call sites read {@code (why == null || fail(why, text))} so the
   * fast path stops without building the sentence.
   */
  private static boolean fail(List<String> why, String reason) {
    if (why == null) {
      return true;
    }
    why.add(reason);
    return false;
  }

  private static boolean triggerSpecifics(Rule.Trigger t, StoreEvent e, List<String> why) {
    if (t == null) {
      return true;
    }
    switch (e.type()) {
      case Rule.DWELL -> {
        String reached = e.slots() == null ? null : e.slots().get(DWELL_SECONDS);
        if (t.seconds() != null && !t.seconds().toString().equals(reached)
            && (why == null || fail(why, "fires after " + t.seconds() + " s in the zone, this was after " + reached + " s"))) {
          return false;
        }
      }
      case Rule.VOICE -> {
        if (t.intent() != null && !sameIntent(t.intent(), e.intent())
            && (why == null || fail(why, "needs the question '" + t.intent() + "', this was '" + e.intent() + "'"))) {
          return false;
        }
      }
      case Rule.TOUCH -> {
        if (Rule.Conditions.given(t.screens()) && !t.screens().contains(e.screen())
            && (why == null || fail(why, "only touches on " + String.join(", ", t.screens()) + ", this was " + e.screen()))) {
          return false;
        }
      }
      case Rule.PICKUP -> {
        if (Rule.Conditions.given(t.products()) && !t.products().contains(e.product())
            && (why == null || fail(why, "only when " + String.join(", ", t.products()) + " is picked up, this was " + e.product()))) {
          return false;
        }
      }
      default -> {
      }
    }
    return true;
  }

  /** Rules and events may name an intent by id, Hermes name or prefixed Hermes name ({@link VoiceIntents}). */
  private static boolean sameIntent(String wanted, String asked) {
    String w = VoiceIntents.canonical(wanted);
    return w != null ? w.equals(VoiceIntents.canonical(asked)) : bare(wanted).equalsIgnoreCase(bare(asked));
  }

  private static String bare(String intent) {
    return intent == null ? "" : intent.substring(intent.indexOf(':') + 1);
  }

  private static boolean profileConditions(Rule.Conditions c, ShopperProfile p, Facts f, List<String> why) {
    String who = name(p);
    if (Rule.Conditions.given(c.interests()) && c.interests().stream().noneMatch(p.interestsOrEmpty()::contains)
        && (why == null || fail(why, "needs interest " + or(c.interests()) + "; " + who + " has " + list(p.interestsOrEmpty())))) {
      return false;
    }
    if (Rule.Conditions.given(c.segments()) && !c.segments().contains(p.segment())
        && (why == null || fail(why, "needs segment " + or(c.segments()) + "; " + who + " is " + orNone(p.segment())))) {
      return false;
    }
    if (Rule.Conditions.given(c.loyaltyTiers()) && !c.loyaltyTiers().contains(p.loyaltyTier())
        && (why == null || fail(why, "needs loyalty tier " + or(c.loyaltyTiers()) + "; " + who + " is " + orNone(p.loyaltyTier())))) {
      return false;
    }
    if (Rule.Conditions.given(c.sizes()) && c.sizes().stream().noneMatch(p.sizesOrEmpty()::contains)
        && (why == null || fail(why, "needs size " + or(c.sizes()) + "; " + who + " wears " + list(p.sizesOrEmpty())))) {
      return false;
    }
    if (c.minVisits() != null && f.visits() < c.minVisits()
        && (why == null || fail(why, "needs at least " + c.minVisits() + " visits; " + who + " has " + f.visits()))) {
      return false;
    }
    if (c.maxVisits() != null && f.visits() > c.maxVisits()
        && (why == null || fail(why, "needs at most " + c.maxVisits() + " visits; " + who + " has " + f.visits()))) {
      return false;
    }
    return true;
  }

  private static String profileNeeds(Rule.Conditions c) {
    List<String> needs = new ArrayList<>();
    if (Rule.Conditions.given(c.interests())) {
      needs.add("interest " + or(c.interests()));
    }
    if (Rule.Conditions.given(c.segments())) {
      needs.add("segment " + or(c.segments()));
    }
    if (Rule.Conditions.given(c.loyaltyTiers())) {
      needs.add("loyalty tier " + or(c.loyaltyTiers()));
    }
    if (Rule.Conditions.given(c.sizes())) {
      needs.add("size " + or(c.sizes()));
    }
    if (c.minVisits() != null || c.maxVisits() != null) {
      needs.add("a visit count");
    }
    if (Boolean.TRUE.equals(c.consent())) {
      needs.add("a check-in");
    }
    return String.join(", ", needs);
  }

  private static String name(ShopperProfile p) {
    return p.name() == null || p.name().isBlank() ? p.id() : p.name();
  }

  private static String or(List<String> l) {
    return String.join(" or ", l);
  }

  private static String list(List<String> l) {
    return l.isEmpty() ? "none" : String.join(", ", l);
  }

  private static String orNone(String s) {
    return s == null ? "none" : s;
  }

  private static String hhmm(LocalTime t) {
    return String.format("%02d:%02d", t.getHour(), t.getMinute());
  }

  /** [from, to) in local time; a window with from > to wraps over midnight. */
  static boolean within(Rule.TimeWindow w, LocalTime t) {
    if (w == null) {
      return true;
    }
    LocalTime from = time(w.from());
    LocalTime to = time(w.to());
    if (!from.isAfter(to)) {
      return !t.isBefore(from) && t.isBefore(to);
    }
    return !t.isBefore(from) || t.isBefore(to);
  }

  /** Parsed "HH:mm" values: a store has a handful of distinct ones, parsing each time cost a third of matching. */
  private static final java.util.concurrent.ConcurrentHashMap<String, LocalTime> TIMES = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.concurrent.ConcurrentHashMap<String, LocalDateTime[]> BOUNDS = new java.util.concurrent.ConcurrentHashMap<>();

  private static LocalTime time(String hhmm) {
    LocalTime t = TIMES.get(hhmm);
    if (t == null) {
      t = LocalTime.parse(hhmm); // throws for a malformed value, which the validator reports first
      if (TIMES.size() < 10_000) {
        TIMES.put(hhmm, t);
      }
    }
    return t;
  }

  /** Store-local validity: from its start (inclusive) to its end (a date alone includes that whole day). */
  static boolean validAt(Rule.Validity v, LocalDateTime now) {
    if (v == null) {
      return true;
    }
    String key = v.from() + "|" + v.until();
    LocalDateTime[] b = BOUNDS.get(key);
    if (b == null) {
      b = new LocalDateTime[] {v.from() == null ? null : start(v.from()), v.until() == null ? null : end(v.until())};
      if (BOUNDS.size() < 10_000) {
        BOUNDS.put(key, b);
      }
    }
    return (b[0] == null || !now.isBefore(b[0])) && (b[1] == null || now.isBefore(b[1]));
  }

  static LocalDateTime start(String s) {
    return s.length() <= 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
  }

  /** Exclusive end: the day after a date; a minute after "…T23:59" so that minute still counts. */
  static LocalDateTime end(String s) {
    return s.length() <= 10 ? LocalDate.parse(s).plusDays(1).atStartOfDay() : LocalDateTime.parse(s).plusMinutes(1);
  }

  private static String validityText(Rule.Validity v) {
    if (v.from() != null && v.until() != null) {
      return "only valid from " + v.from() + " until " + v.until();
    }
    return v.from() != null ? "only valid from " + v.from() : "was valid until " + v.until();
  }
}
