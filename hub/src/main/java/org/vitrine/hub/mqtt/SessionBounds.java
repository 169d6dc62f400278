package org.vitrine.hub.mqtt;

/**
 * What the hub keeps per MQTT session, at most (docs/contracts/mqtt-sessions.md): a device cannot
 * make the hub hold more than this, whatever it asks for.
 *
 * @param maxExpirySeconds a session outlives its connection at most this long (MQTT 5 Session
 *     Expiry Interval is capped to it and the client told; 3.1.1 clean-session-off sessions get it)
 * @param maxQueued QoS 1 hub→device messages kept per session, in flight and waiting (more are dropped and counted)
 * @param maxQueuedBytes their payloads together
 * @param maxAgeMillis a queued message older than this is dropped, not sent
 * @param maxSubscriptions topic filters per session (more: SUBACK quota exceeded)
 * @param maxStoredSessionsPerDevice sessions one device may keep (connected or not); a new one
 *     beyond it ends the device's longest-disconnected session
 * @param inflightV3 QoS 1 messages in flight to a 3.1.1 client (it has no Receive Maximum; as Mosquitto's max_inflight_messages)
 * @param receiveMaximum QoS 1 and 2 publishes a client may have unacknowledged at the hub (told in the MQTT 5 CONNACK)
 */
record SessionBounds(long maxExpirySeconds, int maxQueued, long maxQueuedBytes, long maxAgeMillis,
    int maxSubscriptions, int maxStoredSessionsPerDevice, int inflightV3, int receiveMaximum) {

  static final SessionBounds DEFAULT = new SessionBounds(7 * 24 * 3600, 1000, 1024 * 1024, 3_600_000, 64, 16, 20, 1024);
}
