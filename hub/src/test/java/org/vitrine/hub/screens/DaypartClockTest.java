package org.vitrine.hub.screens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;

class DaypartClockTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Catalog cafeWithBreakfast() {
    Playlist.Item menu = new Playlist.Item("menu", 10);
    Playlist.Item croissant = new Playlist.Item("croissant", 8);
    Playlist cafe = new Playlist("cafe", List.of(menu), List.of(
        new Playlist.Daypart("breakfast", List.of("mon", "tue", "wed", "thu", "fri"), "07:00", "11:00", List.of(croissant)),
        new Playlist.Daypart("late", null, "22:00", "02:00", List.of(menu, croissant))));
    return new Catalog(new StoreInfo("Test", "Europe/Paris"), List.of(new Zone("cafe", "Cafe"), new Zone("hall", "Hall")),
        List.of(), List.of(), List.of(new ContentItem("menu", "image", "Menu", "/m.png", null, null),
            new ContentItem("croissant", "image", "Croissant", "/c.png", null, null)),
        List.of(cafe), List.of(), List.of());
  }

  @Test
  void aZoneIsPushedWhenItsDaypartStartsAndWhenItEnds() {
    // GIVEN a cafe with a weekday breakfast, seen at 06:59 on a Monday
    Catalog c = cafeWithBreakfast();
    Map<String, String> seen = new HashMap<>();
    ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 6, 59, 0, 0, PARIS);
    assertThat(DaypartClock.changedZones(c, seen, monday)).isEmpty();

    // WHEN the clock passes 07:00 THEN the cafe (only) changes, to breakfast
    assertThat(DaypartClock.changedZones(c, seen, monday.withHour(7).withMinute(0))).containsExactly("cafe");
    assertThat(PlaylistMessage.of(c, "cafe", monday.withHour(7)).get("daypart")).isEqualTo("breakfast");
    assertThat(DaypartClock.changedZones(c, seen, monday.withHour(10).withMinute(59))).isEmpty();
    // AND at 11:00 back to the default items
    assertThat(DaypartClock.changedZones(c, seen, monday.withHour(11).withMinute(0))).containsExactly("cafe");
    assertThat(PlaylistMessage.of(c, "cafe", monday.withHour(11)).get("daypart")).isNull();
  }

  @Test
  void weekdaysAndWindowsOverMidnightAreHonoured() {
    Playlist cafe = cafeWithBreakfast().playlist("cafe").orElseThrow();
    ZonedDateTime sunday = ZonedDateTime.of(2026, 11, 22, 8, 0, 0, 0, PARIS);
    assertThat(cafe.daypartAt(sunday)).as("no breakfast on Sunday").isNull();
    assertThat(cafe.daypartAt(sunday.withHour(23))).isEqualTo("late");
    assertThat(cafe.daypartAt(sunday.plusDays(1).withHour(1).withMinute(30))).isEqualTo("late");
    assertThat(cafe.itemsAt(sunday.plusDays(1).withHour(2))).extracting(Playlist.Item::content).containsExactly("menu");
  }
}
