package org.vitrine.hub.catalog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.ConfigException;
import org.vitrine.hub.config.StoreConfigLoader;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.PlaylistChanged;
import org.vitrine.hub.redis.StoreRepository;
import org.vitrine.hub.screens.PlaylistMessage;

/**
 * Picks up edits of conf/*.yaml while the hub runs: a valid change is imported into Redis and the
 * catalog swapped, and screens whose playlist changed get it at once. An invalid change is
 * logged with every problem and ignored; the store keeps running on the last good conf.
 */
public final class ConfWatcher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConfWatcher.class);

  private final Path confDir;
  private final StoreRepository repo;
  private final CatalogHolder catalog;
  private final long periodMillis;
  private String seenHash;
  private boolean busy;

  public ConfWatcher(Path confDir, StoreRepository repo, CatalogHolder catalog, String startHash, long periodMillis) {
    this.confDir = confDir;
    this.repo = repo;
    this.catalog = catalog;
    this.seenHash = startHash;
    this.periodMillis = periodMillis;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(periodMillis, id -> check());
    return Future.succeededFuture();
  }

  private void check() {
    if (busy) {
      return;
    }
    busy = true;
    vertx.executeBlocking(() -> StoreConfigLoader.hashOf(confDir), false)
        .compose(hash -> {
          if (hash.equals(seenHash)) {
            return Future.succeededFuture();
          }
          seenHash = hash;
          return vertx.executeBlocking(() -> StoreConfigLoader.load(confDir), false)
              .compose(repo::importConf)
              .compose(imported -> repo.loadCatalog())
              .onSuccess(this::swap);
        })
        .onFailure(e -> LOG.error("conf change in {} ignored, the store keeps its last good conf: {}", confDir,
            e instanceof ConfigException ? e.getMessage() : e.toString()))
        .onComplete(ar -> busy = false);
  }

  private void swap(Catalog next) {
    Catalog before = catalog.get();
    catalog.set(next);
    int zones = 0;
    for (Zone z : next.zones()) {
      String was = Json.write(PlaylistMessage.of(before, z.id()));
      if (!Objects.equals(was, Json.write(PlaylistMessage.of(next, z.id())))) {
        zones++;
        next.screensIn(z.id()).forEach(s -> vertx.eventBus().publish(Addresses.screen(s.id()), new PlaylistChanged(z.id())));
      }
    }
    LOG.info("conf change imported: {} rules, {} content items; {} zone playlist(s) pushed to their screens",
        next.rules().size(), next.contentItems().size(), zones);
  }
}
