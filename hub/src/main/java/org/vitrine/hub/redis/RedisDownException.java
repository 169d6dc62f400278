package org.vitrine.hub.redis;

/** A command refused without trying, because Redis is down (the supervisor's reason). No stack: it is no bug. */
public final class RedisDownException extends RuntimeException {

  public RedisDownException(String reason) {
    super("Redis is down: " + reason, null, false, false);
  }
}
