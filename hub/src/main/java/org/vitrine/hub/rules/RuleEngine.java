package org.vitrine.hub.rules;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.vitrine.hub.catalog.ShopperProfile;

/**
 * Which rules fire for a shopper in a zone: a pure function of (rules, profile, visits, zone,
 * local time), no I/O, so preview and replay can call it exactly as live decisions do.
 */
public final class RuleEngine {

  /** Highest priority first; rule id breaks ties so the order never depends on map iteration. */
  public static final Comparator<Rule> BY_PRIORITY =
      Comparator.comparingInt((Rule r) -> r.then().priority()).reversed().thenComparing(Rule::id);

  private RuleEngine() {
  }

  /** The rules among {@code zoneRules} that match, best first. */
  public static List<Rule> matching(List<Rule> zoneRules, ShopperProfile profile, long visits, String zone,
      LocalTime localTime) {
    List<Rule> out = new ArrayList<>();
    for (Rule r : zoneRules) {
      if (matches(r, profile, visits, zone, localTime)) {
        out.add(r);
      }
    }
    out.sort(BY_PRIORITY);
    return out;
  }

  public static boolean matches(Rule r, ShopperProfile p, long visits, String zone, LocalTime t) {
    if (r.when() == null || r.when().zones() == null || !r.when().zones().contains(zone)) {
      return false;
    }
    Rule.Conditions c = r.conditionsOrNone();
    return anyOf(c.interests(), p.interestsOrEmpty())
        && oneOf(c.segments(), p.segment())
        && oneOf(c.loyaltyTiers(), p.loyaltyTier())
        && (c.minVisits() == null || visits >= c.minVisits())
        && (c.maxVisits() == null || visits <= c.maxVisits())
        && within(c.timeOfDay(), t);
  }

  private static boolean anyOf(List<String> wanted, List<String> has) {
    return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(has::contains);
  }

  private static boolean oneOf(List<String> wanted, String has) {
    return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(w -> Objects.equals(w, has));
  }

  /** [from, to) in local time; a window with from > to wraps over midnight. */
  static boolean within(Rule.TimeWindow w, LocalTime t) {
    if (w == null) {
      return true;
    }
    LocalTime from = LocalTime.parse(w.from());
    LocalTime to = LocalTime.parse(w.to());
    if (!from.isAfter(to)) {
      return !t.isBefore(from) && t.isBefore(to);
    }
    return !t.isBefore(from) || t.isBefore(to);
  }
}
