package org.vitrine.hub.catalog;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The default loop of a zone's screens when nobody in front of them gets personal content.
 * {@code dayparts} (optional) replace {@code items} during their weekdays and time window; the
 * first daypart that applies wins.
 */
public record Playlist(String zone, List<Item> items, List<Daypart> dayparts) {

  public Playlist(String zone, List<Item> items) {
    this(zone, items, null);
  }

  public record Item(String content, int seconds) {
  }

  /** Every content item the playlist names, in its items and in every daypart's. */
  public java.util.Set<String> contentIds() {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    if (items != null) {
      items.forEach(i -> ids.add(i.content()));
    }
    if (dayparts != null) {
      dayparts.stream().filter(d -> d.items() != null).forEach(d -> d.items().forEach(i -> ids.add(i.content())));
    }
    return ids;
  }

  /**
   * {@code weekdays}: mon..sun (empty or null = every day); {@code from}/{@code to}: "HH:mm", from >
   * to wraps midnight, from = to is the whole day.
   */
  public record Daypart(String name, List<String> weekdays, String from, String to, List<Item> items) {

    public boolean appliesAt(ZonedDateTime t) {
      if (weekdays != null && !weekdays.isEmpty() && !weekdays.contains(day(t.getDayOfWeek()))) {
        return false;
      }
      LocalTime now = t.toLocalTime();
      LocalTime f = LocalTime.parse(from);
      LocalTime u = LocalTime.parse(to);
      if (f.equals(u)) {
        return true;
      }
      return f.isBefore(u) ? !now.isBefore(f) && now.isBefore(u) : !now.isBefore(f) || now.isBefore(u);
    }
  }

  public static final List<String> WEEKDAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  public static String day(DayOfWeek d) {
    return WEEKDAYS.get(d.getValue() - 1);
  }

  /** The items playing at {@code t}: the first applying daypart's, else the default items. */
  public List<Item> itemsAt(ZonedDateTime t) {
    // a daypart without items plays nothing (not the default items)
    return activeAt(t).map(d -> d.items() == null ? List.<Item>of() : d.items()).orElse(items == null ? List.of() : items);
  }

  /** The name of the daypart playing at {@code t}, or null for the default items. */
  public String daypartAt(ZonedDateTime t) {
    return activeAt(t).map(Daypart::name).orElse(null);
  }

  /** The first daypart that applies at {@code t}, if any. */
  private java.util.Optional<Daypart> activeAt(ZonedDateTime t) {
    return dayparts == null ? java.util.Optional.empty() : dayparts.stream().filter(d -> d.appliesAt(t)).findFirst();
  }
}
