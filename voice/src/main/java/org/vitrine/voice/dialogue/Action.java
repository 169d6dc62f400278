package org.vitrine.voice.dialogue;

import java.util.List;

/**
 * What the store should do besides speaking the reply; the hub turns these into screen commands,
 * order-board updates and staff notifications.
 */
public sealed interface Action {

  /** Show these products on the screens of a zone (the speaker's zone: the screen nearest to it). */
  record ShowProducts(String zone, List<String> products, String title) implements Action {
  }

  /** Show the way from the speaker's zone to another zone. */
  record ShowDirections(String fromZone, String toZone, List<String> products) implements Action {
  }

  /** A confirmed order for the order board. */
  record PlaceOrder(Order order) implements Action {
  }

  /** A shopper asked for staff at this zone. */
  record CallAssistant(String zone, String siteId) implements Action {
  }
}
