package org.vitrine.hub.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.config.StoreConfig;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.rules.Rule;

/** All reads and writes of store state in Redis. Nothing else in the hub builds Redis commands. */
public final class StoreRepository {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRepository.class);
  private static final long ANON_TTL_SECONDS = 8 * 24 * 3600;
  private static final String STREAM_MAXLEN = "100000";

  private final Redis redis;

  public StoreRepository(Redis redis) {
    this.redis = redis;
  }

  public Redis redis() {
    return redis;
  }

  // ---- configuration -------------------------------------------------------------------------

  /**
   * Imports the conf when its files changed since the last import, as a three-way merge with what
   * the store has now ({@link ConfMerge}): conf entities new or changed since the last import are
   * written, those removed from conf are removed unless still in use, console edits of the rest are
   * kept. Dynamic state (presence, visits, caps, screen state, streams) is left alone. Returns true
   * if it imported.
   */
  public Future<Boolean> importConf(StoreConfig conf) {
    List<Request> reads = new ArrayList<>();
    reads.add(Request.cmd(Command.HMGET).arg(Keys.META).arg("confHash").arg("confBaseSalt"));
    reads.add(Request.cmd(Command.SMEMBERS).arg(Keys.ERASED));
    ConfMerge.KINDS.forEach(k -> reads.add(Request.cmd(Command.HGETALL).arg(Keys.confBase(k))));
    return redis.batch(reads).compose(r -> {
      Response current = r.get(0).get(0);
      String salt = r.get(0).get(1) == null ? newSalt() : r.get(0).get(1).toString();
      java.util.Set<String> erased = new java.util.HashSet<>();
      r.get(1).forEach(m -> erased.add(m.toString()));
      // members who asked to be forgotten do not come back with the next loyalty export
      List<ShopperProfile> shoppers = conf.shoppers().stream().filter(s -> !erased.contains(Keys.erasedMark(s.id()))).toList();
      Map<String, Map<String, String>> oldBase = new LinkedHashMap<>();
      for (int i = 0; i < ConfMerge.KINDS.size(); i++) {
        oldBase.put(ConfMerge.KINDS.get(i), asMap(r.get(2 + i)));
      }
      boolean noBase = oldBase.values().stream().allMatch(Map::isEmpty);
      if (current != null && conf.hash().equals(current.toString())) {
        // unchanged since the last import; a store imported before merges existed gets its base now
        // (conf is what was imported), so its next conf change merges instead of overwriting
        return noBase ? writeBaseOnly(conf, shoppers, salt).map(false) : Future.succeededFuture(false);
      }
      if (current != null && noBase) {
        LOG.warn("conf import: no base from an earlier import (a store imported before merges existed and conf changed "
            + "since): this once, conf overwrites console edits of the entities it has");
      }
      return loadCatalog().compose(live -> writeImport(conf, shoppers, ConfMerge.plan(conf, shoppers, oldBase, live, salt), salt));
    });
  }

  private static String newSalt() {
    byte[] b = new byte[16];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  private Future<Void> writeBaseOnly(StoreConfig conf, List<ShopperProfile> shoppers, String salt) {
    Catalog nothing = new Catalog(conf.store(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    ConfMerge.Plan plan = ConfMerge.plan(conf, shoppers, Map.of(), nothing, salt);
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.MULTI));
    baseWrites(batch, plan);
    batch.add(Request.cmd(Command.HSET).arg(Keys.META).arg("confBaseSalt").arg(salt));
    batch.add(Request.cmd(Command.EXEC));
    return redis.batch(batch).<Void>mapEmpty()
        .onSuccess(v -> LOG.info("conf import: base recorded for the next conf change (conf unchanged)"));
  }

  private Future<Boolean> writeImport(StoreConfig conf, List<ShopperProfile> shoppers, ConfMerge.Plan plan, String salt) {
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.MULTI));
    for (String key : ConfMerge.KINDS) {
      List<String> deletes = plan.deletes().get(key);
      if (!deletes.isEmpty()) {
        Request del = Request.cmd(Command.HDEL).arg(key);
        deletes.forEach(del::arg);
        batch.add(del);
      }
      hsetAll(batch, key, plan.writes().get(key));
    }
    baseWrites(batch, plan);
    for (ShopperProfile s : shoppers) {
      batch.add(Request.cmd(Command.HSETNX).arg(Keys.VISITS).arg(s.id()).arg(s.visits() == null ? 0 : s.visits()));
    }
    batch.add(Request.cmd(Command.HSET).arg(Keys.META).arg("confHash").arg(conf.hash()).arg("confBaseSalt").arg(salt)
        .arg("importedAt").arg(System.currentTimeMillis()).arg("schema").arg(1)
        .arg("store").arg(Json.write(conf.store()))
        .arg("zoneOrder").arg(Json.write(conf.zones().stream().map(Zone::id).toList())));
    batch.add(Request.cmd(Command.EXEC));
    return redis.batch(batch).map(done -> {
      LOG.info("conf import: wrote {} and removed {} entities changed in conf since the last import; console edits of the rest kept", plan.writeCount(),
          plan.deleteCount());
      plan.kept().forEach(k -> LOG.warn("conf import: {}", k));
      if (!plan.overridden().isEmpty()) {
        LOG.warn("conf import: conf edits replace console edits of {}", String.join(", ", plan.overridden()));
      }
      return true;
    });
  }

  /** The plan's base replaces the stored one, kind by kind (the base of the next import). */
  private static void baseWrites(List<Request> batch, ConfMerge.Plan plan) {
    for (String key : ConfMerge.KINDS) {
      batch.add(Request.cmd(Command.DEL).arg(Keys.confBase(key)));
      hsetAll(batch, Keys.confBase(key), plan.base().get(key));
    }
  }

  private static void hsetAll(List<Request> batch, String key, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return;
    }
    Request r = Request.cmd(Command.HSET).arg(key);
    fields.forEach((id, json) -> r.arg(id).arg(json));
    batch.add(r);
  }

  /** The catalog as stored in Redis (the source of truth, whatever conf says now). */
  public Future<Catalog> loadCatalog() {
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
        values(r.get(2), Screen.class).stream().sorted(java.util.Comparator.comparing(Screen::id)).toList(),
        values(r.get(3), Device.class),
        values(r.get(4), ContentItem.class), values(r.get(5), Playlist.class),
        values(r.get(6), ShopperProfile.class), values(r.get(7), Rule.class)));
  }

  /** Zones in the order the store lists them (hashes have no order); unlisted ones last. */
  private static List<Zone> inOrder(List<Zone> zones, Response orderJson) {
    List<String> order = orderJson == null ? List.of() : List.of(Json.read(orderJson.toString(), String[].class));
    return zones.stream().sorted(java.util.Comparator.comparingInt((Zone z) -> {
      int i = order.indexOf(z.id());
      return i < 0 ? Integer.MAX_VALUE : i;
    }).thenComparing(Zone::id)).toList();
  }

  private static <T> List<T> values(Response hash, Class<T> type) {
    return asMap(hash).values().stream().map(json -> Json.read(json, type)).toList();
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

  // ---- the cafe's order board ----------------------------------------------------------------

  /** The orders a zone's order board shows (JSON array, newest first); kept 12 hours. */
  public Future<Void> saveOrderBoard(String zone, String ordersJson) {
    return redis.send(Request.cmd(Command.SET).arg(Keys.orderBoard(zone)).arg(ordersJson).arg("EX").arg(12 * 3600)).mapEmpty();
  }

  /** zone → orders JSON of every order board with orders. */
  public Future<Map<String, String>> loadOrderBoards() {
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

  // ---- console edits -----------------------------------------------------------------------

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

  public Future<Map<String, String>> hashOf(String key) {
    return redis.send(Request.cmd(Command.HGETALL).arg(key)).map(StoreRepository::asMap);
  }

  // ---- presence and visits -------------------------------------------------------------------

  public Future<Void> savePresence(String shopper, String json) {
    return redis.send(Request.cmd(Command.HSET).arg(Keys.PRESENCE).arg(shopper).arg(json)).mapEmpty();
  }

  public Future<Void> removePresence(String shopper) {
    return redis.send(Request.cmd(Command.HDEL).arg(Keys.PRESENCE).arg(shopper)).mapEmpty();
  }

  /** True while the shopper has a live consent (checked in, not expired, not erased). */
  public Future<Boolean> hasConsent(String shopper) {
    return redis.send(Request.cmd(Command.EXISTS).arg(Keys.consent(shopper))).map(r -> r.toLong() > 0);
  }

  public Future<Map<String, String>> loadPresence() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.PRESENCE)).map(StoreRepository::asMap);
  }

  public Future<Long> countVisit(String shopper) {
    return redis.send(Request.cmd(Command.HINCRBY).arg(Keys.VISITS).arg(shopper).arg(1)).map(Response::toLong);
  }

  public Future<Map<String, String>> loadVisits() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.VISITS)).map(StoreRepository::asMap);
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

  // ---- decisions -----------------------------------------------------------------------------


  public Future<Void> saveScreenStates(Map<String, String> screenToJson) {
    if (screenToJson.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.HSET).arg(Keys.SCREEN_STATE);
    screenToJson.forEach((k, v) -> r.arg(k).arg(v));
    return redis.send(r).mapEmpty();
  }

  public Future<Void> clearScreenStates(Collection<String> screens) {
    if (screens.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.HDEL).arg(Keys.SCREEN_STATE);
    screens.forEach(r::arg);
    return redis.send(r).mapEmpty();
  }

  public Future<Map<String, String>> loadScreenStates() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.SCREEN_STATE)).map(StoreRepository::asMap);
  }

  /** Appends to a capped stream (proof of play, touches). */
  public Future<Void> append(String stream, Map<String, String> fields) {
    Request r = Request.cmd(Command.XADD).arg(stream).arg("MAXLEN").arg("~").arg(STREAM_MAXLEN).arg("*");
    fields.forEach((k, v) -> r.arg(k).arg(v == null ? "" : v));
    return redis.send(r).mapEmpty();
  }

  // ---- erasure ------------------------------------------------------------------------------

  /** Proof-of-play entries read per XRANGE page while looking for a shopper's plays. */
  private static final int STREAM_PAGE = 1000;

  /**
   * What an erasure removes. {@link #VISIT}: what a check-in collected (face, consent, phone key)
   * and what the visit left (presence, caps, screen states, stream entries, notices, screen-now),
   * asked for with the phone's key or by an admin; the loyalty profile, the visit count, the conf
   * base and the member's secret stay. {@link #EVERYTHING}: that and the loyalty profile, the
   * visit count, the conf base field, and a tombstone so the next loyalty export does not bring
   * the member back (an admin, or the member system).
   */
  public enum Erase { VISIT, EVERYTHING }

  /**
   * Removes the traces of a shopper from Redis ({@link Erase} says which). This is the one place
   * that knows every key holding a shopper: a key added for a shopper must be added here too
   * (ErasureIT scans the whole keyspace to prove it). Idempotent. Returns how many of each were
   * removed.
   */
  public Future<Map<String, Long>> eraseShopper(String shopper, Erase scope) {
    Map<String, Long> removed = new LinkedHashMap<>();
    List<Request> first = new ArrayList<>(List.of(
        Request.cmd(Command.DEL).arg(Keys.face(shopper)),
        Request.cmd(Command.DEL).arg(Keys.consent(shopper)),
        Request.cmd(Command.DEL).arg(Keys.shopperKey(shopper)),
        Request.cmd(Command.HDEL).arg(Keys.PRESENCE).arg(shopper)));
    List<String> names = new ArrayList<>(List.of("faces", "consent", "phoneKey", "presence"));
    if (scope == Erase.EVERYTHING) {
      first.add(Request.cmd(Command.HDEL).arg(Keys.SHOPPERS).arg(shopper));
      first.add(Request.cmd(Command.HDEL).arg(Keys.VISITS).arg(shopper));
      names.addAll(List.of("profile", "visits"));
      // a tombstone (a one-way hash, not the id): the next conf import must not bring the profile back
      first.add(Request.cmd(Command.SADD).arg(Keys.ERASED).arg(Keys.erasedMark(shopper)));
      first.add(Request.cmd(Command.HDEL).arg(Keys.confBase(Keys.SHOPPERS)).arg(shopper));
    }
    return redis.batch(first)
        .compose(r -> {
          for (int i = 0; i < names.size(); i++) {
            removed.put(names.get(i), r.get(i).toLong());
          }
          return Scan.keys(redis, Keys.capsOf(shopper));
        })
        .compose(caps -> {
          removed.put("caps", (long) caps.size());
          return del(caps);
        })
        .compose(v -> loadScreenStates())
        .compose(states -> {
          List<String> showingThem = states.entrySet().stream()
              .filter(e -> shopper.equals(shopperOfPlay(e.getValue())))
              .map(Map.Entry::getKey).toList();
          removed.put("screenStates", (long) showingThem.size());
          return clearScreenStates(showingThem);
        })
        .compose(v -> eraseFromStream(Keys.PROOF_OF_PLAY, shopper))
        .compose(plays -> {
          removed.put("proofOfPlay", plays);
          return eraseFromStream(Keys.EVENTS, shopper);
        })
        .compose(events -> {
          removed.put("events", events);
          return eraseSightings(shopper);
        })
        .compose(sightings -> {
          removed.put("sightings", sightings);
          return eraseNoticesAndNow(shopper);
        })
        .map(n -> {
          removed.put("notices", n);
          return removed;
        });
  }

  /**
   * The sightings log: the shopper's recognised sightings and every sighting of the same camera
   * tracks (the same person just before or after being recognised). Two passes: find their
   * tracks, then delete.
   */
  private Future<Long> eraseSightings(String shopper) {
    java.util.Set<String> tracks = new java.util.HashSet<>();
    return scanStream(Keys.SIGHTINGS, "-", fields -> {
      if (shopper.equals(fields.get("shopper"))) {
        tracks.add(fields.get("device") + "|" + fields.get("track"));
      }
      return false;
    }, 0L).compose(none -> scanStream(Keys.SIGHTINGS, "-", fields -> shopper.equals(fields.get("shopper"))
        || tracks.contains(fields.get("device") + "|" + fields.get("track")), 0L));
  }

  /** Pages through a stream and XDELs the entries {@code theirs} selects; returns how many. */
  private Future<Long> scanStream(String stream, String start, java.util.function.Predicate<Map<String, String>> theirs,
      long sofar) {
    return redis.send(Request.cmd(Command.XRANGE).arg(stream).arg(start).arg("+").arg("COUNT").arg(STREAM_PAGE))
        .compose(page -> {
          List<String> ids = new ArrayList<>();
          String last = null;
          for (Response entry : page) {
            last = entry.get(0).toString();
            if (theirs.test(asMap(entry.get(1)))) {
              ids.add(last);
            }
          }
          Future<Void> deleted = Future.succeededFuture();
          if (!ids.isEmpty()) {
            Request xdel = Request.cmd(Command.XDEL).arg(stream);
            ids.forEach(xdel::arg);
            deleted = redis.send(xdel).mapEmpty();
          }
          long total = sofar + ids.size();
          if (page.size() < STREAM_PAGE) {
            return deleted.map(total);
          }
          String next = "(" + last;
          return deleted.compose(v -> scanStream(stream, next, theirs, total));
        });
  }

  /** Staff notices and the console's what-shows-now entries that name the shopper. */
  private Future<Long> eraseNoticesAndNow(String shopper) {
    return redis.batch(List.of(Request.cmd(Command.LRANGE).arg(Keys.NOTICES).arg(0).arg(-1),
            Request.cmd(Command.HGETALL).arg(Keys.SCREEN_NOW)))
        .compose(r -> {
          List<Request> batch = new ArrayList<>();
          long n = 0;
          for (Response notice : r.get(0)) {
            if (shopper.equals(textAt(notice.toString(), "shopper"))) {
              batch.add(Request.cmd(Command.LREM).arg(Keys.NOTICES).arg(0).arg(notice.toString()));
              n++;
            }
          }
          asMap(r.get(1)).forEach((screen, json) -> {
            if (shopper.equals(textAt(json, "shopper"))) {
              batch.add(Request.cmd(Command.HDEL).arg(Keys.SCREEN_NOW).arg(screen));
            }
          });
          long removed = n;
          return batch.isEmpty() ? Future.succeededFuture(removed) : redis.batch(batch).map(removed);
        });
  }

  private Future<Void> del(List<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.DEL);
    keys.forEach(r::arg);
    return redis.send(r).mapEmpty();
  }

  /**
   * XDELs a shopper's entries of a stream (proof of play, event log): those whose {@code shopper}
   * field, or whose {@code reason} JSON's shopper, is them.
   */
  private Future<Long> eraseFromStream(String stream, String shopper) {
    return scanStream(stream, "-", fields -> shopper.equals(fields.get("shopper"))
        || (fields.get("reason") != null && shopper.equals(textAt(fields.get("reason"), "shopper"))), 0L);
  }

  /** The shopper a stored screen state (director.StoredPlay JSON) plays for, or null. */
  private static String shopperOfPlay(String storedPlayJson) {
    return textAt(storedPlayJson, "command", "reason", "shopper");
  }

  /** The text at a path in a JSON document, or null (also for JSON that does not parse). */
  private static String textAt(String json, String... path) {
    try {
      com.fasterxml.jackson.databind.JsonNode n = Json.MAPPER.readTree(json);
      for (String p : path) {
        n = n.path(p);
      }
      return n.isTextual() ? n.asText() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  public Future<Void> addCounters(Map<String, Long> deltas) {
    if (deltas.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> batch = new ArrayList<>();
    deltas.forEach((k, v) -> batch.add(Request.cmd(Command.HINCRBY).arg(Keys.COUNTERS).arg(k).arg(v)));
    return redis.batch(batch).mapEmpty();
  }

  public Future<Map<String, String>> loadCounters() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.COUNTERS)).map(StoreRepository::asMap);
  }
}
