package org.vitrine.hub.director;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Collection;
import java.util.Map;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;

/** What each screen shows now, for a restart: {@code vitrine:screen-state}, screen id → {@link StoredPlay} JSON. */
public final class ScreenStateStore {

  private final Redis redis;

  public ScreenStateStore(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> save(Map<String, String> screenToJson) {
    if (screenToJson.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.HSET).arg(Keys.SCREEN_STATE);
    screenToJson.forEach((k, v) -> r.arg(k).arg(v));
    return redis.send(r).mapEmpty();
  }

  public Future<Void> clear(Collection<String> screens) {
    if (screens.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.HDEL).arg(Keys.SCREEN_STATE);
    screens.forEach(r::arg);
    return redis.send(r).mapEmpty();
  }

  /** screen id → stored play JSON. */
  public Future<Map<String, String>> load() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.SCREEN_STATE)).map(Responses::asMap);
  }
}
