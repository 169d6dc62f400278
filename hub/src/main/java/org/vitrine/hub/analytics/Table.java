package org.vitrine.hub.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One analytics table: named columns and rows (JSON objects keyed by column), also as CSV. */
public record Table(String name, List<Column> columns, List<Map<String, Object>> rows) {

  public record Column(String key, String label) {
  }

  private static final CsvMapper CSV = new CsvMapper();

  /** Builds a table column by column: {@code col("zone", "Zone")}. */
  public static final class Builder {
    private final String name;
    private final List<Column> columns = new ArrayList<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();

    public Builder(String name) {
      this.name = name;
    }

    public Builder col(String key, String label) {
      columns.add(new Column(key, label));
      return this;
    }

    public Map<String, Object> row() {
      Map<String, Object> r = new LinkedHashMap<>();
      rows.add(r);
      return r;
    }

    public Table build() {
      return new Table(name, List.copyOf(columns), rows);
    }
  }

  /** RFC 4180 CSV with a header line of the column keys (jackson-dataformat-csv). */
  public String csv() {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(c -> schema.addColumn(c.key()));
    List<Map<String, Object>> cells = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      Map<String, Object> line = new LinkedHashMap<>();
      columns.forEach(c -> line.put(c.key(), r.get(c.key())));
      cells.add(line);
    }
    try {
      return CSV.writer(schema.build()).writeValueAsString(cells);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("CSV of " + name + ": " + e.getMessage(), e);
    }
  }
}
