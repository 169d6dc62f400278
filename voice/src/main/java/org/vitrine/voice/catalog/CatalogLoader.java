package org.vitrine.voice.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads conf/products.yaml (and the zone list of conf/store.yaml, read only) and checks it all, so a
 * typo stops the speaker with "file: field: what is wrong" rather than an unanswerable question.
 */
public final class CatalogLoader {

  public static final String FILE = "products.yaml";
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper LENIENT = new ObjectMapper(new YAMLFactory());

  record File(String currency, List<ProductYaml> products, SpeakerYaml speaker) {
  }

  record ProductYaml(String id, String name, List<String> aliases, String category, List<String> colours,
      List<String> sizes, Map<String, Integer> stock, BigDecimal price, Map<String, BigDecimal> prices, String zone,
      List<String> tags, String content, String gtin, Long unitPrice, BigDecimal vat, String image) {
    // gtin, unitPrice, vat, image: the hub's commerce fields (it checks them); the speaker does not use them
  }

  record SpeakerYaml(List<OpeningHours> openingHours, Map<String, String> directions, String orderZone,
      List<FacilityYaml> facilities, Map<String, List<String>> zoneAliases) {
  }

  record FacilityYaml(String id, String name, List<String> aliases, String zone, String directions) {
  }

  private CatalogLoader() {
  }

  public static ProductCatalog load(Path confDir) {
    Path file = confDir.resolve(FILE);
    File parsed = read(file);
    Map<String, String> zones = zonesOf(confDir.resolve("store.yaml"));
    Set<String> contentIds = contentIdsOf(confDir.resolve("content.yaml"));
    return new Checks(file, zones, contentIds).check(parsed);
  }

