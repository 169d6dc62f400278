package org.vitrine.voice.catalog;

import java.util.List;

/** conf/products.yaml is wrong; every problem is listed as "file: field: what is wrong". */
public final class CatalogException extends RuntimeException {

  private final List<String> problems;

  public CatalogException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
