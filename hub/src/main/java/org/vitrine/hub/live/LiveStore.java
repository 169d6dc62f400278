package org.vitrine.hub.live;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.NoticeDone;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;

/**
 * What the console's live map starts from, in Redis: what each screen shows now
 * ({@code vitrine:screen-now}), the latest staff notices ({@code vitrine:notices}, a capped list)
 * and which of them someone dealt with ({@code vitrine:notices:done}).
 */
public final class LiveStore {

  /** Notices kept in the list. */
  static final int KEEP_NOTICES = 200;
  /** Notices the console is given. */
  private static final int SHOWN_NOTICES = 50;

  private final Redis redis;

  public LiveStore(Redis redis) {
    this.redis = redis;
  }

  /** A new notice at the head of the list, the list cut to {@link #KEEP_NOTICES}. */
  public Future<Void> addNotice(StaffNotice notice) {
    return Future.all(redis.send(Request.cmd(Command.LPUSH).arg(Keys.NOTICES).arg(Json.write(notice))),
        redis.send(Request.cmd(Command.LTRIM).arg(Keys.NOTICES).arg(0).arg(KEEP_NOTICES - 1))).mapEmpty();
  }

  /** The latest state of some screens, in one HSET. */
  public Future<Void> saveScreensNow(Map<String, ScreenNow> screens) {
    if (screens.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.HSET).arg(Keys.SCREEN_NOW);
    screens.forEach((screen, now) -> r.arg(screen).arg(Json.write(now)));
    return redis.send(r).mapEmpty();
  }

  /** screen id → ScreenNow JSON, as last written. */
  public Future<Map<String, String>> screensNow() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.SCREEN_NOW)).map(Responses::asMap);
  }

  /** The latest 50 notices, newest first, each as {@code {notice, done?: {by, at}}}. */
  public Future<List<Map<String, Object>>> notices() {
    return redis.batch(List.of(Request.cmd(Command.LRANGE).arg(Keys.NOTICES).arg(0).arg(SHOWN_NOTICES - 1),
        Request.cmd(Command.HGETALL).arg(Keys.NOTICES_DONE))).map(r -> {
          Map<String, Object> done = new HashMap<>();
          Response d = r.get(1);
          for (String id : d.getKeys()) {
            done.put(id, Json.read(d.get(id).toString(), Map.class));
          }
          List<Map<String, Object>> out = new ArrayList<>();
          for (Response n : r.get(0)) {
            StaffNotice notice = Json.read(n.toString(), StaffNotice.class);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("notice", notice);
            m.put("done", notice.id() == null ? null : done.get(notice.id()));
            out.add(m);
          }
          return out;
        });
  }

  /** Someone dealt with a notice; the marks of notices that left the list go too. */
  public Future<Void> markDone(NoticeDone d) {
    return redis.send(Request.cmd(Command.HSET).arg(Keys.NOTICES_DONE).arg(d.id()).arg(Json.write(Map.of("by", d.by(), "at", d.at()))))
        .compose(r -> forgetOldDone());
  }

  /**
   * The done marks of notices that left the capped list go, so the hash stays small; the lists
   * are read only once it holds more marks than the list can have notices for.
   */
  private Future<Void> forgetOldDone() {
    return redis.send(Request.cmd(Command.HLEN).arg(Keys.NOTICES_DONE)).compose(len -> len.toLong() <= 2 * KEEP_NOTICES
        ? Future.succeededFuture()
        : redis.batch(List.of(Request.cmd(Command.HKEYS).arg(Keys.NOTICES_DONE),
            Request.cmd(Command.LRANGE).arg(Keys.NOTICES).arg(0).arg(-1))).compose(r -> {
          Set<String> kept = new HashSet<>();
          for (Response n : r.get(1)) {
            kept.add(Json.read(n.toString(), StaffNotice.class).id());
          }
          Request del = Request.cmd(Command.HDEL).arg(Keys.NOTICES_DONE);
          int gone = 0;
          for (Response k : r.get(0)) {
            if (!kept.contains(k.toString())) {
              del.arg(k.toString());
              gone++;
            }
          }
          return gone == 0 ? Future.succeededFuture() : redis.send(del).mapEmpty();
        }));
  }
}
