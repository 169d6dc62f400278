package org.vitrine.hub.mqtt;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RejectionLog;

/**
 * Every MQTT session of every device, connected or not: which connection holds which session
 * (one per device and client id: a second connection takes it over), what a hub→device message
 * does to each (sent, queued, dropped), and what of it is written to the {@link SessionStore}.
 * The rules are MQTT's (5 §4.1, §4.4, §4.9; 3.1.1 §4.1); the bounds are {@link SessionBounds}.
 * Used on the gateway's event loop only.
 */
final class SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  /** A connected persistent session's TTL in the store runs this much past its expiry, refreshed as often. */
  static final long CONNECTED_TTL_SLACK_SECONDS = 3600;

  /** What CONNECT found: the session to use, whether it existed (Session Present), and the connection it takes over. */
  record Opened(SessionState session, boolean present, Connection previous) {
  }

  private final SessionStore store;
  private final SessionBounds bounds;
  private final Counters counters;
  private final RejectionLog rejections;
  private final Map<String, Map<String, SessionState>> byDevice = new HashMap<>();
  private final Map<SessionState, Connection> live = new IdentityHashMap<>();
  private final Map<SessionState, Long> refreshedAt = new IdentityHashMap<>();

  SessionRegistry(SessionStore store, SessionBounds bounds, Counters counters, RejectionLog rejections) {
    this.store = store;
    this.bounds = bounds;
    this.counters = counters;
    this.rejections = rejections;
  }

  SessionBounds bounds() {
    return bounds;
  }

  /** Reads the stored sessions back (at start); those of devices no longer in the store are ended. */
  Future<Integer> load(java.util.function.Predicate<String> deviceExists) {
    long now = System.currentTimeMillis();
    return store.loadAll().map(stored -> {
      int n = 0;
      for (SessionStore.Stored s : stored) {
        if (!deviceExists.test(s.device())) {
          store.delete(s.device(), s.clientId());
          continue;
        }
        SessionState state = new SessionState(s.device(), s.clientId(), s.expirySeconds(), bounds);
        s.subscriptions().forEach((f, sub) -> state.subscribe(f, sub.qos(), sub.identifier()));
        for (QueuedMessage m : s.queue()) {
          if (!state.restore(m)) {
            store.remove(state, m); // does not fit the bounds (lowered since it was queued)
          }
        }
        // it ends when its key would: the stored TTL counts from the last time the hub saw it
        long left = s.ttlMillis() > 0 ? Math.min(s.ttlMillis(), state.expirySeconds() * 1000) : state.expirySeconds() * 1000;
        state.detach(now - (state.expirySeconds() * 1000 - left));
        byDevice.computeIfAbsent(s.device(), d -> new LinkedHashMap<>()).put(s.clientId(), state);
        n++;
      }
      return n;
    });
  }

  /**
   * The session a CONNECT gets: the existing one unless the client starts clean or the existing
   * one ended with its connection (MQTT-3.1.2-4/5, 3.1.1 MQTT-3.1.2-6); a new one otherwise.
   */
  Opened open(String device, String clientId, boolean cleanStart, long expirySeconds) {
    Map<String, SessionState> ofDevice = byDevice.computeIfAbsent(device, d -> new LinkedHashMap<>());
    SessionState existing = ofDevice.get(clientId);
    Connection previous = existing == null ? null : live.get(existing);
    boolean resume = existing != null && !cleanStart && existing.persistent();
    SessionState session;
    if (resume) {
      session = existing;
    } else {
      if (existing != null && existing.persistent() || expirySeconds > 0) {
        store.delete(device, clientId); // an ended session's keys, or a queue left from one that expired
      }
      session = new SessionState(device, clientId, expirySeconds, bounds);
      ofDevice.put(clientId, session);
    }
    if (resume && session.expirySeconds(expirySeconds) == 0) {
      store.delete(device, clientId); // resumed, but it ends with this connection now
    }
    if (previous != null) {
      previous.takenOver = true;
      live.remove(existing);
      existing.detach(System.currentTimeMillis());
    }
    return new Opened(session, resume, previous);
  }

  /** The accepted connection holds its session now; a persistent one is (re)written, and what was queued goes out. */
  void attach(Connection c) {
    SessionState s = c.session;
    live.put(s, c);
    s.attach();
    if (s.persistent()) {
      save(s);
      evictBeyondBound(c.device);
    } else {
      refreshedAt.remove(s);
    }
    pump(s);
  }

  /** The connection closed: a session that ends with it is forgotten, a persistent one waits (and expires). */
  void detach(Connection c) {
    if (c.takenOver || live.get(c.session) != c) {
      return;
    }
    SessionState s = c.session;
    live.remove(s);
    s.detach(System.currentTimeMillis());
    refreshedAt.remove(s);
    if (s.persistent()) {
      store.save(s, s.expirySeconds());
    } else {
      remove(s);
    }
  }

  /** MQTT 5 DISCONNECT may change the expiry, unless it was 0 at CONNECT (MQTT-3.14.2-2). */
  boolean expiryOnDisconnect(Connection c, long seconds) {
    if (!c.session.persistent() && seconds > 0) {
      return false;
    }
    boolean was = c.session.persistent();
    c.session.expirySeconds(seconds);
    if (was && !c.session.persistent()) {
      store.delete(c.device, c.session.clientId());
    }
    return true;
  }

  private void remove(SessionState s) {
    Map<String, SessionState> ofDevice = byDevice.get(s.device());
    if (ofDevice != null && ofDevice.get(s.clientId()) == s) {
      ofDevice.remove(s.clientId());
      if (ofDevice.isEmpty()) {
        byDevice.remove(s.device());
      }
    }
  }

  /** More stored sessions than the bound: the device's longest-disconnected ones end. */
  private void evictBeyondBound(String device) {
    Map<String, SessionState> ofDevice = byDevice.get(device);
    List<SessionState> persistent = new ArrayList<>();
    ofDevice.values().stream().filter(SessionState::persistent).forEach(persistent::add);
    int over = persistent.size() - bounds.maxStoredSessionsPerDevice();
    if (over <= 0) {
      return;
    }
    persistent.stream().filter(s -> !s.connected()).sorted(Comparator.comparingLong(SessionState::detachedAt)).limit(over)
        .forEach(s -> {
          counters.increment("mqtt.sessions.evicted");
          LOG.info("device {} keeps more than {} MQTT sessions: the one of client id '{}' ends", device,
              bounds.maxStoredSessionsPerDevice(), org.vitrine.hub.ops.LogText.safe(s.clientId()));
          remove(s);
          store.delete(device, s.clientId());
        });
  }

  /** Subscriptions changed: a persistent session is written again. */
  void changed(SessionState s) {
    if (s.persistent()) {
      save(s);
    }
  }

  private void save(SessionState s) {
    refreshedAt.put(s, System.currentTimeMillis());
    store.save(s, s.expirySeconds() + CONNECTED_TTL_SLACK_SECONDS);
  }

  /**
   * A hub→device message to every session of the device whose subscriptions match: sent now at
   * QoS 0, queued at QoS 1 (also for a disconnected persistent session); returns how many
   * sessions got or will get it.
   */
  int deliver(String device, String topic, byte[] payload, int qos) {
    Map<String, SessionState> ofDevice = byDevice.get(device);
    if (ofDevice == null) {
      return 0;
    }
    int delivered = 0;
    long now = System.currentTimeMillis();
    for (SessionState s : List.copyOf(ofDevice.values())) {
      SessionState.Match m = s.match(topic);
      if (m == null) {
        continue;
      }
      Connection c = live.get(s);
      if (Math.min(m.qos(), qos) == 0) {
        if (c != null) {
          if (PubReplies.congested(c.endpoint)) {
            // a client that stopped reading: QoS 0 may be dropped, and must be, or its socket's
            // buffer grows without bound (and a stalled speaker would hold megabytes of audio)
            counters.increment("mqtt.deliveries.congested");
            rejections.warn(device, "mqtt-congested", "client id '" + s.clientId() + "' does not read what it is sent: a QoS 0 message on "
                + topic + " is dropped");
          } else if (c.publish(topic, payload, 0, 0, false, m.subscriptionIds())) {
            delivered++;
          } else {
            tooLarge(c, topic, payload.length);
          }
        }
        continue;
      }
      QueuedMessage q = s.offer(topic, payload, m.subscriptionIds(), now);
      if (q == null) {
        counters.increment("mqtt.deliveries.queue-full");
        rejections.warn(device, "mqtt-queue-full", "client id '" + s.clientId() + "' has " + bounds.maxQueued()
            + " messages or " + bounds.maxQueuedBytes() + " bytes unacknowledged: a message on " + topic + " is dropped");
        continue;
      }
      if (s.persistent()) {
        store.append(s, q, ttlSeconds(s, now));
      }
      delivered++;
      pump(s);
    }
    return delivered;
  }

  /** How long a session's keys live from now: past its expiry while connected, what is left of it when not. */
  private static long ttlSeconds(SessionState s, long now) {
    if (s.connected()) {
      return s.expirySeconds() + CONNECTED_TTL_SLACK_SECONDS;
    }
    return Math.max(1, (s.detachedAt() + s.expirySeconds() * 1000 - now + 999) / 1000);
  }

  /** The client acknowledged a QoS 1 message: forgotten, and the next may go. */
  void acknowledged(Connection c, int packetId) {
    if (live.get(c.session) != c) {
      return;
    }
    QueuedMessage m = c.session.acknowledged(packetId);
    if (m != null && c.session.persistent()) {
      store.remove(c.session, m);
    }
    pump(c.session);
  }

  /** Sends what the client's Receive Maximum lets go now (MQTT-3.3.4-9), oldest first. */
  void pump(SessionState s) {
    Connection c = live.get(s);
    if (c == null) {
      return;
    }
    long now = System.currentTimeMillis();
    QueuedMessage m;
    while ((m = s.nextToSend(c.connack.window(), now, expired -> gone(s, expired, "mqtt.deliveries.expired"))) != null) {
      boolean dup = s.sendingAgain(m);
      if (!c.publish(m.topic(), m.payload(), 1, m.packetId(), dup, m.subscriptionIds())) {
        s.drop(m);
        gone(s, m, null);
        tooLarge(c, m.topic(), m.payload().length);
      }
    }
  }

  private void gone(SessionState s, QueuedMessage m, String counter) {
    if (counter != null) {
      counters.increment(counter);
    }
    if (s.persistent()) {
      store.remove(s, m);
    }
  }

  private void tooLarge(Connection c, String topic, int bytes) {
    counters.increment("mqtt.deliveries.too-large");
    rejections.warn(c.device, "mqtt-delivery-too-large", "a message on " + topic + " (" + bytes
        + " bytes of payload) is larger than the client's Maximum Packet Size of " + c.connack.maxPacketSize() + ": dropped");
  }

  /**
   * Periodically: disconnected sessions past their expiry are forgotten (their keys expire in the
   * store by themselves); connected persistent ones have their TTL in the store renewed.
   */
  void sweep(long now) {
    for (Map<String, SessionState> ofDevice : List.copyOf(byDevice.values())) {
      for (SessionState s : List.copyOf(ofDevice.values())) {
        if (!s.connected() && s.expired(now)) {
          counters.increment("mqtt.sessions.expired");
          remove(s);
        } else if (s.connected() && s.persistent()
            && now - refreshedAt.getOrDefault(s, 0L) > CONNECTED_TTL_SLACK_SECONDS * 500) {
          save(s);
        }
      }
    }
  }

  /** Devices deleted from the store: their sessions end (their connections are closed by the gateway). */
  void forgetDevicesNotIn(java.util.function.Predicate<String> deviceExists) {
    List.copyOf(byDevice.keySet()).stream().filter(deviceExists.negate()).forEach(this::forgetDevice);
  }

  private void forgetDevice(String device) {
    Map<String, SessionState> ofDevice = byDevice.remove(device);
    if (ofDevice != null) {
      ofDevice.values().forEach(s -> {
        live.remove(s);
        refreshedAt.remove(s);
        if (s.persistent()) {
          store.delete(device, s.clientId());
        }
      });
    }
  }

  /** Completes when the store has every write made so far (at stop). */
  Future<Void> flush() {
    return store.flush();
  }

  /** Sessions kept now (connected or not), for tests and metrics. */
  int size() {
    return byDevice.values().stream().mapToInt(Map::size).sum();
  }
}
