package org.vitrine.hub.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vitrine.hub.config.StoreConfig;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.ops.Sha256;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleRefs;

/**
 * A conf import as a three-way merge of what conf says now, what it said at the last import (the
 * base: a SHA-256 per entity, never the entity itself, as device passwords are in it) and what the
 * store has now, console edits included:
 * <ul>
 *   <li>an entity new in conf, or whose conf text changed since the last import, is written (the
 *       conf edit wins for that entity);</li>
 *   <li>an entity unchanged in conf is left as the store has it: a console edit or delete stays;</li>
 *   <li>an entity removed from conf is removed, unless what the store keeps still uses it (a console
 *       screen in a zone, a rule showing a content item): then it stays, with a warning;</li>
 *   <li>entities only the console made are never touched.</li>
 * </ul>
 * So re-importing the loyalty export (conf/shoppers.yaml) no longer undoes console work. Pure.
 */
final class ConfMerge {

  /** The Redis hashes of the conf entities, in import order. */
  static final List<String> KINDS = List.of(Keys.ZONES, Keys.SCREENS, Keys.DEVICES, Keys.CONTENT, Keys.PLAYLISTS,
      Keys.SHOPPERS, Keys.RULES);

  /**
   * @param writes  per store hash: id → JSON to HSET
   * @param deletes per store hash: ids to HDEL
   * @param base    per store hash: id → hash of its conf text, the base of the next import
   * @param kept    entities removed from conf but kept, and why (for the log)
   * @param overridden entities the console had changed that a conf edit now replaces (for the log)
   */
  record Plan(Map<String, Map<String, String>> writes, Map<String, List<String>> deletes,
      Map<String, Map<String, String>> base, List<String> kept, List<String> overridden) {

    int writeCount() {
      return writes.values().stream().mapToInt(Map::size).sum();
    }

    int deleteCount() {
      return deletes.values().stream().mapToInt(List::size).sum();
    }
  }

  private ConfMerge() {
  }

  /**
   * @param conf     the conf as loaded now
   * @param shoppers conf's shoppers minus those erased (they do not come back)
   * @param oldBase  per store hash: the base of the last import (empty maps before the first)
   * @param live     the store as it is now
   * @param salt     the store's random salt of the base hashes (device passwords are in the conf text)
   */
  static Plan plan(StoreConfig conf, List<ShopperProfile> shoppers, Map<String, Map<String, String>> oldBase, Catalog live,
      String salt) {
    Map<String, Map<String, String>> writes = new LinkedHashMap<>();
    Map<String, List<String>> deletes = new LinkedHashMap<>();
    Map<String, Map<String, String>> base = new LinkedHashMap<>();
    Merged merged = new Merged(live);

    Function<Object, String> hash = item -> Sha256.hex(salt + Json.write(item));
    List<String> overridden = new ArrayList<>();
    kind(Keys.ZONES, conf.zones(), Zone::id, Json::write, hash, oldBase, writes, deletes, base, merged.zones, overridden);
    kind(Keys.SCREENS, conf.screens(), Screen::id, Json::write, hash, oldBase, writes, deletes, base, merged.screens, overridden);
    // a device's password is stored salted and hashed: compared on its conf text, written hashed
    kind(Keys.DEVICES, conf.devices(), Device::id, ConfMerge::storedDevice, hash, oldBase, writes, deletes, base,
        merged.devices, overridden);
    kind(Keys.CONTENT, conf.content(), ContentItem::id, Json::write, hash, oldBase, writes, deletes, base, merged.content, overridden);
    kind(Keys.PLAYLISTS, conf.playlists(), Playlist::zone, Json::write, hash, oldBase, writes, deletes, base, merged.playlists, overridden);
    kind(Keys.SHOPPERS, shoppers, ShopperProfile::id, Json::write, hash, oldBase, writes, deletes, base, merged.shoppers, overridden);
    kind(Keys.RULES, conf.rules(), Rule::id, Json::write, hash, oldBase, writes, deletes, base, merged.rules, overridden);

    bringBackWhatConfEditsNeed(conf, writes, merged);

    List<String> kept = new ArrayList<>();
    // what rules and playlists use first (a kept screen or device then keeps its zone too)
    Catalog after = merged.catalog(live);
    keepUsed(deletes.get(Keys.SCREENS), kept, "screen", id -> rulesUsing(after, r -> RuleRefs.usesScreen(r, id)),
        id -> live.screen(id).ifPresent(x -> merged.screens.put(id, x)));
    keepUsed(deletes.get(Keys.CONTENT), kept, "content item", id -> contentUsers(after, id),
        id -> live.content(id).ifPresent(x -> merged.content.put(id, x)));
    keepUsed(deletes.get(Keys.DEVICES), kept, "device", id -> rulesUsing(after, r -> RuleRefs.usesDevice(r, id)),
        id -> live.device(id).ifPresent(x -> merged.devices.put(id, x)));
    Catalog withKept = merged.catalog(live);
    keepUsed(deletes.get(Keys.ZONES), kept, "zone", id -> zoneUsers(withKept, id), id -> { });
    // a kept entity stays in the base: dropped from conf, it goes once nothing uses it any more
    for (String key : List.of(Keys.SCREENS, Keys.CONTENT, Keys.DEVICES, Keys.ZONES)) {
      Map<String, String> before = oldBase.getOrDefault(key, Map.of());
      for (String id : before.keySet()) {
        if (!base.get(key).containsKey(id) && inStore(live, key, id) && !deletes.get(key).contains(id)) {
          base.get(key).put(id, before.get(id));
        }
      }
    }
    // a zone that goes takes its playlist along, as a console delete does
    for (String zone : deletes.get(Keys.ZONES)) {
      if (live.playlist(zone).isPresent() && !deletes.get(Keys.PLAYLISTS).contains(zone)
          && !writes.get(Keys.PLAYLISTS).containsKey(zone)) {
        deletes.get(Keys.PLAYLISTS).add(zone);
      }
    }
    return new Plan(writes, deletes, base, kept, overridden);
  }

