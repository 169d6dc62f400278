package org.vitrine.hub.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * The hub's Redis client as every feature uses it: while the supervisor says Redis is DOWN, a
 * command fails at once ({@link RedisDownException}) instead of queueing behind a dead connection
 * pool; a command that fails to connect makes the supervisor check at once.
 */
public final class SupervisedRedis implements Redis {

  private final Redis delegate;
  private final RedisSupervisor supervisor;

  public SupervisedRedis(Redis delegate, RedisSupervisor supervisor) {
    this.delegate = delegate;
    this.supervisor = supervisor;
  }

  @Override
  public Future<RedisConnection> connect() {
    return delegate.connect();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public Future<Response> send(Request request) {
    if (supervisor.down()) {
      supervisor.refusedWhileDown();
      return Future.failedFuture(new RedisDownException(supervisor.reason()));
    }
    // registered first, so the supervisor hears of a lost connection before the caller logs it
    return delegate.send(request).onFailure(supervisor::suspect);
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    if (supervisor.down()) {
      supervisor.refusedWhileDown();
      return Future.failedFuture(new RedisDownException(supervisor.reason()));
    }
    return delegate.batch(requests).onFailure(supervisor::suspect);
  }
}
