package org.vitrine.hub.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The state of one MQTT session (MQTT 5 §4.1, 3.1.1 §4.1), without any I/O: its subscriptions,
 * the QoS 2 packet identifiers received and not released yet, and the QoS 1 messages for the
 * client not acknowledged yet, in order, bounded by {@link SessionBounds}. One per device and
 * client id; the gateway attaches it to the connection that holds it now. Not thread-safe: used
 * on the gateway's event loop only.
 */
final class SessionState {

  /** A subscription's granted QoS and its Subscription Identifier (0 = none). */
  record Subscription(int qos, int identifier) {
  }

  /** What a topic matches in this session: the highest granted QoS and every identifier to return. */
  record Match(int qos, List<Integer> subscriptionIds) {
  }

  private final String device;
  private final String clientId;
  private final SessionBounds bounds;
  /** Seconds the session outlives its connection; 0 = it ends with it. */
  private long expirySeconds;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Set<Integer> qos2Received = new HashSet<>();
  /** QoS 2 publishes received but not yet kept: a re-send, on any connection of the session, waits for the same outcome. */
  private final java.util.Map<Integer, io.vertx.core.Future<?>> qos2Keeping = new java.util.HashMap<>();
  /** Unacknowledged QoS 1 messages by packet id, oldest first. */
  private final LinkedHashMap<Integer, QueuedMessage> queue = new LinkedHashMap<>();
  private final Set<Integer> inFlight = new HashSet<>();
  private final Set<Integer> attempted = new HashSet<>();
  private long queuedBytes;
  private int lastPacketId;
  private boolean connected;
  private long detachedAt;

  SessionState(String device, String clientId, long expirySeconds, SessionBounds bounds) {
    this.device = device;
    this.clientId = clientId;
    this.bounds = bounds;
    this.expirySeconds = Math.min(Math.max(0, expirySeconds), bounds.maxExpirySeconds());
  }

  String device() {
    return device;
  }

  String clientId() {
    return clientId;
  }

  long expirySeconds() {
    return expirySeconds;
  }

  /** A session that outlives its connection (clean session off, or a Session Expiry Interval). */
  boolean persistent() {
    return expirySeconds > 0;
  }

  /** Sets the expiry (capped); returns what it is now. */
  long expirySeconds(long seconds) {
    expirySeconds = Math.min(Math.max(0, seconds), bounds.maxExpirySeconds());
    return expirySeconds;
  }

  // ---- connection ----

  boolean connected() {
    return connected;
  }

  /** A connection holds the session now: what was in flight is sent again (with DUP). */
  void attach() {
    connected = true;
    inFlight.clear();
  }

  void detach(long now) {
    connected = false;
    detachedAt = now;
    inFlight.clear();
  }

  long detachedAt() {
    return detachedAt;
  }

  /** A disconnected session past its expiry: the hub forgets it. */
  boolean expired(long now) {
    return !connected && now - detachedAt >= expirySeconds * 1000L;
  }

  // ---- subscriptions ----

  Map<String, Subscription> subscriptions() {
    return java.util.Collections.unmodifiableMap(subscriptions);
  }

  /** False when the filter is new and the session has its maximum of filters already. */
  boolean subscribe(String filter, int qos, int identifier) {
    if (!subscriptions.containsKey(filter) && subscriptions.size() >= bounds.maxSubscriptions()) {
      return false;
    }
    subscriptions.put(filter, new Subscription(qos, identifier));
    return true;
  }

  /** True when such a subscription existed. */
  boolean unsubscribe(String filter) {
    return subscriptions.remove(filter) != null;
  }

