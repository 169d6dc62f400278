package org.vitrine.hub.catalog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.ConfigException;
import org.vitrine.hub.config.StoreConfigLoader;

/**
 * Picks up edits of conf/*.yaml while the hub runs: a valid change is imported into Redis and the
 * catalog swapped, and screens whose playlist changed get it at once. An invalid change is
 * logged with every problem and ignored; the store keeps running on the last good conf.
 */
public final class ConfWatcher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConfWatcher.class);

  private final Path confDir;
  private final ConfImport confImport;
  private final CatalogUpdates updates;
  private final long periodMillis;
  private String seenHash;
  private boolean busy;

  public ConfWatcher(Path confDir, ConfImport confImport, CatalogUpdates updates, String startHash, long periodMillis) {
    this.confDir = confDir;
    this.confImport = confImport;
    this.updates = updates;
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
              .compose(conf -> updates.change("conf", java.util.List.of(), current -> confImport.run(conf)))
              .onSuccess(imported -> LOG.info("conf change imported"));
        })
        .onFailure(e -> LOG.error("conf change in {} ignored, the store keeps its last good conf: {}", confDir,
            e instanceof ConfigException ? e.getMessage() : e.toString()))
        .onComplete(ar -> busy = false);
  }

}
