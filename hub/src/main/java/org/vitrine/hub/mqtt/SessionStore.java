package org.vitrine.hub.mqtt;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where persistent MQTT sessions are kept so they survive a hub restart: their subscriptions and
 * their queued QoS 1 messages. Writes of one session are applied in the order they were made.
 */
interface SessionStore {

  /** A stored session as read back at start, with the time it has left. */
  record Stored(String device, String clientId, long expirySeconds, Map<String, SessionState.Subscription> subscriptions,
      List<QueuedMessage> queue, long ttlMillis) {
  }

  /** Every stored session (at start, before the endpoint listens). */
  Future<List<Stored>> loadAll();

  /** The session's record (client id, expiry, subscriptions); it and its queue live {@code ttlSeconds} more. */
  Future<Void> save(SessionState session, long ttlSeconds);

  /** A QoS 1 message queued for the session, at the end of its queue. */
  Future<Void> append(SessionState session, QueuedMessage message, long ttlSeconds);

  /** A message acknowledged, expired or given up. */
  Future<Void> remove(SessionState session, QueuedMessage message);

  /** The session ended (clean start, expiry 0, device deleted, evicted). */
  Future<Void> delete(String device, String clientId);

  /** Completes when every write made so far has been applied (at stop, before Redis closes). */
  Future<Void> flush();

  /** Nothing kept: sessions live as long as the hub process (tests of the gateway alone). */
  SessionStore NONE = new SessionStore() {
    @Override
    public Future<List<Stored>> loadAll() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> save(SessionState session, long ttlSeconds) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> append(SessionState session, QueuedMessage message, long ttlSeconds) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> remove(SessionState session, QueuedMessage message) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> delete(String device, String clientId) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> flush() {
      return Future.succeededFuture();
    }
  };
}
