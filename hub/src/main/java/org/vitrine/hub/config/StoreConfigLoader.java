package org.vitrine.hub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleValidator;

/**
 * Reads conf/store.yaml, content.yaml, shoppers.yaml and rules.yaml and checks every reference,
 * so a typo stops start-up with "file: field: what is wrong" instead of a blank screen later.
 */
public final class StoreConfigLoader {

  public static final List<String> FILES = List.of("store.yaml", "content.yaml", "shoppers.yaml", "rules.yaml");
  /** Bumped when the import writes Redis differently, so existing stores import their conf again. */
  static final String IMPORT_FORMAT = "import-v2";
  private static final Pattern ID = org.vitrine.hub.catalog.Ids.PATTERN;
  private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreConfigLoader.class);

  private StoreConfigLoader() {
  }

  public static StoreConfig load(Path confDir) {
    Path storeYaml = confDir.resolve("store.yaml");
    Path contentYaml = confDir.resolve("content.yaml");
    Path shoppersYaml = confDir.resolve("shoppers.yaml");
    Path rulesYaml = confDir.resolve("rules.yaml");
    StoreConfig.StoreFile store = Yaml.read(storeYaml, StoreConfig.StoreFile.class, false);
    StoreConfig.ContentFile content = Yaml.read(contentYaml, StoreConfig.ContentFile.class, false);
    StoreConfig.ShoppersFile shoppers = Yaml.read(shoppersYaml, StoreConfig.ShoppersFile.class, true);
    StoreConfig.RulesFile rules = Yaml.read(rulesYaml, StoreConfig.RulesFile.class, true);

    StoreConfig config = new StoreConfig(
        store.store() == null ? new StoreInfo("Vitrine store", "UTC") : store.store(),
        orEmpty(store.zones()), orEmpty(store.screens()), orEmpty(store.devices()),
        orEmpty(content.content()), orEmpty(content.playlists()),
        shoppers == null ? List.of() : orEmpty(shoppers.shoppers()),
        rules == null ? List.of() : orEmpty(rules.rules()),
        hashOf(confDir));
    new Checks(config, storeYaml, contentYaml, shoppersYaml, rulesYaml).run();
    unknownProducts(config, confDir).forEach(w -> LOG.warn("{}: {}", rulesYaml, w));
    return config;
  }

  /**
   * Pickup rules naming products that conf/products.yaml (the speaker's catalogue) does not have:
   * only warned about, as that file is edited on its own (a renamed product must not stop the store
   * from starting); the console refuses them. Empty when there is no products.yaml.
   */
  public static List<String> unknownProducts(StoreConfig config, Path confDir) {
    java.util.Set<String> known = org.vitrine.hub.catalog.ProductList.read(confDir).ids();
    List<String> out = new ArrayList<>();
    if (known.isEmpty()) {
      return out;
    }
    for (int i = 0; i < config.rules().size(); i++) {
      Rule r = config.rules().get(i);
      List<String> products = r.when() == null || r.when().products() == null ? List.of() : r.when().products();
      for (int j = 0; j < products.size(); j++) {
        if (products.get(j) != null && !known.contains(products.get(j))) {
          out.add("rules[" + i + "].when.products[" + j + "]: product '" + products.get(j)
              + "' is not in products.yaml: this rule only fires for shelves that report that id");
        }
      }
    }
    return out;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Hash of the conf files' bytes: a changed conf is imported into Redis again. */
  public static String hashOf(Path confDir) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(IMPORT_FORMAT.getBytes());
      for (String f : FILES) {
        Path p = confDir.resolve(f);
        sha.update(f.getBytes());
        if (Files.exists(p)) {
          sha.update(Files.readAllBytes(p));
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new ConfigException(confDir + ": cannot read: " + e.getMessage());
    }
  }

  /** All cross-checks; collects every problem before failing so one run shows them all. */
  private static final class Checks {
    private final StoreConfig c;
    private final Path storeYaml;
    private final Path contentYaml;
    private final Path shoppersYaml;
    private final Path rulesYaml;
    private final List<String> problems = new ArrayList<>();

    Checks(StoreConfig c, Path storeYaml, Path contentYaml, Path shoppersYaml, Path rulesYaml) {
      this.c = c;
      this.storeYaml = storeYaml;
      this.contentYaml = contentYaml;
      this.shoppersYaml = shoppersYaml;
      this.rulesYaml = rulesYaml;
    }

    void run() {
      try {
        ZoneId.of(c.store().timezone() == null ? "UTC" : c.store().timezone());
      } catch (RuntimeException e) {
        problems.add(storeYaml + ": store.timezone: unknown timezone '" + c.store().timezone() + "'");
      }
      Set<String> zones = ids(storeYaml, "zones", c.zones(), Zone::id);
      if (zones.isEmpty()) {
        problems.add(storeYaml + ": zones: at least one zone is needed");
      }
      ids(storeYaml, "screens", c.screens(), Screen::id);
      for (int i = 0; i < c.screens().size(); i++) {
        ref(storeYaml, "screens[" + i + "].zone", c.screens().get(i).zone(), zones, "zone");
        String role = c.screens().get(i).role();
        if (role != null && !Screen.ROLES.contains(role)) {
          problems.add(storeYaml + ": screens[" + i + "].role: must be one of " + String.join(", ", Screen.ROLES)
              + " (or left out), got '" + role + "'");
        }
      }
      ids(storeYaml, "devices", c.devices(), Device::id);
      java.util.Map<String, String> siteIds = new java.util.HashMap<>();
      for (int i = 0; i < c.devices().size(); i++) {
        Device d = c.devices().get(i);
        String at = "devices[" + i + "]";
        if (!Device.KINDS.contains(d.kind())) {
          problems.add(storeYaml + ": " + at + ".kind: must be one of " + String.join(", ", Device.KINDS) + ", got '" + d.kind() + "'");
        } else if (Device.CAMERA.equals(d.kind()) || Device.SHELF.equals(d.kind())) {
          ref(storeYaml, at + ".zone", d.zone(), zones, "zone");
          if (d.cameras() != null || d.zones() != null) {
            problems.add(storeYaml + ": " + at + ": cameras/zones maps are for kinds frigate and double-take; a " + d.kind() + " has one zone");
          }
        } else if (Device.SPEAKER.equals(d.kind())) {
          checkSpeaker(at, d, zones, siteIds);
        } else {
          checkCameraMaps(at, d, zones);
        }
        if (d.siteId() != null && !Device.SPEAKER.equals(d.kind())) {
          problems.add(storeYaml + ": " + at + ".siteId: only a speaker has a Hermes siteId");
        }
        if (d.password() == null || d.password().length() < 8) {
          problems.add(storeYaml + ": " + at + ".password: required, at least 8 characters");
        }
      }
      Set<String> content = ids(contentYaml, "content", c.content(), ContentItem::id);
      for (int i = 0; i < c.content().size(); i++) {
        checkContent(i, c.content().get(i));
      }
      Set<String> playlistZones = new HashSet<>();
      for (int i = 0; i < c.playlists().size(); i++) {
        Playlist p = c.playlists().get(i);
        String at = "playlists[" + i + "]";
        ref(contentYaml, at + ".zone", p.zone(), zones, "zone");
        if (p.zone() != null && !playlistZones.add(p.zone())) {
          problems.add(contentYaml + ": " + at + ".zone: zone '" + p.zone() + "' has two playlists");
        }
        if (p.items() == null || p.items().isEmpty()) {
          problems.add(contentYaml + ": " + at + ".items: a playlist needs at least one item");
          continue;
        }
        for (int j = 0; j < p.items().size(); j++) {
          Playlist.Item item = p.items().get(j);
          ref(contentYaml, at + ".items[" + j + "].content", item.content(), content, "content");
          if (item.seconds() < 1 || item.seconds() > 3600) {
            problems.add(contentYaml + ": " + at + ".items[" + j + "].seconds: must be 1..3600, got " + item.seconds());
          }
        }
      }
      ids(shoppersYaml, "shoppers", c.shoppers(), ShopperProfile::id);
      for (int i = 0; i < c.shoppers().size(); i++) {
        ShopperProfile s = c.shoppers().get(i);
        if (s.visits() != null && s.visits() < 0) {
          problems.add(shoppersYaml + ": shoppers[" + i + "].visits: must not be negative");
        }
        if (s.secretHash() != null && !org.vitrine.hub.members.PhcString.isPhc(s.secretHash())) {
          // never the value itself in the message: it is a secret's hash
          problems.add(shoppersYaml + ": shoppers[" + i + "].secretHash: must be a PBKDF2 PHC string ($pbkdf2$$<salt>$<hash>, "
              + "as Vert.x auth's HashingStrategy writes it)");
        }
      }
      ids(rulesYaml, "rules", c.rules(), Rule::id);
      for (int i = 0; i < c.rules().size(); i++) {
        checkRule(i, c.rules().get(i), zones, content);
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }

    /** A Hermes satellite: its siteId (unique, as in the satellite's own profile) and the zone it stands in. */
    private void checkSpeaker(String at, Device d, Set<String> zones, java.util.Map<String, String> siteIds) {
      ref(storeYaml, at + ".zone", d.zone(), zones, "zone");
      if (d.cameras() != null || d.zones() != null) {
        problems.add(storeYaml + ": " + at + ": cameras/zones maps are for kinds frigate and double-take; a speaker has one zone");
      }
      if (d.siteId() == null || !SITE_ID.matcher(d.siteId()).matches()) {
        problems.add(storeYaml + ": " + at + ".siteId: required for kind speaker: the satellite's Hermes siteId "
            + "(letters, digits, '-', '_', '.'; 1-64, no '/', '+' or '#'), got '" + d.siteId() + "'");
      } else {
        String other = siteIds.putIfAbsent(d.siteId(), d.id());
        if (other != null) {
          problems.add(storeYaml + ": " + at + ".siteId: '" + d.siteId() + "' is already the siteId of speaker '" + other + "'");
        }
      }
    }

    /** Frigate / Double Take: which of their cameras (and zones) is which store zone. */
    private void checkCameraMaps(String at, Device d, Set<String> zones) {
      if (d.zone() != null) {
        problems.add(storeYaml + ": " + at + ".zone: a " + d.kind() + " device reports for several cameras: "
            + "map each to a zone in cameras: { <camera>: <zone> } instead");
      }
      if (d.cameras() == null || d.cameras().isEmpty()) {
        problems.add(storeYaml + ": " + at + ".cameras: required for kind " + d.kind()
            + ": map each of its camera names to a zone, e.g. { front_door: entrance }");
      } else {
        d.cameras().forEach((camera, zone) -> {
          if (camera == null || camera.isBlank()) {
            problems.add(storeYaml + ": " + at + ".cameras: a camera name is empty");
          }
          ref(storeYaml, at + ".cameras." + camera, zone, zones, "zone");
        });
      }
      if (d.zones() != null) {
        d.zones().forEach((theirs, zone) -> ref(storeYaml, at + ".zones." + theirs, zone, zones, "zone"));
      }
    }

    private void checkContent(int i, ContentItem item) {
      String at = "content[" + i + "]";
      if (item.type() == null || !ContentItem.TYPES.contains(item.type())) {
        problems.add(contentYaml + ": " + at + ".type: must be one of " + new TreeSet<>(ContentItem.TYPES) + ", got '" + item.type() + "'");
        return;
      }
      switch (item.type()) {
        case "image", "video" -> {
          if (blank(item.src())) {
            problems.add(contentYaml + ": " + at + ".src: required for type " + item.type());
          }
        }
        case "html" -> {
          if (blank(item.src()) == blank(item.html())) {
            problems.add(contentYaml + ": " + at + ": type html needs exactly one of src or html");
          }
        }
        default -> {
          if (item.product() == null || blank(item.product().name())) {
            problems.add(contentYaml + ": " + at + ".product.name: required for type product-card");
          } else if (item.product().price() != null && item.product().price() < 0) {
            problems.add(contentYaml + ": " + at + ".product.price: must not be negative");
          }
        }
      }
    }

    /** The same checks as the rules REST API ({@link RuleValidator}), reported as "file: rules[i].field: message". */
    private void checkRule(int i, Rule r, Set<String> zones, Set<String> content) {
      java.util.Map<String, String> screenZones = new java.util.LinkedHashMap<>();
      c.screens().forEach(s -> screenZones.put(s.id(), s.zone()));
      Set<String> devices = new java.util.LinkedHashSet<>();
      c.devices().forEach(d -> devices.add(d.id()));
      // products are only warned about (unknownProducts): conf/products.yaml changes on its own
      for (RuleValidator.Problem p : RuleValidator.check(r, zones, screenZones, content, devices)) {
        // a malformed id is already reported (with duplicates) by ids() above; rule ids also refuse '_'
        if (!"id".equals(p.field()) || (r.id() != null && ID.matcher(r.id()).matches())) {
          problems.add(rulesYaml + ": rules[" + i + "]" + (p.field().isEmpty() ? "" : ".") + p.field() + ": " + p.message());
        }
      }
    }

    private void time(String at, String value) {
      try {
        LocalTime.parse(value == null ? "" : value);
      } catch (DateTimeParseException e) {
        problems.add(rulesYaml + ": " + at + ": expected HH:mm, got '" + value + "'");
      }
    }

    private <T> Set<String> ids(Path file, String list, List<T> items, Function<T, String> id) {
      Set<String> seen = new java.util.LinkedHashSet<>();
      for (int i = 0; i < items.size(); i++) {
        String v = items.get(i) == null ? null : id.apply(items.get(i));
        if (v == null || !ID.matcher(v).matches()) {
          problems.add(file + ": " + list + "[" + i + "].id: must be lowercase letters, digits, '-' or '_' (1-64), got '" + v + "'");
        } else if (!seen.add(v)) {
          problems.add(file + ": " + list + "[" + i + "].id: duplicate id '" + v + "'");
        }
      }
      return seen;
    }

    private void ref(Path file, String at, String value, Set<String> known, String what) {
      if (value == null || !known.contains(value)) {
        problems.add(file + ": " + at + ": unknown " + what + " '" + value + "' (known: " + String.join(", ", known) + ")");
      }
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }
}
