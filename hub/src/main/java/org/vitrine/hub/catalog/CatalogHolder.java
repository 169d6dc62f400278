package org.vitrine.hub.catalog;

import java.util.concurrent.atomic.AtomicReference;

/** The current catalog snapshot, shared by the verticles of one hub process. */
public final class CatalogHolder {

  private final AtomicReference<Catalog> current;

  public CatalogHolder(Catalog initial) {
    this.current = new AtomicReference<>(initial);
  }

  public Catalog get() {
    return current.get();
  }

  public void set(Catalog catalog) {
    current.set(catalog);
  }
}
