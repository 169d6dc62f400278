package org.vitrine.hub.ops;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.redis.Keys;

/** The operational counters' running totals in Redis ({@code vitrine:counters}), added to from {@link Counters#drain()}. */
public final class CounterStore {

  private final Redis redis;

  public CounterStore(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> add(Map<String, Long> deltas) {
    if (deltas.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> batch = new ArrayList<>();
    deltas.forEach((k, v) -> batch.add(Request.cmd(Command.HINCRBY).arg(Keys.COUNTERS).arg(k).arg(v)));
    return redis.batch(batch).mapEmpty();
  }
}