  /**
   * A conf entity written now may name one the console deleted while conf kept it unchanged (a
   * changed playlist with a content item deleted in the console): conf's version comes back, so
   * nothing written points at nothing.
   */
  private static void bringBackWhatConfEditsNeed(StoreConfig conf, Map<String, Map<String, String>> writes, Merged merged) {
    Map<String, ContentItem> confContent = Merged.byId(conf.content(), ContentItem::id);
    Map<String, Screen> confScreens = Merged.byId(conf.screens(), Screen::id);
    Map<String, Zone> confZones = Merged.byId(conf.zones(), Zone::id);
    List<String> contentNeeded = new ArrayList<>();
    List<String> screensNeeded = new ArrayList<>();
    List<String> zonesNeeded = new ArrayList<>();
    List<String> devicesNeeded = new ArrayList<>();
    for (Rule r : conf.rules()) {
      if (writes.get(Keys.RULES).containsKey(r.id())) {
        if (r.then() != null && r.then().show() != null) {
          contentNeeded.add(r.then().show());
        }
        if (r.then() != null && r.then().screen() != null) {
          screensNeeded.add(r.then().screen());
        }
        if (r.when() != null && r.when().screens() != null) {
          screensNeeded.addAll(r.when().screens());
        }
        zonesNeeded.addAll(r.zonesOrEmpty());
        if (r.then() != null && r.then().mqtt() != null && r.then().mqtt().device() != null) {
          devicesNeeded.add(r.then().mqtt().device());
        }
      }
    }
    for (Playlist p : conf.playlists()) {
      if (writes.get(Keys.PLAYLISTS).containsKey(p.zone())) {
        zonesNeeded.add(p.zone());
        contentNeeded.addAll(p.contentIds());
      }
    }
    for (String id : contentNeeded) {
      bringBack(id, confContent, merged.content, writes.get(Keys.CONTENT));
    }
    for (String id : screensNeeded) {
      bringBack(id, confScreens, merged.screens, writes.get(Keys.SCREENS));
    }
    conf.screens().stream().filter(x -> writes.get(Keys.SCREENS).containsKey(x.id())).forEach(x -> zonesNeeded.add(x.zone()));
    Map<String, Device> confDevices = Merged.byId(conf.devices(), Device::id);
    for (String id : devicesNeeded) {
      Device d = confDevices.get(id);
      if (d != null && !merged.devices.containsKey(id)) {
        merged.devices.put(id, d);
        writes.get(Keys.DEVICES).put(id, storedDevice(d)); // hashed, as every device write
      }
    }
    conf.devices().stream().filter(d -> writes.get(Keys.DEVICES).containsKey(d.id())).forEach(d -> zonesNeeded.addAll(zonesOf(d)));
    for (String id : zonesNeeded) {
      bringBack(id, confZones, merged.zones, writes.get(Keys.ZONES));
    }
  }

  private static boolean inStore(Catalog live, String key, String id) {
    return switch (key) {
      case Keys.SCREENS -> live.screen(id).isPresent();
      case Keys.CONTENT -> live.content(id).isPresent();
      case Keys.DEVICES -> live.device(id).isPresent();
      default -> live.zone(id).isPresent();
    };
  }

  /** The zones a device is in or maps its cameras to (Frigate, Double Take). */
  private static List<String> zonesOf(Device d) {
    List<String> zones = new ArrayList<>();
    if (d.zone() != null) {
      zones.add(d.zone());
    }
    if (d.cameras() != null) {
      zones.addAll(d.cameras().values());
    }
    if (d.zones() != null) {
      zones.addAll(d.zones().values());
    }
    return zones;
  }

