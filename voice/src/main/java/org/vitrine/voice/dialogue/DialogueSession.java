package org.vitrine.voice.dialogue;

import java.util.ArrayList;
import java.util.List;

/**
 * What one speaker remembers between utterances: the products just talked about ("these"), and an
 * open cafe order. Confined to its speaker stream's thread; forgotten after a pause (see
 * VoiceConfig.sessionTimeout) so the next shopper starts fresh.
 */
public final class DialogueSession {

  List<String> lastProducts = List.of();
  final List<OrderLine> orderLines = new ArrayList<>();
  /** A drink named without a size: the next "large" completes it. */
  String pendingDrink;
  int pendingQuantity = 1;
  long lastActivity;
  int orders;

  public boolean orderOpen() {
    return !orderLines.isEmpty() || pendingDrink != null;
  }

  public List<String> lastProducts() {
    return lastProducts;
  }

  public List<OrderLine> orderLines() {
    return List.copyOf(orderLines);
  }

  public void expireIfIdle(long now, long timeoutMillis) {
    if (lastActivity != 0 && now - lastActivity > timeoutMillis) {
      clear();
    }
    lastActivity = now;
  }

  public void clear() {
    lastProducts = List.of();
    clearOrder();
  }

  void clearOrder() {
    orderLines.clear();
    pendingDrink = null;
    pendingQuantity = 1;
  }
}
