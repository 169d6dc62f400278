package org.vitrine.hub.director;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.rules.CapVerdict;
import org.vitrine.hub.rules.Rule;

/**
 * Frequency caps in Redis, checked and counted in one script so concurrent hubs never over-show:
 * per shopper ({@code vitrine:cap:<rule>:<shopper>}, PX = the window), the cool-down
 * ({@code vitrine:cap:cool:<rule>:<shopper>}, PX = cooldownSeconds) and per rule over everyone
 * ({@code vitrine:rulecap:<rule>}). A refused check counts nothing.
 */
public final class RedisCaps {

  private static final String SCRIPT = String.join("\n",
      "if tonumber(ARGV[3]) > 0 and redis.call('EXISTS', KEYS[2]) == 1 then return 'COOLDOWN' end",
      "if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[2]) then return 'CAPPED' end",
      "if tonumber(ARGV[5]) > 0 and tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[5]) then return 'RULE_CAP' end",
      "if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end",
      "if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) end",
      "if tonumber(ARGV[5]) > 0 and redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end",
      "return 'OK'");

  private final Redis redis;

  public RedisCaps(Redis redis) {
    this.redis = redis;
  }

  Future<CapVerdict> take(Rule r, String shopperKey) {
    Rule.Cap cap = r.capOrDefault();
    Rule.RuleCap ruleCap = r.ruleCap();
    return redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(3)
            .arg(Keys.cap(r.id(), shopperKey)).arg(Keys.cooldown(r.id(), shopperKey)).arg(Keys.ruleCap(r.id()))
            .arg(cap.perMinutes() * 60_000L).arg(cap.times()).arg(cap.cooldownOrZero() * 1000L)
            .arg(ruleCap == null ? 0 : ruleCap.perMinutes() * 60_000L).arg(ruleCap == null ? 0 : ruleCap.times()))
        .map(resp -> CapVerdict.valueOf(resp.toString()));
  }
}
