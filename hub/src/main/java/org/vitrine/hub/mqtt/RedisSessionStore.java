package org.vitrine.hub.mqtt;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RejectionLog;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Scan;

/**
 * Persistent MQTT sessions in Redis ({@link Keys#mqttSession}, {@link Keys#mqttQueue}): one JSON
 * string per session, one list per session's queue, both with the session's expiry as TTL. The
 * writes of one session are chained, so they reach Redis in the order they were made even over a
 * pool of connections. A failed write is counted ({@code mqtt.sessions.store-failures}) and told
 * once a minute; the session goes on in memory.
 */
final class RedisSessionStore implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

  /** The stored form of a session (no queue). */
  record StoredSession(String device, String clientId, long expiry, List<StoredSubscription> subscriptions) {
  }

  record StoredSubscription(String filter, int qos, int id) {
  }

  /** The stored form of a queued message (payload in base64). */
  record StoredMessage(int pid, String topic, String payload, List<Integer> ids, long at) {
  }

  private final Redis redis;
  private final Counters counters;
  private final RejectionLog failures = new RejectionLog(LOG);
  private final Map<String, Future<Void>> tails = new ConcurrentHashMap<>();

  RedisSessionStore(Redis redis, Counters counters) {
    this.redis = redis;
    this.counters = counters;
  }

  @Override
  public Future<List<Stored>> loadAll() {
    return Scan.keys(redis, Keys.MQTT_SESSION_PATTERN).compose(keys -> {
      List<Future<Stored>> reads = new ArrayList<>();
      for (String key : keys) {
        reads.add(redis.batch(List.of(Request.cmd(Command.GET).arg(key), Request.cmd(Command.PTTL).arg(key),
            Request.cmd(Command.LRANGE).arg(Keys.mqttQueueOf(key)).arg(0).arg(-1))).map(r -> parse(key, r))
            .otherwise(e -> {
              LOG.warn("MQTT session {} in Redis is unreadable, skipped: {}", key, e.toString());
              return null;
            }));
      }
      return Future.all(reads).map(all -> {
        List<Stored> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          if (all.resultAt(i) != null) {
            out.add(all.resultAt(i));
          }
        }
        return out;
      });
    });
  }

  private static Stored parse(String key, List<Response> r) {
    if (r.get(0) == null) {
      return null; // expired between SCAN and GET
    }
    StoredSession s = Json.read(r.get(0).toString(), StoredSession.class);
    Map<String, SessionState.Subscription> subs = new LinkedHashMap<>();
    for (StoredSubscription sub : s.subscriptions()) {
      subs.put(sub.filter(), new SessionState.Subscription(sub.qos(), sub.id()));
    }
    List<QueuedMessage> queue = new ArrayList<>();
    if (r.get(2) != null) {
      for (Response item : r.get(2)) {
        StoredMessage m = Json.read(item.toString(), StoredMessage.class);
        queue.add(new QueuedMessage(m.pid(), m.topic(), Base64.getDecoder().decode(m.payload()),
            m.ids() == null ? List.of() : m.ids(), m.at(), true));
      }
    }
    long ttl = r.get(1) == null ? -1 : r.get(1).toLong();
    return new Stored(s.device(), s.clientId(), s.expiry(), subs, queue, ttl);
  }

  @Override
  public Future<Void> save(SessionState session, long ttlSeconds) {
    List<StoredSubscription> subs = new ArrayList<>();
    session.subscriptions().forEach((f, s) -> subs.add(new StoredSubscription(f, s.qos(), s.identifier())));
    String json = Json.write(new StoredSession(session.device(), session.clientId(), session.expirySeconds(), subs));
    String key = Keys.mqttSession(session.device(), session.clientId());
    long ttl = Math.max(1, ttlSeconds);
    return chain(key, () -> redis.batch(List.of(Request.cmd(Command.SET).arg(key).arg(json).arg("EX").arg(ttl),
        Request.cmd(Command.EXPIRE).arg(Keys.mqttQueueOf(key)).arg(ttl))));
  }

  @Override
  public Future<Void> append(SessionState session, QueuedMessage message, long ttlSeconds) {
    String key = Keys.mqttSession(session.device(), session.clientId());
    String queue = Keys.mqttQueueOf(key);
    String json = json(message);
    long ttl = Math.max(1, ttlSeconds);
    return chain(key, () -> redis.batch(List.of(Request.cmd(Command.RPUSH).arg(queue).arg(json),
        Request.cmd(Command.EXPIRE).arg(queue).arg(ttl))));
  }

  @Override
  public Future<Void> remove(SessionState session, QueuedMessage message) {
    String key = Keys.mqttSession(session.device(), session.clientId());
    String json = json(message);
    return chain(key, () -> redis.send(Request.cmd(Command.LREM).arg(Keys.mqttQueueOf(key)).arg(1).arg(json)));
  }

  @Override
  public Future<Void> delete(String device, String clientId) {
    String key = Keys.mqttSession(device, clientId);
    return chain(key, () -> redis.send(Request.cmd(Command.DEL).arg(key).arg(Keys.mqttQueueOf(key))));
  }

  @Override
  public Future<Void> flush() {
    return Future.join(List.copyOf(tails.values())).mapEmpty();
  }

  /** The same JSON for the same message every time (LREM removes by value). */
  private static String json(QueuedMessage m) {
    return Json.write(new StoredMessage(m.packetId(), m.topic(), Base64.getEncoder().encodeToString(m.payload()),
        m.subscriptionIds(), m.enqueuedAt()));
  }

  /** Runs the write after the session's previous one; a failure is counted and told, never thrown. */
  private Future<Void> chain(String key, Supplier<Future<?>> write) {
    Future<Void> previous = tails.getOrDefault(key, Future.succeededFuture());
    Future<Void> next = previous.transform(ignored -> write.get().<Void>mapEmpty()).recover(e -> {
      counters.increment("mqtt.sessions.store-failures");
      failures.warn("redis", "mqtt-session-store", "an MQTT session write failed (the session goes on in memory): " + e);
      return Future.succeededFuture();
    });
    tails.put(key, next);
    next.onComplete(ignored -> tails.remove(key, next));
    return next;
  }
}
