package org.vitrine.hub.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitrine.hub.config.ConfigException;

/**
 * What can be sold and for how much: the products of {@code conf/products.yaml} that carry commerce
 * fields — {@code gtin} (GTIN-8/12/13/14 with a valid check digit, stored as GTIN-14), {@code
 * unitPrice} (minor units, must agree with the speaker's {@code price} when both are there),
 * {@code vat} (percent, e.g. 20 or 5.5), {@code image} (optional) — and the file's {@code currency}.
 * A product without a GTIN is not for sale through baskets. Wrong fields stop the hub at start with
 * {@code products.yaml: products[i].field: message}. Read once at start (off the event loop). Pure
 * apart from reading the file.
 */
public record PriceBook(String currency, Map<String, Item> byId, Map<String, Item> byGtin) {

  /** One product for sale: VAT rate in basis points (2000 = 20 %), price in minor units, VAT included. */
  public record Item(String id, String name, String gtin, long unitPrice, int vatBasisPoints, String image) {
  }

  public static PriceBook empty(String currency) {
    return new PriceBook(currency, Map.of(), Map.of());
  }

  public Optional<Item> product(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  public Optional<Item> gtin(String gtin14) {
    return Optional.ofNullable(gtin14 == null ? null : byGtin.get(gtin14));
  }

  public static PriceBook read(Path confDir) {
    Path file = confDir.resolve(org.vitrine.voice.catalog.CatalogLoader.FILE);
    if (!Files.isRegularFile(file)) {
      return empty("EUR");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new ConfigException(file.getFileName() + ": cannot read: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    return parse(root, file.getFileName().toString());
  }

  static PriceBook parse(JsonNode root, String file) {
    List<String> problems = new ArrayList<>();
    String currency = root == null ? "EUR" : root.path("currency").asText("EUR");
    try {
      java.util.Currency.getInstance(currency);
    } catch (IllegalArgumentException e) {
      problems.add(file + ": currency: '" + currency + "' is not an ISO 4217 code");
      currency = "EUR";
    }
    Map<String, Item> byId = new LinkedHashMap<>();
    Map<String, Item> byGtin = new LinkedHashMap<>();
    JsonNode list = root == null ? null : root.get("products");
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode p = list.get(i);
        String at = file + ": products[" + i + "].";
        if (!p.has("gtin")) {
          if (p.has("unitPrice") || p.has("vat")) {
            problems.add(at + "gtin: unitPrice and vat need the product's GTIN");
          }
          continue;
        }
        String id = p.path("id").asText("");
        String gtin = Sgtin96.gtin14(p.path("gtin").asText(""));
        if (gtin == null) {
          problems.add(at + "gtin: '" + p.path("gtin").asText("") + "' is not a GTIN-8/12/13/14 with a valid check digit");
          continue;
        }
        JsonNode unit = p.get("unitPrice");
        if (unit == null || !unit.canConvertToLong() || unit.asLong() <= 0 || unit.asLong() > Money.MAX || !unit.isIntegralNumber()) {
          problems.add(at + "unitPrice: the price in minor units (an integer above 0) is required with a gtin");
          continue;
        }
        JsonNode price = p.get("price");
        if (price != null && price.isNumber() && !p.has("prices")
            && price.decimalValue().movePointRight(2).compareTo(BigDecimal.valueOf(unit.asLong())) != 0) {
          problems.add(at + "unitPrice: " + unit.asLong() + " does not agree with price " + price.asText());
          continue;
        }
        JsonNode vat = p.get("vat");
        BigDecimal rate = vat != null && vat.isNumber() ? vat.decimalValue() : null;
        if (rate == null || rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(100)) > 0 || rate.movePointRight(2).stripTrailingZeros().scale() > 0) {
          problems.add(at + "vat: the VAT rate in percent (0 to 100, at most 2 decimals) is required with a gtin");
          continue;
        }
        if (byGtin.containsKey(gtin)) {
          problems.add(at + "gtin: " + gtin + " is also product '" + byGtin.get(gtin).id() + "'");
          continue;
        }
        Item item = new Item(id, p.path("name").asText(id), gtin, unit.asLong(), rate.movePointRight(2).intValueExact(),
            p.path("image").asText(null));
        byId.put(id, item);
        byGtin.put(gtin, item);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PriceBook(currency, Map.copyOf(byId), Map.copyOf(byGtin));
  }
}