  private static File read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CatalogException(List.of(file + ": file not found (the speaker's product catalogue)"));
    }
    try {
      File f = STRICT.readValue(file.toFile(), File.class);
      if (f == null) {
        throw new CatalogException(List.of(file + ": file is empty"));
      }
      return f;
    } catch (UnrecognizedPropertyException e) {
      throw new CatalogException(List.of(file + ": " + pathOf(e) + ": unknown field '" + e.getPropertyName()
          + "' (line " + e.getLocation().getLineNr() + ")"));
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      throw new CatalogException(List.of(file + ": " + pathOf(e) + ": " + e.getOriginalMessage().split("\n")[0]
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    } catch (IOException e) {
      throw new CatalogException(List.of(file + ": cannot read: " + e.getMessage().split("\n")[0]));
    }
  }

  private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return sb.length() == 0 ? "(top)" : sb.toString();
  }

  /** Zones come from store.yaml, the hub's file; only ids and names are read here. */
  private static Map<String, String> zonesOf(Path storeYaml) {
    Map<String, String> zones = new LinkedHashMap<>();
    if (!Files.isRegularFile(storeYaml)) {
      return zones;
    }
    try {
      JsonNode root = LENIENT.readTree(storeYaml.toFile());
      for (JsonNode z : root.path("zones")) {
        zones.put(z.path("id").asText(), z.path("name").asText(z.path("id").asText()));
      }
    } catch (IOException e) {
      throw new CatalogException(List.of(storeYaml + ": cannot read zones: " + e.getMessage().split("\n")[0]));
    }
    return zones;
  }

  private static Set<String> contentIdsOf(Path contentYaml) {
    Set<String> ids = new HashSet<>();
    if (!Files.isRegularFile(contentYaml)) {
      return null;
    }
    try {
      for (JsonNode c : LENIENT.readTree(contentYaml.toFile()).path("content")) {
        ids.add(c.path("id").asText());
      }
    } catch (IOException e) {
      return null; // content.yaml is the hub's to validate; just skip the cross-check
    }
    return ids;
  }

  /** Collects every problem before failing, as the hub's conf checks do. */
  private static final class Checks {
    private final Path file;
    private final Map<String, String> zones;
    private final Set<String> contentIds;
    private final List<String> problems = new ArrayList<>();

    Checks(Path file, Map<String, String> zones, Set<String> contentIds) {
      this.file = file;
      this.zones = zones;
      this.contentIds = contentIds;
    }

    ProductCatalog check(File f) {
      String currency = f.currency() == null ? "EUR" : f.currency();
      List<Product> products = new ArrayList<>();
      if (f.products() == null || f.products().isEmpty()) {
        problem("products", "no products: the speaker needs at least one");
      } else {
        Set<String> ids = new HashSet<>();
        Map<String, String> spokenNames = new HashMap<>();
        for (int i = 0; i < f.products().size(); i++) {
          Product p = product("products[" + i + "]", f.products().get(i), ids, spokenNames);
          if (p != null) {
            products.add(p);
          }
        }
      }
      SpeakerYaml speaker = f.speaker() == null ? new SpeakerYaml(null, null, null, null, null) : f.speaker();
      Map<String, String> directions = speaker.directions() == null ? Map.of() : speaker.directions();
      directions.keySet().forEach(z -> zone("speaker.directions." + z, z));
      List<OpeningHours> hours = speaker.openingHours() == null ? List.of() : speaker.openingHours();
      for (int i = 0; i < hours.size(); i++) {
        OpeningHours h = hours.get(i);
        String at = "speaker.openingHours[" + i + "]";
        if (blank(h.days())) {
          problem(at + ".days", "missing (e.g. Monday to Saturday)");
        }
        time(at + ".open", h.open());
        time(at + ".close", h.close());
      }
      String orderZone = speaker.orderZone() == null ? "cafe" : speaker.orderZone();
      if (!zones.isEmpty() && !zones.containsKey(orderZone)) {
        problem("speaker.orderZone", "unknown zone '" + orderZone + "' (known: " + String.join(", ", zones.keySet()) + ")");
      }
      List<Facility> facilities = facilities(speaker.facilities(), products);
      Map<String, List<String>> zoneAliases = new LinkedHashMap<>();
      (speaker.zoneAliases() == null ? Map.<String, List<String>>of() : speaker.zoneAliases()).forEach((z, names) -> {
        zone("speaker.zoneAliases." + z, z);
        zoneAliases.put(z, list(names).stream().map(Spoken::normalise).toList());
      });
      if (!problems.isEmpty()) {
        throw new CatalogException(problems);
      }
      Map<String, String> zoneNames = zones.isEmpty() ? namesFrom(products) : zones;
      return new ProductCatalog(currency, products, zoneNames, directions, hours, orderZone, facilities, zoneAliases);
    }

    /**
     * speaker.facilities: each needs an id, a name, a known zone and directions (the answer to "where
     * are the toilets" is the directions), and no name may also be a product's or another facility's.
     */
    private List<Facility> facilities(List<FacilityYaml> list, List<Product> products) {
      List<Facility> out = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      Map<String, String> said = new HashMap<>();
      for (Product p : products) {
        said.put(Spoken.normalise(p.name()), "product '" + p.id() + "'");
        p.aliases().forEach(a -> said.put(Spoken.normalise(a), "product '" + p.id() + "'"));
      }
      for (int i = 0; list != null && i < list.size(); i++) {
        FacilityYaml f = list.get(i);
        String at = "speaker.facilities[" + i + "]";
        if (f == null) {
          problem(at, "empty entry");
          continue;
        }
        int before = problems.size();
        if (blank(f.id()) || !ID.matcher(f.id()).matches()) {
          problem(at + ".id", "'" + f.id() + "' must be a-z, 0-9 and - (e.g. fitting-rooms)");
        } else if (!ids.add(f.id())) {
          problem(at + ".id", "duplicate id '" + f.id() + "'");
        }
        if (blank(f.name())) {
          problem(at + ".name", "missing (e.g. the fitting rooms)");
        }
        zone(at + ".zone", f.zone());
        if (blank(f.directions())) {
          problem(at + ".directions", "missing (how to get there, e.g. at the back of apparel, on the left)");
        }
        List<String> names = new ArrayList<>(list(f.aliases()));
        if (!blank(f.name())) {
          names.add(0, f.name().replaceFirst("(?i)^the ", ""));
        }
        for (String n : names) {
          String key = Spoken.normalise(n);
          String owner = said.putIfAbsent(key, "facility '" + f.id() + "'");
          if (owner != null && !owner.equals("facility '" + f.id() + "'")) {
            problem(at + ".aliases", "'" + n + "' is also said for " + owner + ": a spoken name must mean one thing");
          }
        }
        if (problems.size() == before) {
          out.add(new Facility(f.id(), f.name().trim(), names.stream().map(Spoken::normalise).toList(), f.zone(),
              f.directions().trim()));
        }
      }
      return out;
    }

    private Product product(String at, ProductYaml y, Set<String> ids, Map<String, String> spokenNames) {
      if (y == null) {
        problem(at, "empty entry");
        return null;
      }
      int before = problems.size();
      if (blank(y.id()) || !ID.matcher(y.id()).matches()) {
        problem(at + ".id", "'" + y.id() + "' must be a-z, 0-9 and - (e.g. trail-runner)");
      } else if (!ids.add(y.id())) {
        problem(at + ".id", "duplicate id '" + y.id() + "'");
      }
      List<String> aliases = list(y.aliases());
      if (blank(y.name())) {
        problem(at + ".name", "missing");
      } else {
        List<String> spoken = new ArrayList<>(aliases);
        spoken.add(0, y.name());
        for (String s : spoken) {
          String key = Spoken.normalise(s);
          String owner = spokenNames.putIfAbsent(key, y.id());
          if (owner != null && !owner.equals(y.id())) {
            problem(at + ".name", "'" + s + "' is also said for product '" + owner + "': a spoken name must mean one product");
          }
        }
      }
      if (blank(y.category())) {
        problem(at + ".category", "missing (e.g. running shoes)");
      }
      List<String> sizes = list(y.sizes());
      if (sizes.isEmpty()) {
        problem(at + ".sizes", "missing (use [one size] for items without sizes)");
      }
      for (String s : sizes) {
        try {
          Spoken.size(s);
        } catch (IllegalArgumentException e) {
          problem(at + ".sizes", "'" + s + "' cannot be spoken (numbers 0-99, halves, XS..XL or words)");
        }
      }
      Map<String, Integer> stock = y.stock() == null ? Map.of() : y.stock();
      stock.forEach((size, n) -> {
        if (!sizes.contains(size)) {
          problem(at + ".stock." + size, "size '" + size + "' is not in sizes " + sizes);
        }
        if (n == null || n < 0) {
          problem(at + ".stock." + size, "must be 0 or more");
        }
      });
      if (y.price() == null || y.price().signum() <= 0) {
        problem(at + ".price", "missing or not above 0");
      }
      Map<String, BigDecimal> prices = y.prices() == null ? Map.of() : y.prices();
      prices.forEach((size, price) -> {
        if (!sizes.contains(size)) {
          problem(at + ".prices." + size, "size '" + size + "' is not in sizes " + sizes);
        }
        if (price == null || price.signum() <= 0) {
          problem(at + ".prices." + size, "must be above 0");
        }
      });
      zone(at + ".zone", y.zone());
      if (y.content() != null && contentIds != null && !contentIds.contains(y.content())) {
        problem(at + ".content", "unknown content '" + y.content() + "' (not in content.yaml)");
      }
      if (problems.size() > before) {
        return null;
      }
      return new Product(y.id(), y.name().trim(), aliases, Spoken.normalise(y.category()),
          list(y.colours()).stream().map(Spoken::normalise).toList(), sizes, new LinkedHashMap<>(stock), y.price(),
          new LinkedHashMap<>(prices), y.zone(), list(y.tags()), y.content());
    }

    private void zone(String at, String zone) {
      if (blank(zone)) {
        problem(at, "missing");
      } else if (!zones.isEmpty() && !zones.containsKey(zone)) {
        problem(at, "unknown zone '" + zone + "' (known: " + String.join(", ", zones.keySet()) + ")");
      }
    }

    private void time(String at, String value) {
      try {
        LocalTime.parse(value == null ? "" : value);
      } catch (DateTimeParseException e) {
        problem(at, "'" + value + "' is not a time like 09:00");
      }
    }

    private void problem(String field, String what) {
      problems.add(file + ": " + field + ": " + what);
    }

    private static Map<String, String> namesFrom(List<Product> products) {
      Map<String, String> names = new LinkedHashMap<>();
      products.forEach(p -> names.putIfAbsent(p.zone(), p.zone()));
      return names;
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }

    private static List<String> list(List<String> l) {
      return l == null ? List.of() : l.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
    }
  }
}