  /** Null when no subscription matches the topic. */
  Match match(String topic) {
    int qos = -1;
    List<Integer> ids = new ArrayList<>(1);
    for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
      if (Topics.matches(e.getKey(), topic)) {
        qos = Math.max(qos, e.getValue().qos());
        if (e.getValue().identifier() > 0) {
          ids.add(e.getValue().identifier());
        }
      }
    }
    return qos < 0 ? null : new Match(qos, ids);
  }

  // ---- QoS 2 from the client (MQTT-4.3.3) ----

  /** True when a PUBLISH with this packet id was received and its PUBREL is still awaited. */
  boolean qos2Pending(int packetId) {
    return qos2Received.contains(packetId);
  }

  void qos2Received(int packetId) {
    qos2Received.add(packetId);
  }

  /** PUBREL: true when the packet id was pending (now free again). */
  /** The QoS 2 publish with this id is being kept; {@code kept} completes when it is (or fails when it cannot be). */
  void qos2Keeping(int packetId, io.vertx.core.Future<?> kept) {
    if (kept.isComplete()) {
      return;
    }
    qos2Keeping.put(packetId, kept);
    kept.onComplete(ar -> qos2Keeping.remove(packetId, kept));
  }

  /** The keeping of a QoS 2 publish still under way, or null (kept already, or never seen). */
  io.vertx.core.Future<?> qos2BeingKept(int packetId) {
    return qos2Keeping.get(packetId);
  }

  boolean qos2Released(int packetId) {
    return qos2Received.remove(packetId);
  }

  int qos2PendingCount() {
    return qos2Received.size();
  }

  // ---- QoS 1 to the client ----

  /**
   * Queues a message for the client with a fresh packet id; null when the session holds its
   * maximum (count or bytes) already: the message is dropped.
   */
  QueuedMessage offer(String topic, byte[] payload, List<Integer> subscriptionIds, long now) {
    if (queue.size() >= bounds.maxQueued() || queuedBytes + payload.length > bounds.maxQueuedBytes()) {
      return null;
    }
    int id = nextPacketId();
    QueuedMessage m = new QueuedMessage(id, topic, payload, subscriptionIds, now, false);
    put(m);
    return m;
  }

  /** A message read back from the store (after a restart); false when it does not fit. */
  boolean restore(QueuedMessage m) {
    if (queue.containsKey(m.packetId()) || queue.size() >= bounds.maxQueued()
        || queuedBytes + m.payload().length > bounds.maxQueuedBytes()) {
      return false;
    }
    put(m);
    lastPacketId = m.packetId();
    return true;
  }

  private void put(QueuedMessage m) {
    queue.put(m.packetId(), m);
    queuedBytes += m.payload().length;
  }

  private int nextPacketId() {
    for (int i = 0; i < 65535; i++) {
      lastPacketId = lastPacketId % 65535 + 1;
      if (!queue.containsKey(lastPacketId)) {
        return lastPacketId;
      }
    }
    throw new IllegalStateException("no free packet identifier"); // cannot happen: maxQueued < 65535
  }

  /**
   * The next message to put on the wire while fewer than {@code window} are in flight, marked in
   * flight; null when none may go now. Messages older than the age bound go to {@code expired}
   * instead (and are forgotten).
   */
  QueuedMessage nextToSend(int window, long now, Consumer<QueuedMessage> expired) {
    if (!connected || inFlight.size() >= window) {
      return null;
    }
    for (Iterator<QueuedMessage> it = queue.values().iterator(); it.hasNext();) {
      QueuedMessage m = it.next();
      if (inFlight.contains(m.packetId())) {
        continue;
      }
      if (now - m.enqueuedAt() > bounds.maxAgeMillis()) {
        it.remove();
        forget(m);
        expired.accept(m);
        continue;
      }
      inFlight.add(m.packetId());
      return m;
    }
    return null;
  }

  /** Whether this send is a re-delivery attempt (DUP): sent before, or restored after a restart. */
  boolean sendingAgain(QueuedMessage m) {
    return !attempted.add(m.packetId()) || m.restored();
  }

  /** PUBACK: the message it acknowledges, now forgotten; null for an id not in flight. */
  QueuedMessage acknowledged(int packetId) {
    if (!inFlight.remove(packetId)) {
      return null;
    }
    QueuedMessage m = queue.remove(packetId);
    if (m != null) {
      forget(m);
    }
    return m;
  }

  /** A message given up (too large for the client): forgotten as if acknowledged. */
  void drop(QueuedMessage m) {
    inFlight.remove(m.packetId());
    if (queue.remove(m.packetId()) != null) {
      forget(m);
    }
  }

  private void forget(QueuedMessage m) {
    queuedBytes -= m.payload().length;
    attempted.remove(m.packetId());
  }

  List<QueuedMessage> queued() {
    return List.copyOf(queue.values());
  }

  int inFlightCount() {
    return inFlight.size();
  }
}
