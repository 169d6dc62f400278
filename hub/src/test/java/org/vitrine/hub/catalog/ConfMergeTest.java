package org.vitrine.hub.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.config.StoreConfig;
import org.vitrine.hub.redis.Keys;

class ConfMergeTest {

  private static final StoreInfo STORE = new StoreInfo("Test", "UTC");
  private static final Zone CAFE = new Zone("cafe", "Cafe");
  private static final Zone GARDEN = new Zone("garden", "Garden");
  private static final ContentItem MENU = new ContentItem("menu", "image", "Menu", "/m.png", null, null);
  private static final ContentItem MAP = new ContentItem("map", "image", "Map", "/map.png", null, null);

  private static StoreConfig conf(List<Zone> zones, List<Screen> screens, List<ContentItem> content, List<Playlist> playlists) {
    return new StoreConfig(STORE, zones, screens, List.of(), content, playlists, List.of(), List.of(), "h");
  }

  private static Catalog live(List<Zone> zones, List<Screen> screens, List<ContentItem> content, List<Playlist> playlists) {
    return new Catalog(STORE, zones, screens, List.of(), content, playlists, List.of(), List.of());
  }

  /** The base an import of {@code c} leaves behind. */
  private static Map<String, Map<String, String>> baseOf(StoreConfig c) {
    return ConfMerge.plan(c, c.shoppers(), Map.of(), live(List.of(), List.of(), List.of(), List.of()), "salt").base();
  }

  @Test
  void theFirstImportWritesAllOfConfAndLeavesWhatOnlyTheConsoleMadeAlone() {
    StoreConfig c = conf(List.of(CAFE), List.of(), List.of(MENU), List.of(new Playlist("cafe", List.of(new Playlist.Item("menu", 10)))));
    // GIVEN a store with a zone made in the console, and no import before
    ConfMerge.Plan plan = ConfMerge.plan(c, List.of(), Map.of(), live(List.of(GARDEN), List.of(), List.of(), List.of()), "salt");
    assertThat(plan.writes().get(Keys.ZONES)).containsOnlyKeys("cafe");
    assertThat(plan.writes().get(Keys.CONTENT)).containsOnlyKeys("menu");
    assertThat(plan.writes().get(Keys.PLAYLISTS)).containsOnlyKeys("cafe");
    assertThat(plan.deleteCount()).isZero();
    assertThat(plan.base().get(Keys.ZONES)).containsOnlyKeys("cafe");
  }

  @Test
  void anEntityUnchangedInConfKeepsItsConsoleEditAndAChangedOneTakesTheConfEdit() {
    Playlist confCafe = new Playlist("cafe", List.of(new Playlist.Item("menu", 10)));
    StoreConfig before = conf(List.of(CAFE), List.of(), List.of(MENU, MAP), List.of(confCafe));
    // GIVEN the console changed the cafe's playlist and renamed the zone since the last import
    Catalog store = live(List.of(new Zone("cafe", "Coffee corner")), List.of(), List.of(MENU, MAP),
        List.of(new Playlist("cafe", List.of(new Playlist.Item("map", 5)))));
    // WHEN conf is imported again with only the zone changed in conf
    StoreConfig after = conf(List.of(new Zone("cafe", "Café")), List.of(), List.of(MENU, MAP), List.of(confCafe));
    ConfMerge.Plan plan = ConfMerge.plan(after, List.of(), baseOf(before), store, "salt");
    // THEN the zone takes conf's edit, the playlist keeps the console's, nothing else is written
    assertThat(plan.writes().get(Keys.ZONES)).containsOnlyKeys("cafe");
    assertThat(plan.writes().get(Keys.ZONES).get("cafe")).contains("Café");
    assertThat(plan.overridden()).as("said in the log: the console's name is replaced").containsExactly("zones 'cafe'");
    assertThat(plan.writes().get(Keys.PLAYLISTS)).isEmpty();
    assertThat(plan.writes().get(Keys.CONTENT)).isEmpty();
    assertThat(plan.deleteCount()).isZero();
  }

