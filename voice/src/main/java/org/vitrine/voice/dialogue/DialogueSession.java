package org.vitrine.voice.dialogue;

import java.util.ArrayList;
import java.util.List;
import org.vitrine.voice.intent.Intent;

/**
 * What one speaker remembers between utterances: what was just talked about ("these", "the red
 * ones", "and the hoodies"), a cafe order being put together, and a question the speaker asked and
 * waits to hear answered ("Two lattes, is that right?"). Confined to its speaker stream's thread;
 * forgotten after a pause (see VoiceConfig.sessionTimeout) so the next shopper starts fresh.
 */
public final class DialogueSession {

  /** What a yes would do. */
  public enum Awaiting {
    /** nothing asked */
    NOTHING,
    /** "…, is that right?": yes places the order lines */
    ORDER_CONFIRMATION,
    /** "Shall I call a member of staff?" */
    STAFF_CONFIRMATION,
    /** "Which size …?" for a drink named without a size it has */
    DRINK_SIZE
  }

  List<String> lastProducts = List.of();
  String lastCategory;
  Intent lastIntent;
  /** Order lines not yet confirmed: nothing is sent before a yes. */
  final List<OrderLine> orderLines = new ArrayList<>();
  /** A drink named without a size it comes in: the next "medium" completes it. */
  String pendingDrink;
  int pendingQuantity = 1;
  Awaiting awaiting = Awaiting.NOTHING;
  /** How often the open question was asked again without an answer. */
  int reasked;
  long lastActivity;
  int orders;

  public boolean orderOpen() {
    return !orderLines.isEmpty() || pendingDrink != null;
  }

  public Awaiting awaiting() {
    return awaiting;
  }

  public List<String> lastProducts() {
    return lastProducts;
  }

  public List<OrderLine> orderLines() {
    return List.copyOf(orderLines);
  }

  /**
   * Sets up an unconfirmed order waiting for its yes, as if the speaker had just asked (benchmarks and
   * tests of the turn that answers it).
   */
  public void proposeOrder(List<OrderLine> lines) {
    clear();
    orderLines.addAll(lines);
    awaiting = Awaiting.ORDER_CONFIRMATION;
  }

  public void expireIfIdle(long now, long timeoutMillis) {
    if (lastActivity != 0 && now - lastActivity > timeoutMillis) {
      clear();
    }
    lastActivity = now;
  }

  public void clear() {
    lastProducts = List.of();
    lastCategory = null;
    lastIntent = null;
    clearOrder();
  }

  void clearOrder() {
    orderLines.clear();
    pendingDrink = null;
    pendingQuantity = 1;
    awaiting = Awaiting.NOTHING;
    reasked = 0;
  }
}
