package org.vitrine.hub.catalog;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;
import org.vitrine.hub.rules.Rule;

/**
 * The catalog in Redis, the store's source of truth: one hash per kind ({@code vitrine:zones},
 * {@code vitrine:screens}, …, {@code vitrine:rules}), the store's name and zone order in
 * {@code vitrine:meta}. Read whole into a {@link Catalog}; written by console changes atomically.
 */
public final class CatalogStore {

  private final Redis redis;

  public CatalogStore(Redis redis) {
    this.redis = redis;
  }

  /** The catalog as stored in Redis (the source of truth, whatever conf says now). */
  public Future<Catalog> load() {
    List<Request> batch = List.of(
        Request.cmd(Command.HMGET).arg(Keys.META).arg("store").arg("zoneOrder"),
        Request.cmd(Command.HGETALL).arg(Keys.ZONES),
        Request.cmd(Command.HGETALL).arg(Keys.SCREENS),
        Request.cmd(Command.HGETALL).arg(Keys.DEVICES),
        Request.cmd(Command.HGETALL).arg(Keys.CONTENT),
        Request.cmd(Command.HGETALL).arg(Keys.PLAYLISTS),
        Request.cmd(Command.HGETALL).arg(Keys.SHOPPERS),
        Request.cmd(Command.HGETALL).arg(Keys.RULES));
    return redis.batch(batch).map(r -> new Catalog(
        r.get(0).get(0) == null ? new StoreInfo("Vitrine store", "UTC") : Json.read(r.get(0).get(0).toString(), StoreInfo.class),
        inOrder(values(r.get(1), Zone.class), r.get(0).get(1)),
        values(r.get(2), Screen.class).stream().sorted(Comparator.comparing(Screen::id)).toList(),
        values(r.get(3), Device.class),
        values(r.get(4), ContentItem.class), values(r.get(5), Playlist.class),
        values(r.get(6), ShopperProfile.class), values(r.get(7), Rule.class)));
  }

  /** Zones in the order the store lists them (hashes have no order); unlisted ones last. */
  private static List<Zone> inOrder(List<Zone> zones, Response orderJson) {
    List<String> order = orderJson == null ? List.of() : List.of(Json.read(orderJson.toString(), String[].class));
    return zones.stream().sorted(Comparator.comparingInt((Zone z) -> {
      int i = order.indexOf(z.id());
      return i < 0 ? Integer.MAX_VALUE : i;
    }).thenComparing(Zone::id)).toList();
  }

  private static <T> List<T> values(Response hash, Class<T> type) {
    return Responses.asMap(hash).values().stream().map(json -> Json.read(json, type)).toList();
  }

  /**
   * One console change, atomically (MULTI/EXEC): {@code puts} is key → (field → JSON), {@code
   * deletes} key → fields. Either all of it is stored or none.
   */
  public Future<Void> writeAtomically(Map<String, Map<String, String>> puts, Map<String, List<String>> deletes) {
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.MULTI));
    deletes.forEach((key, fields) -> {
      if (!fields.isEmpty()) {
        Request r = Request.cmd(Command.HDEL).arg(key);
        fields.forEach(r::arg);
        batch.add(r);
      }
    });
    puts.forEach((key, fields) -> {
      if (!fields.isEmpty()) {
        Request r = Request.cmd(Command.HSET).arg(key);
        fields.forEach((f, v) -> r.arg(f).arg(v));
        batch.add(r);
      }
    });
    batch.add(Request.cmd(Command.EXEC));
    return redis.batch(batch).mapEmpty();
  }

  /** An admin added the member again on purpose: conf imports may bring their profile back too. */
  public Future<Void> clearErasedMark(String shopper) {
    return redis.send(Request.cmd(Command.SREM).arg(Keys.ERASED).arg(Keys.erasedMark(shopper))).mapEmpty();
  }
}
