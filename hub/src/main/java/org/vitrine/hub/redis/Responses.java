package org.vitrine.hub.redis;

import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading Redis answers the same way whatever the protocol version. */
public final class Responses {

  private Responses() {
  }

  /** HGETALL answers a map in RESP3 and a flat key/value array in RESP2. */
  public static Map<String, String> asMap(Response r) {
    Map<String, String> map = new LinkedHashMap<>();
    if (r == null) {
      return map;
    }
    if (r.isMap()) {
      for (String k : r.getKeys()) {
        map.put(k, r.get(k).toString());
      }
    } else {
      for (int i = 0; i + 1 < r.size(); i += 2) {
        map.put(r.get(i).toString(), r.get(i + 1).toString());
      }
    }
    return map;
  }
}
