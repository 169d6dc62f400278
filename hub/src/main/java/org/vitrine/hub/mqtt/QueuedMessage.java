package org.vitrine.hub.mqtt;

import java.util.List;

/**
 * A QoS 1 hub→device message of one session, from the moment it matched a subscription until the
 * client's PUBACK. Its packet identifier is chosen when it is queued and kept for every (re)send
 * (MQTT-4.4.0-1).
 *
 * @param subscriptionIds the Subscription Identifiers of the subscriptions it matched (MQTT 5)
 * @param restored read back from the store after a hub restart: it may have been sent before (DUP)
 */
record QueuedMessage(int packetId, String topic, byte[] payload, List<Integer> subscriptionIds, long enqueuedAt,
    boolean restored) {

  QueuedMessage {
    subscriptionIds = List.copyOf(subscriptionIds);
  }
}