  @Test
  void whatConfDropsGoesUnlessTheStoreStillUsesItAndAZoneTakesItsPlaylistAlong() {
    Zone shoes = new Zone("shoes", "Shoes");
    StoreConfig before = conf(List.of(CAFE, shoes, GARDEN), List.of(), List.of(MENU, MAP),
        List.of(new Playlist("cafe", List.of(new Playlist.Item("menu", 10)))));
    // GIVEN the console put a screen in the garden, a playlist on shoes, and the map on the cafe's playlist
    Catalog store = live(List.of(CAFE, shoes, GARDEN), List.of(new Screen("g-1", "garden", "Garden screen", null)),
        List.of(MENU, MAP), List.of(new Playlist("cafe", List.of(new Playlist.Item("map", 10))),
            new Playlist("shoes", List.of(new Playlist.Item("menu", 10)))));
    // WHEN conf drops the garden, the shoes zone and the map
    StoreConfig after = conf(List.of(CAFE), List.of(), List.of(MENU),
        List.of(new Playlist("cafe", List.of(new Playlist.Item("menu", 10)))));
    ConfMerge.Plan plan = ConfMerge.plan(after, List.of(), baseOf(before), store, "salt");
    // THEN shoes goes with its playlist; the garden (a screen in it) and the map (on a playlist) stay, said why
    assertThat(plan.deletes().get(Keys.ZONES)).containsExactly("shoes");
    assertThat(plan.deletes().get(Keys.PLAYLISTS)).containsExactly("shoes");
    assertThat(plan.deletes().get(Keys.CONTENT)).isEmpty();
    // AND what stays is still in the base: once nothing uses it, the next import removes it
    assertThat(plan.base().get(Keys.ZONES)).containsOnlyKeys("cafe", "garden");
    assertThat(plan.base().get(Keys.CONTENT)).containsOnlyKeys("menu", "map");
    assertThat(plan.kept()).containsExactlyInAnyOrder(
        "zone 'garden' is no longer in conf but stays, still used by screen g-1",
        "content item 'map' is no longer in conf but stays, still used by playlist cafe");
  }

  @Test
  void somethingTheConsoleAlreadyDeletedIsNotDeletedOrWrittenAgain() {
    StoreConfig c = conf(List.of(CAFE, GARDEN), List.of(), List.of(), List.of());
    Map<String, Map<String, String>> base = new LinkedHashMap<>(baseOf(c));
    // GIVEN the console deleted the garden; WHEN the same conf is imported again (another file changed)
    ConfMerge.Plan plan = ConfMerge.plan(c, List.of(), base, live(List.of(CAFE), List.of(), List.of(), List.of()), "salt");
    // THEN the garden stays deleted
    assertThat(plan.writeCount()).isZero();
    assertThat(plan.deleteCount()).isZero();
  }

  @Test
  void aConfEditThatNeedsSomethingTheConsoleDeletedBringsItBack() {
    StoreConfig before = conf(List.of(CAFE), List.of(), List.of(MENU, MAP),
        List.of(new Playlist("cafe", List.of(new Playlist.Item("menu", 10)))));
    // GIVEN the console deleted the map (unchanged in conf)
    Catalog store = live(List.of(CAFE), List.of(), List.of(MENU), List.of(new Playlist("cafe", List.of(new Playlist.Item("menu", 10)))));
    // WHEN conf's cafe playlist now shows the map
    StoreConfig after = conf(List.of(CAFE), List.of(), List.of(MENU, MAP),
        List.of(new Playlist("cafe", List.of(new Playlist.Item("map", 10)))));
    ConfMerge.Plan plan = ConfMerge.plan(after, List.of(), baseOf(before), store, "salt");
    // THEN the playlist is written and conf's map comes back with it
    assertThat(plan.writes().get(Keys.PLAYLISTS)).containsOnlyKeys("cafe");
    assertThat(plan.writes().get(Keys.CONTENT)).containsOnlyKeys("map");
  }
}
