package org.vitrine.hub.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A rule set indexed by (trigger event, zone), so an event only looks at the rules that can fire
 * for it, never at all of them. Immutable: a new rule set is a new book. Switched-off rules are
 * kept in {@link #all()} but never offered as candidates.
 */
public final class RuleBook {

  /** Highest priority first; rule id breaks ties so the order never depends on map iteration. */
  public static final java.util.Comparator<Rule> BY_PRIORITY =
      java.util.Comparator.comparingInt(Rule::priorityOrZero).reversed().thenComparing(Rule::id);

  private static final RuleBook EMPTY = new RuleBook(List.of());

  private final List<Rule> all;
  /** Benchmarks only: every switched-on rule is a candidate everywhere (the linear scan the index replaces). */
  private final List<Rule> unindexed;
  /** event → zone → rules: two lookups on strings whose hashes are cached, no key built per event. */
  private final Map<String, Map<String, List<Rule>>> byEventAndZone = new HashMap<>();
  /** event → zones where some candidate has a consent condition (only those need a consent lookup). */
  private final Map<String, java.util.Set<String>> asksConsent = new HashMap<>();
  private final Map<String, int[]> dwellSeconds = new HashMap<>();
  private final Map<String, Rule> byId = new HashMap<>();

  private RuleBook(Collection<Rule> rules) {
    this(rules, false);
  }

  private RuleBook(Collection<Rule> rules, boolean linear) {
    this.all = List.copyOf(rules);
    Map<String, TreeSet<Integer>> dwell = new HashMap<>();
    for (Rule r : all) {
      byId.put(r.id(), r);
      if (!r.enabledOrDefault()) {
        continue;
      }
      String event = r.eventOrDefault();
      for (String zone : r.zonesOrEmpty()) {
        byEventAndZone.computeIfAbsent(event, k -> new HashMap<>()).computeIfAbsent(zone, k -> new ArrayList<>()).add(r);
        if (r.conditions() != null && r.conditions().consent() != null) {
          asksConsent.computeIfAbsent(event, k -> new java.util.HashSet<>()).add(zone);
        }
        if (Rule.DWELL.equals(event) && r.when().seconds() != null) {
          dwell.computeIfAbsent(zone, z -> new TreeSet<>()).add(r.when().seconds());
        }
      }
    }
    // Best first, so callers can stop early and results need no sort of their own.
    byEventAndZone.values().forEach(zones -> zones.replaceAll((k, list) -> {
      list.sort(BY_PRIORITY);
      return Collections.unmodifiableList(list);
    }));
    dwell.forEach((zone, s) -> dwellSeconds.put(zone, s.stream().mapToInt(Integer::intValue).toArray()));
    if (linear) {
      List<Rule> on = new ArrayList<>(all.stream().filter(Rule::enabledOrDefault).toList());
      on.sort(BY_PRIORITY);
      unindexed = List.copyOf(on);
    } else {
      unindexed = null;
    }
  }

  /**
   * The same rules without the index: every event is checked against every rule. Only for the
   * rules bench's baseline; decisions are the same, just slower.
   */
  public static RuleBook linear(Collection<Rule> rules) {
    return new RuleBook(rules, true);
  }

  public static RuleBook of(Collection<Rule> rules) {
    return rules.isEmpty() ? EMPTY : new RuleBook(rules);
  }

  public static RuleBook empty() {
    return EMPTY;
  }

  /** The switched-on rules that fire on {@code event} in {@code zone}, best first (priority, then id). */
  public List<Rule> candidates(String event, String zone) {
    if (unindexed != null) {
      return unindexed;
    }
    Map<String, List<Rule>> zones = byEventAndZone.get(event);
    List<Rule> rules = zones == null || zone == null ? null : zones.get(zone);
    return rules == null ? List.of() : rules;
  }

  /** True when a candidate for (event, zone) has a consent condition: the shopper's consent must be looked up. */
  public boolean asksConsent(String event, String zone) {
    java.util.Set<String> zones = asksConsent.get(event);
    return zones != null && zones.contains(zone);
  }

  /** The distinct dwell thresholds (seconds, ascending) of the zone's switched-on dwell rules. */
  public int[] dwellSecondsFor(String zone) {
    int[] s = dwellSeconds.get(zone);
    return s == null ? new int[0] : s.clone();
  }

  /** Every rule, switched off or not, in the order given. */
  public List<Rule> all() {
    return all;
  }

  public Rule rule(String id) {
    return byId.get(id);
  }

  public int size() {
    return all.size();
  }
}
