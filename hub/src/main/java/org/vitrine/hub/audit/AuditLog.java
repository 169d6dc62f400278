package org.vitrine.hub.audit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.redis.Keys;

/**
 * Who changed what, when and from where: one entry per change, login, logout, pairing and
 * erasure, in the Redis stream {@code vitrine:audit} (capped at {@value #KEEP} entries, years of a
 * store's console work). Entries hold user names and addresses, never bodies (they may carry
 * passwords), and shopper ids in paths only as the pseudonym of their erasure tombstone.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  static final int KEEP = 100_000;

  /** One audited act: {@code action} is what was done ("PUT /api/screens/apparel-1", "login"), {@code outcome} how it ended. */
  public record Entry(long at, String user, String role, String from, String action, String outcome) {
  }

  private final Redis redis;

  public AuditLog(Redis redis) {
    this.redis = redis;
  }

  /** Appends; a failure is logged, never passed on (the act itself already happened). */
  public Future<Void> record(Entry e) {
    Request r = Request.cmd(Command.XADD).arg(Keys.AUDIT).arg("MAXLEN").arg("~").arg(KEEP).arg("*")
        .arg("at").arg(e.at()).arg("user").arg(nz(e.user())).arg("role").arg(nz(e.role())).arg("from").arg(nz(e.from()))
        .arg("action").arg(nz(e.action())).arg("outcome").arg(nz(e.outcome()));
    return redis.send(r).<Void>mapEmpty().onFailure(x -> LOG.warn("audit entry not stored ({}): {} {} {}", x.toString(),
        org.vitrine.hub.ops.LogText.safe(e.user()), org.vitrine.hub.ops.LogText.safe(e.action()), e.outcome()));
  }

  /** The newest entries first, {@code limit} of them, older than the entry id {@code before} (null = from the newest). */
  public Future<List<Map<String, Object>>> read(String before, int limit) {
    String end = before == null ? "+" : "(" + before;
    return redis.send(Request.cmd(Command.XREVRANGE).arg(Keys.AUDIT).arg(end).arg("-").arg("COUNT").arg(limit)).map(r -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Response entry : r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", entry.get(0).toString());
        Response f = entry.get(1);
        for (int i = 0; i + 1 < f.size(); i += 2) {
          String k = f.get(i).toString();
          String v = f.get(i + 1).toString();
          m.put(k, k.equals("at") ? (Object) Long.parseLong(v) : v.isEmpty() ? null : v);
        }
        out.add(m);
      }
      return out;
    });
  }

  private static String nz(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) : s;
  }
}
