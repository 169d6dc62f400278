package org.vitrine.hub.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.function.LongSupplier;
import org.vitrine.hub.ops.Backoff;
import org.vitrine.hub.ops.Sha256;

/**
 * Failures per key with a growing back-off ({@link Backoff}), counted in Redis so every hub
 * instance and a restart see the same count. Keys are hashed: the Redis key names no user, member
 * or address ({@code vitrine:fail:<scope>:<sha256>}, a hash {@code n}, {@code until}).
 */
public final class FailureGate {

  /** Records one failure; returns how long the key is now blocked (0 = not yet). */
  private static final String FAIL = String.join("\n",
      "local n = redis.call('HINCRBY', KEYS[1], 'n', 1)",
      "local block = 0",
      "if n >= tonumber(ARGV[2]) then",
      "  local d = n - tonumber(ARGV[2]) if d > 40 then d = 40 end",
      "  block = tonumber(ARGV[3]) * (2 ^ d)",
      "  if block > tonumber(ARGV[4]) then block = tonumber(ARGV[4]) end",
      "  redis.call('HSET', KEYS[1], 'until', tonumber(ARGV[1]) + block)",
      "end",
      "redis.call('PEXPIRE', KEYS[1], ARGV[5])",
      "return block");

  private final Redis redis;
  private final String scope;
  private final Backoff policy;
  private final LongSupplier clock;

  public FailureGate(Redis redis, String scope, Backoff policy, LongSupplier clock) {
    this.redis = redis;
    this.scope = scope;
    this.policy = policy;
    this.clock = clock;
  }

  public FailureGate(Redis redis, String scope, Backoff policy) {
    this(redis, scope, policy, System::currentTimeMillis);
  }

  private String key(String what) {
    return "vitrine:fail:" + scope + ":" + Sha256.hex(scope + "\n" + what);
  }

  /** Milliseconds {@code what} must still wait (0 = may try now). */
  public Future<Long> waitMillis(String what) {
    return redis.send(Request.cmd(Command.HGET).arg(key(what)).arg("until"))
        .map(r -> r == null ? 0L : Math.max(0L, Long.parseLong(r.toString()) - clock.getAsLong()));
  }

  /** Counts a failure; returns the block it starts (0 while failures are still free). */
  public Future<Long> failed(String what) {
    return redis.send(Request.cmd(Command.EVAL).arg(FAIL).arg(1).arg(key(what))
            .arg(clock.getAsLong()).arg(policy.free()).arg(policy.baseMillis()).arg(policy.maxMillis())
            .arg(policy.forgetAfterMillis()))
        .map(r -> r.toLong());
  }

  /** A success: the failures are forgotten. */
  public Future<Void> succeeded(String what) {
    return redis.send(Request.cmd(Command.DEL).arg(key(what))).mapEmpty();
  }
}
