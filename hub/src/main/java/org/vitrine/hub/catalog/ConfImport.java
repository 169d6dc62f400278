package org.vitrine.hub.catalog;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.StoreConfig;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;

/**
 * conf/*.yaml into Redis, when the files changed since the last import, as a three-way merge with
 * what the store has now ({@link ConfMerge}). Owns {@code vitrine:meta}'s confHash, confBaseSalt,
 * importedAt, schema, store and zoneOrder, the {@code vitrine:conf-base:<kind>} hashes, and the
 * catalog hashes and visit seeds it writes; reads the erasure tombstones ({@code vitrine:erased}).
 */
public final class ConfImport {

  private static final Logger LOG = LoggerFactory.getLogger(ConfImport.class);

  private final Redis redis;
  private final CatalogStore catalog;

  public ConfImport(Redis redis, CatalogStore catalog) {
    this.redis = redis;
    this.catalog = catalog;
  }

  /**
   * Imports the conf when its files changed since the last import: conf entities new or changed
   * since the last import are written, those removed from conf are removed unless still in use,
   * console edits of the rest are kept. Dynamic state (presence, visits, caps, screen state,
   * streams) is left alone. Returns true if it imported.
   */
  public Future<Boolean> run(StoreConfig conf) {
    List<Request> reads = new ArrayList<>();
    reads.add(Request.cmd(Command.HMGET).arg(Keys.META).arg("confHash").arg("confBaseSalt"));
    reads.add(Request.cmd(Command.SMEMBERS).arg(Keys.ERASED));
    ConfMerge.KINDS.forEach(k -> reads.add(Request.cmd(Command.HGETALL).arg(Keys.confBase(k))));
    return redis.batch(reads).compose(r -> {
      Response current = r.get(0).get(0);
      String salt = r.get(0).get(1) == null ? newSalt() : r.get(0).get(1).toString();
      Set<String> erased = new HashSet<>();
      r.get(1).forEach(m -> erased.add(m.toString()));
      // members who asked to be forgotten do not come back with the next loyalty export
      List<ShopperProfile> shoppers = conf.shoppers().stream().filter(s -> !erased.contains(Keys.erasedMark(s.id()))).toList();
      Map<String, Map<String, String>> oldBase = new LinkedHashMap<>();
      for (int i = 0; i < ConfMerge.KINDS.size(); i++) {
        oldBase.put(ConfMerge.KINDS.get(i), Responses.asMap(r.get(2 + i)));
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
      return catalog.load().compose(live -> writeImport(conf, shoppers, ConfMerge.plan(conf, shoppers, oldBase, live, salt), salt));
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
}
