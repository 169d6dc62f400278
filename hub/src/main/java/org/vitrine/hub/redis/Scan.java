package org.vitrine.hub.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** SCAN over the whole keyspace, page by page: never KEYS, which blocks Redis on a big store. */
public final class Scan {

  private Scan() {
  }

  public static Future<List<String>> keys(Redis redis, String pattern) {
    List<String> found = new ArrayList<>();
    return page(redis, pattern, "0", found).map(found);
  }

  private static Future<Void> page(Redis redis, String pattern, String cursor, List<String> found) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
        .compose(r -> {
          for (Response k : r.get(1)) {
            found.add(k.toString());
          }
          String next = r.get(0).toString();
          return "0".equals(next) ? Future.succeededFuture() : page(redis, pattern, next, found);
        });
  }
}