  private static <T> void bringBack(String id, Map<String, T> inConf, Map<String, T> merged, Map<String, String> writes) {
    T item = inConf.get(id);
    if (item != null && !merged.containsKey(id)) {
      merged.put(id, item);
      writes.put(id, Json.write(item));
    }
  }

  private static String storedDevice(Device d) {
    return Json.write(d.withHashedPassword());
  }

  private static <T> void kind(String key, List<T> items, Function<T, String> id, Function<T, String> stored,
      Function<Object, String> hash, Map<String, Map<String, String>> oldBase, Map<String, Map<String, String>> writes,
      Map<String, List<String>> deletes, Map<String, Map<String, String>> base, Map<String, T> merged, List<String> overridden) {
    Map<String, String> before = oldBase.getOrDefault(key, Map.of());
    Map<String, String> now = new LinkedHashMap<>();
    Map<String, String> write = new LinkedHashMap<>();
    for (T item : items) {
      String i = id.apply(item);
      String sha = hash.apply(item);
      now.put(i, sha);
      if (!sha.equals(before.get(i))) {
        T current = merged.get(i);
        // the store's version no longer is what conf said last time: the console changed it
        // (devices are stored with a hashed password, so they cannot be compared this way)
        if (current != null && before.containsKey(i) && !Keys.DEVICES.equals(key) && !hash.apply(current).equals(before.get(i))) {
          overridden.add(key.substring("vitrine:".length()) + " '" + i + "'");
        }
        write.put(i, stored.apply(item));
        merged.put(i, item);
      }
    }
    List<String> delete = new ArrayList<>();
    for (String i : before.keySet()) {
      if (!now.containsKey(i) && merged.containsKey(i)) {
        delete.add(i);
      }
    }
    delete.forEach(merged::remove);
    writes.put(key, write);
    deletes.put(key, delete);
    base.put(key, now);
  }

  /** Takes back the deletes of entities still in use (they stay in the store), noting why. */
  private static void keepUsed(List<String> deletes, List<String> kept, String what, Function<String, String> usersOf,
      java.util.function.Consumer<String> keep) {
    deletes.removeIf(id -> {
      String users = usersOf.apply(id);
      if (users == null) {
        return false;
      }
      kept.add(what + " '" + id + "' is no longer in conf but stays, still used by " + users);
      keep.accept(id);
      return true;
    });
  }

  private static String zoneUsers(Catalog c, String zone) {
    List<String> users = new ArrayList<>();
    c.screensIn(zone).forEach(s -> users.add("screen " + s.id()));
    c.devices().stream().filter(d -> zonesOf(d).contains(zone)).forEach(d -> users.add("device " + d.id()));
    String rules = rulesUsing(c, r -> RuleRefs.usesZone(r, zone));
    if (rules != null) {
      users.add(rules);
    }
    return users.isEmpty() ? null : String.join(", ", users);
  }

  private static String contentUsers(Catalog c, String content) {
    List<String> users = new ArrayList<>();
    for (Playlist p : c.playlists()) {
      if (p.contentIds().contains(content)) {
        users.add("playlist " + p.zone());
      }
    }
    String rules = rulesUsing(c, r -> RuleRefs.usesContent(r, content));
    if (rules != null) {
      users.add(rules);
    }
    return users.isEmpty() ? null : String.join(", ", users);
  }

  private static String rulesUsing(Catalog c, java.util.function.Predicate<Rule> uses) {
    return RuleRefs.describe(c.rules(), List.of(), uses);
  }

  /** The store as it will be after the import, to see what still uses an entity conf dropped. */
  private static final class Merged {
    final Map<String, Zone> zones;
    final Map<String, Screen> screens;
    final Map<String, Device> devices;
    final Map<String, ContentItem> content;
    final Map<String, Playlist> playlists;
    final Map<String, ShopperProfile> shoppers;
    final Map<String, Rule> rules;

    Merged(Catalog live) {
      zones = byId(live.zones(), Zone::id);
      screens = byId(live.screens(), Screen::id);
      devices = byId(live.devices(), Device::id);
      content = byId(live.contentItems(), ContentItem::id);
      playlists = byId(live.playlists(), Playlist::zone);
      shoppers = byId(live.shoppers(), ShopperProfile::id);
      rules = byId(live.rules(), Rule::id);
    }

    private static <T> Map<String, T> byId(Collection<T> items, Function<T, String> id) {
      Map<String, T> m = new LinkedHashMap<>();
      items.forEach(i -> m.put(id.apply(i), i));
      return m;
    }

    Catalog catalog(Catalog live) {
      return new Catalog(live.store(), zones.values(), screens.values(), devices.values(), content.values(),
          playlists.values(), shoppers.values(), rules.values());
    }
  }
}
