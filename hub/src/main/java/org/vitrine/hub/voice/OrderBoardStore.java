package org.vitrine.hub.voice;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Scan;

/** The cafe's order boards in Redis: {@code vitrine:order-board:<zone>}, the orders a board shows (JSON array, newest first), 12 h. */
public final class OrderBoardStore {

  private final Redis redis;

  public OrderBoardStore(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> save(String zone, String ordersJson) {
    return redis.send(Request.cmd(Command.SET).arg(Keys.orderBoard(zone)).arg(ordersJson).arg("EX").arg(12 * 3600)).mapEmpty();
  }

  /** zone → orders JSON of every order board with orders. */
  public Future<Map<String, String>> load() {
    return Scan.keys(redis, Keys.ORDER_BOARD_PATTERN).compose(keys -> {
      if (keys.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      Request mget = Request.cmd(Command.MGET);
      keys.forEach(mget::arg);
      return redis.send(mget).map(r -> {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          if (r.get(i) != null) {
            out.put(keys.get(i).substring(Keys.ORDER_BOARD_PREFIX.length()), r.get(i).toString());
          }
        }
        return out;
      });
    });
  }
}
