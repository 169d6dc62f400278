package org.vitrine.hub.support;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashSet;
import java.util.Set;
import org.vitrine.hub.redis.Keys;

/** What the hub kept: the track ids in the sighting log ({@code vitrine:sightings}), read straight from Redis. */
public final class StoredSightings {

  private StoredSightings() {
  }

  public static Set<String> tracks(Redis redis) {
    Set<String> tracks = new HashSet<>();
    String start = "-";
    while (true) {
      Response page = redis.send(Request.cmd(Command.XRANGE).arg(Keys.SIGHTINGS).arg(start).arg("+").arg("COUNT").arg(5000)).await();
      String last = null;
      for (Response entry : page) {
        last = entry.get(0).toString();
        Response fields = entry.get(1);
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          if ("track".equals(fields.get(i).toString())) {
            tracks.add(fields.get(i + 1).toString());
          }
        }
      }
      if (page.size() < 5000) {
        return tracks;
      }
      start = "(" + last;
    }
  }

  /** The same, from a Redis the test reaches by URL (one the hub left behind, an external one). */
  public static Set<String> tracks(Vertx vertx, String url) {
    Redis redis = Redis.createClient(vertx, url);
    try {
      return tracks(redis);
    } finally {
      redis.close();
    }
  }
}
