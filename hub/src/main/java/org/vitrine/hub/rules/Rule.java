package org.vitrine.hub.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A personalisation rule, v1: when a shopper is in one of {@code when.zones} and the profile
 * matches {@code if}, show {@code then.show} on the zone's screens, at most {@code cap} often.
 */
public record Rule(String id, String description, Trigger when, @JsonProperty("if") Conditions conditions,
    Action then, Cap cap) {

  public static final Cap DEFAULT_CAP = new Cap(1, 30);

  public Cap capOrDefault() {
    return cap == null ? DEFAULT_CAP : cap;
  }

  public Conditions conditionsOrNone() {
    return conditions == null ? Conditions.NONE : conditions;
  }

  public record Trigger(String event, List<String> zones) {
  }

  public record Conditions(List<String> interests, List<String> segments, List<String> loyaltyTiers,
      Integer minVisits, Integer maxVisits, TimeWindow timeOfDay) {
    static final Conditions NONE = new Conditions(null, null, null, null, null, null);
  }

  /** "HH:mm" to "HH:mm" in the store's timezone; from > to wraps over midnight. */
  public record TimeWindow(String from, String to) {
  }

  public record Action(String show, int priority, int seconds) {
  }

  public record Cap(int times, int perMinutes) {
  }
}
