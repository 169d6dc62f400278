package org.vitrine.hub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The products of {@code conf/products.yaml} (the speaker's catalogue), by id: what a pickup rule
 * may name and what a shelf reports. Read leniently (ids, names, zones only; the voice module checks
 * the rest) and once at start, as the speaker does: a changed catalogue needs a restart. Empty when
 * the file is missing or unreadable, and then product ids are not checked.
 */
public record ProductList(List<Entry> products) {

  private static final Logger LOG = LoggerFactory.getLogger(ProductList.class);
  /** The speaker's own file name for it (voice's CatalogLoader), so both read the same file. */
  public static final String FILE = org.vitrine.voice.catalog.CatalogLoader.FILE;

  public record Entry(String id, String name, String zone) {
  }

  public static ProductList empty() {
    return new ProductList(List.of());
  }

  public static ProductList read(Path confDir) {
    Path file = confDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      List<Entry> out = new ArrayList<>();
      JsonNode list = root == null ? null : root.get("products");
      if (list != null && list.isArray()) {
        for (JsonNode p : list) {
          String id = p.path("id").asText(null);
          if (id != null && !id.isBlank()) {
            out.add(new Entry(id, p.path("name").asText(id), p.path("zone").asText(null)));
          }
        }
      }
      return new ProductList(List.copyOf(out));
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("{}: cannot read product ids ({}): pickup rules' products are not checked", file, e.getMessage());
      return empty();
    }
  }

  public Set<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    products.forEach(p -> ids.add(p.id()));
    return ids;
  }
}
