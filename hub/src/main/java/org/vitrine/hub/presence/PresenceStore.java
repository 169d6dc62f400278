package org.vitrine.hub.presence;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;

/**
 * Presence in Redis: where each recognised shopper is ({@code vitrine:presence}, one
 * {@link Whereabouts} JSON per shopper), their store visits ({@code vitrine:visits}) and the
 * anonymous tracks per zone and hour ({@code vitrine:anon:<zone>:<hour>}, HyperLogLogs: a count,
 * nothing else). The one place that decodes stored presence.
 */
public final class PresenceStore {

  private static final long ANON_TTL_SECONDS = 8 * 24 * 3600;

  private final Redis redis;

  public PresenceStore(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> save(String shopper, Whereabouts w) {
    return redis.send(Request.cmd(Command.HSET).arg(Keys.PRESENCE).arg(shopper).arg(Json.write(w))).mapEmpty();
  }

  public Future<Void> remove(String shopper) {
    return redis.send(Request.cmd(Command.HDEL).arg(Keys.PRESENCE).arg(shopper)).mapEmpty();
  }

  /** Where everyone is as stored (shopper → whereabouts); an entry that does not decode is left out. */
  public Future<Map<String, Whereabouts>> load() {
    return stored().map(all -> {
      Map<String, Whereabouts> out = new LinkedHashMap<>();
      all.forEach((shopper, json) -> {
        try {
          out.put(shopper, Json.read(json, Whereabouts.class));
        } catch (RuntimeException bad) {
          // written by a hub that knew another shape: that shopper is placed again by the next sighting
        }
      });
      return out;
    });
  }

  /** The hash as stored: shopper → JSON (what an operator or a test reads in Redis). */
  public Future<Map<String, String>> stored() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.PRESENCE)).map(Responses::asMap);
  }

  /** A recognised shopper came into the store: their visit count goes up (returns the new count). */
  public Future<Long> countVisit(String shopper) {
    return redis.send(Request.cmd(Command.HINCRBY).arg(Keys.VISITS).arg(shopper).arg(1)).map(Response::toLong);
  }

  /** shopper → visit count. */
  public Future<Map<String, String>> loadVisits() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.VISITS)).map(Responses::asMap);
  }

  /** Anonymous people are a count: unique track ids per zone and hour, nothing else. */
  public Future<Void> countAnonymous(String zone, String track, long at) {
    String key = Keys.anonymous(zone, at);
    return redis.batch(List.of(
        Request.cmd(Command.PFADD).arg(key).arg(track),
        Request.cmd(Command.EXPIRE).arg(key).arg(ANON_TTL_SECONDS))).mapEmpty();
  }

  public Future<Long> anonymousCount(String zone, long at) {
    return redis.send(Request.cmd(Command.PFCOUNT).arg(Keys.anonymous(zone, at))).map(Response::toLong);
  }
}
