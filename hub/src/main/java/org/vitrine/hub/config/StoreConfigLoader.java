package org.vitrine.hub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;
import java.util.Set;
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
import org.vitrine.hub.validation.ContentValidator;
import org.vitrine.hub.validation.DeviceValidator;
import org.vitrine.hub.validation.PlaylistValidator;
import org.vitrine.hub.validation.Problem;
import org.vitrine.hub.validation.ScreenValidator;
import org.vitrine.hub.validation.ShopperValidator;
import org.vitrine.hub.validation.Source;
import org.vitrine.hub.validation.ZoneValidator;

/**
 * Reads conf/store.yaml, content.yaml, shoppers.yaml and rules.yaml and checks every entity with
 * the validators the console uses too ({@code validation.*}, {@link RuleValidator}), so a typo stops
 * start-up with "file: field: what is wrong" instead of a blank screen later.
 */
public final class StoreConfigLoader {

  public static final List<String> FILES = List.of("store.yaml", "content.yaml", "shoppers.yaml", "rules.yaml");
  /** Bumped when the import writes Redis differently, so existing stores import their conf again. */
  static final String IMPORT_FORMAT = "import-v2";
  private static final Pattern ID = org.vitrine.hub.catalog.Ids.PATTERN;

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

  /**
   * The whole conf: each entity by its validator (the console's too, {@code validation.*}), plus
   * what only a whole file can tell (duplicate ids, two playlists for a zone, no zone at all).
   * Collects every problem before failing, so one run shows them all.
   */
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
      each(storeYaml, "zones", c.zones(), ZoneValidator::check);
      ids(storeYaml, "screens", c.screens(), Screen::id);
      each(storeYaml, "screens", c.screens(), s -> ScreenValidator.check(s, zones));
      ids(storeYaml, "devices", c.devices(), Device::id);
      Map<String, String> siteIds = new HashMap<>();
      each(storeYaml, "devices", c.devices(), d -> {
        List<Problem> p = DeviceValidator.check(d, zones, siteIds, Source.CONF);
        if (Device.SPEAKER.equals(d.kind()) && d.siteId() != null && p.stream().noneMatch(x -> x.field().equals("siteId"))) {
          siteIds.putIfAbsent(d.siteId(), d.id()); // a siteId is the first speaker's that has it
        }
        return p;
      });
      Set<String> content = ids(contentYaml, "content", c.content(), ContentItem::id);
      each(contentYaml, "content", c.content(), item -> ContentValidator.check(item, Source.CONF));
      Set<String> playlistZones = new HashSet<>();
      for (int i = 0; i < c.playlists().size(); i++) {
        Playlist p = c.playlists().get(i);
        if (p != null && p.zone() != null && !playlistZones.add(p.zone())) {
          problems.add(contentYaml + ": playlists[" + i + "].zone: zone '" + p.zone() + "' has two playlists");
        }
      }
      each(contentYaml, "playlists", c.playlists(), p -> PlaylistValidator.check(p, zones, content, Source.CONF));
      ids(shoppersYaml, "shoppers", c.shoppers(), ShopperProfile::id);
      each(shoppersYaml, "shoppers", c.shoppers(), s -> ShopperValidator.check(s, Source.CONF));
      ids(rulesYaml, "rules", c.rules(), Rule::id);
      Map<String, String> screenZones = new LinkedHashMap<>();
      c.screens().stream().filter(Objects::nonNull).forEach(s -> screenZones.put(s.id(), s.zone()));
      Set<String> devices = new LinkedHashSet<>();
      c.devices().stream().filter(Objects::nonNull).forEach(d -> devices.add(d.id()));
      // products are only warned about (unknownProducts): conf/products.yaml changes on its own
      each(rulesYaml, "rules", c.rules(), r -> RuleValidator.check(r, zones, screenZones, content, devices));
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }

    /** Each entity of a list by its validator, reported as "file: list[i].field: message". */
    private <T> void each(Path file, String list, List<T> items, Function<T, List<Problem>> check) {
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i) != null) {
          for (Problem p : check.apply(items.get(i))) {
            problems.add(p.inFile(file, list + "[" + i + "]"));
          }
        }
      }
    }

    /** The list's well-formed ids in order; duplicates and missing entries are problems (a malformed id is its validator's). */
    private <T> Set<String> ids(Path file, String list, List<T> items, Function<T, String> id) {
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i) == null) {
          problems.add(file + ": " + list + "[" + i + "]: required");
          continue;
        }
        String v = id.apply(items.get(i));
        if (v != null && ID.matcher(v).matches() && !seen.add(v)) {
          problems.add(file + ": " + list + "[" + i + "].id: duplicate id '" + v + "'");
        }
      }
      return seen;
    }
  }
}
