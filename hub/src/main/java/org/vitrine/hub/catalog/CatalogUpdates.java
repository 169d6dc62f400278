package org.vitrine.hub.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.CatalogChanged;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.PlaylistChanged;
import org.vitrine.hub.screens.PlaylistMessage;

/**
 * The one way the catalog changes while the hub runs (console edits, conf re-imports, erasures): a
 * write to Redis, then the snapshot is reloaded from Redis and swapped, screens whose playlist
 * changed get it at once, and {@link Addresses#CATALOG_CHANGED} tells the decisions. Changes run
 * one after another, so a check-then-write of one request never interleaves with another's.
 * Nothing else sets the {@link CatalogHolder}.
 */
public final class CatalogUpdates {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogUpdates.class);

  private final Vertx vertx;
  private final CatalogStore store;
  private final CatalogHolder holder;
  private Future<?> last = Future.succeededFuture();

  public CatalogUpdates(Vertx vertx, CatalogStore store, CatalogHolder holder) {
    this.vertx = vertx;
    this.store = store;
    this.holder = holder;
  }

  public CatalogHolder holder() {
    return holder;
  }

  /**
   * Runs {@code write} against the current catalog once earlier changes are done; when it succeeds
   * with a non-null result the catalog is reloaded and swapped. A null result means "nothing
   * written" (e.g. refused by validation): no reload.
   */
  public synchronized <T> Future<T> change(String what, List<String> ids, Function<Catalog, Future<T>> write) {
    Future<T> result = last.transform(ignored -> {
      try {
        return write.apply(holder.get());
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).compose(r -> r == null ? Future.succeededFuture(null) : store.load().map(next -> {
      swap(next, what, ids);
      return r;
    }));
    last = result.otherwiseEmpty();
    return result;
  }

  /**
   * An erased member's loyalty profile leaves this instance's snapshot at once
   * ({@code vitrine.shopper.erased}, possibly from another instance: Redis lost it already), so a
   * device naming them (simulator, Frigate) counts them as anonymous from now on. Nothing to write
   * or reload; no playlist names a shopper, so none is pushed.
   */
  public synchronized void forgetShopper(String id) {
    holder.set(holder.get().withoutShopper(id));
  }

  /** Swaps in {@code next}, pushes changed playlists to their screens and announces the change. */
  public synchronized void swap(Catalog next, String what, List<String> ids) {
    Catalog before = holder.get();
    holder.set(next);
    int pushed = 0;
    for (Zone z : next.zones()) {
      String was = Json.write(PlaylistMessage.of(before, z.id()));
      if (!Objects.equals(was, Json.write(PlaylistMessage.of(next, z.id())))) {
        pushed++;
        next.screensIn(z.id()).forEach(s -> vertx.eventBus().publish(Addresses.screen(s.id()), new PlaylistChanged(z.id())));
      }
    }
    vertx.eventBus().publish(Addresses.CATALOG_CHANGED, new CatalogChanged(what, ids));
    LOG.info("catalog changed ({} {}): {} zone playlist(s) pushed to their screens", what, ids, pushed);
  }
}
