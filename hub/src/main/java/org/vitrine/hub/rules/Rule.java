package org.vitrine.hub.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A personalisation rule, v2 (v1 YAML stays valid: every v2 field is optional). {@code when}: the
 * store event and zones that trigger it; {@code if}: conditions on the shopper, the time and the
 * crowd; {@code then}: what to show where, and what to say, send to a device or tell the staff;
 * {@code cap}: how often one shopper gets it, {@code ruleCap}: how often anyone does; {@code valid}:
 * the campaign's dates. Nulls are left out of the stored JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "description", "enabled", "when", "if", "then", "cap", "ruleCap", "valid"})
public record Rule(String id, String description, Boolean enabled, Trigger when,
    @JsonProperty("if") Conditions conditions, Action then, Cap cap, RuleCap ruleCap, Validity valid) {

  public static final String ENTER = "enter";
  public static final String DWELL = "dwell";
  public static final String LEAVE = "leave";
  public static final String TOUCH = "touch";
  public static final String PICKUP = "pickup";
  public static final String CHECKIN = "checkin";
  public static final String VOICE = "voice";
  public static final List<String> EVENTS = List.of(ENTER, DWELL, LEAVE, TOUCH, PICKUP, CHECKIN, VOICE);

  public static final String TARGET_ZONE = "zone";
  public static final String TARGET_SCREEN = "screen";
  public static final String TARGET_NEAREST = "nearest";
  public static final List<String> TARGETS = List.of(TARGET_ZONE, TARGET_SCREEN, TARGET_NEAREST);
  public static final String MODE_INTERRUPT = "interrupt";
  public static final String MODE_QUEUE = "queue";
  public static final List<String> MODES = List.of(MODE_INTERRUPT, MODE_QUEUE);

  public static final Cap DEFAULT_CAP = new Cap(1, 30, null);

  /** v1 shape (conf files and stored JSON written before v2). */
  public Rule(String id, String description, Trigger when, Conditions conditions, Action then, Cap cap) {
    this(id, description, null, when, conditions, then, cap, null, null);
  }

  public Cap capOrDefault() {
    return cap == null ? DEFAULT_CAP : cap;
  }

  public Conditions conditionsOrNone() {
    return conditions == null ? Conditions.NONE : conditions;
  }

  /** Rules are on unless switched off. */
  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }

  /** The trigger event; v1 rules without one fire on entering. */
  public String eventOrDefault() {
    return when == null || when.event() == null ? ENTER : when.event();
  }

  public List<String> zonesOrEmpty() {
    return when == null || when.zones() == null ? List.of() : when.zones();
  }

  /** Showing content (else the rule only has side effects: say, mqtt, notify). */
  public boolean shows() {
    return then != null && then.show() != null;
  }

  /** The priority it competes with on screens; 0 without one. */
  public int priorityOrZero() {
    return then == null || then.priority() == null ? 0 : then.priority();
  }

  /** {@code seconds}: dwell only; {@code intent}: voice only; {@code screens}: touch only; {@code products}: pickup only. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Trigger(String event, List<String> zones, Integer seconds, String intent, List<String> screens,
      List<String> products) {

    public Trigger(String event, List<String> zones) {
      this(event, zones, null, null, null, null);
    }
  }

  /** Every given condition must hold; list conditions hold when any listed value matches. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conditions(List<String> interests, List<String> segments, List<String> loyaltyTiers, List<String> sizes,
      Integer minVisits, Integer maxVisits, TimeWindow timeOfDay, List<String> weekdays, Integer minPeople,
      Integer maxPeople, Boolean consent) {

    static final Conditions NONE = new Conditions(null, null, null, null, null, null, null, null, null, null, null);

    /** v1 shape. */
    public Conditions(List<String> interests, List<String> segments, List<String> loyaltyTiers, Integer minVisits,
        Integer maxVisits, TimeWindow timeOfDay) {
      this(interests, segments, loyaltyTiers, null, minVisits, maxVisits, timeOfDay, null, null, null, null);
    }

    /** Conditions only a recognised shopper can meet (anonymous events never match them). */
    public boolean needsProfile() {
      return given(interests) || given(segments) || given(loyaltyTiers) || given(sizes) || minVisits != null
          || maxVisits != null || Boolean.TRUE.equals(consent);
    }

    static boolean given(List<String> l) {
      return l != null && !l.isEmpty();
    }
  }

  /** "HH:mm" to "HH:mm" in the store's timezone; from > to wraps over midnight. */
  public record TimeWindow(String from, String to) {
  }

  /**
   * {@code target}: zone (default), screen or nearest; {@code mode}: interrupt (default) or queue.
   * {@code priority} and {@code seconds} are needed when the rule shows something. {@code notify} (the
   * JSON name) is {@code notice} in Java: a record component cannot be called notify.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Action(String show, String target, String screen, String mode, Integer priority, Integer seconds,
      String say, Mqtt mqtt, @JsonProperty("notify") String notice) {

    /** v1 shape. */
    public Action(String show, int priority, int seconds) {
      this(show, null, null, null, priority, seconds, null, null, null);
    }

    public String targetOrDefault() {
      return target == null ? TARGET_ZONE : target;
    }

    public boolean queues() {
      return MODE_QUEUE.equals(mode);
    }

    public int secondsOrDefault() {
      return seconds == null ? 10 : seconds;
    }
  }

  /** A message for a device (a shelf's lights): {@code payload} is sent as-is. */
  public record Mqtt(String device, String topic, String payload) {
  }

  /** Per shopper: {@code times} per {@code perMinutes}, and not again within {@code cooldownSeconds}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cap(int times, int perMinutes, Integer cooldownSeconds) {

    /** v1 shape. */
    public Cap(int times, int perMinutes) {
      this(times, perMinutes, null);
    }

    public int cooldownOrZero() {
      return cooldownSeconds == null ? 0 : cooldownSeconds;
    }
  }

  /** Over all shoppers together. */
  public record RuleCap(int times, int perMinutes) {
  }

  /** Store-local "yyyy-MM-ddTHH:mm" or "yyyy-MM-dd" (a date alone: the whole day); either may be absent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Validity(String from, String until) {
  }
}
