package org.vitrine.hub.director;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each zone's work, strictly in order, even across asynchronous steps (a cap check in Redis): a
 * decision sees the zone as it was at its own event, never as a later, still-queued event makes
 * it. Zones do not wait for each other. Used on the director's event loop only.
 */
final class ZoneQueue {

  private static final Logger LOG = LoggerFactory.getLogger(ZoneQueue.class);

  private final Map<String, Future<?>> chains = new HashMap<>();

  /** Runs {@code task} once the zone's earlier work is done (failed or not). */
  void enqueue(String zone, Supplier<Future<?>> task) {
    Future<?> previous = chains.getOrDefault(zone, Future.succeededFuture());
    Future<?> next = previous.transform(ignored -> {
      try {
        return task.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    next.onFailure(e -> LOG.error("zone {}: decision failed", zone, e));
    chains.put(zone, next);
  }
}
