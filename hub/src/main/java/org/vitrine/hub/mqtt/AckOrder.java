package org.vitrine.hub.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The QoS 1 and 2 publishes of one connection that wait for their PUBACK or PUBREC. A publish is
 * answered only once what it carried is kept (or refused), and answers go out in the order the
 * publishes came (MQTT-4.6.0-2, -3): a later publish kept first waits for the earlier ones.
 * Used on the gateway's event loop only.
 */
final class AckOrder {

  /** One publish waiting: its packet id and QoS, and once decided, how it is answered. */
  static final class Waiting {
    final int packetId;
    final int qos;
    private boolean decided;
    /** Null: kept (success); otherwise the refusal code ({@code payload-too-large}, {@code not-kept}, …). */
    private String refusal;

    private Waiting(int packetId, int qos) {
      this.packetId = packetId;
      this.qos = qos;
    }

    String refusal() {
      return refusal;
    }
  }

  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private int qos1;

  /** A publish arrived: it is answered after every earlier one. */
  Waiting arrived(int packetId, int qos) {
    Waiting w = new Waiting(packetId, qos);
    waiting.addLast(w);
    if (qos == 1) {
      qos1++;
    }
    return w;
  }

  /** What it carried is kept ({@code refusal} null) or refused with that code. */
  void decided(Waiting w, String refusal) {
    w.decided = true;
    w.refusal = refusal;
  }

  /** The publishes that can be answered now, in arrival order; they leave the queue. */
  List<Waiting> answerable() {
    List<Waiting> out = new ArrayList<>();
    while (!waiting.isEmpty() && waiting.peekFirst().decided) {
      Waiting w = waiting.pollFirst();
      if (w.qos == 1) {
        qos1--;
      }
      out.add(w);
    }
    return out;
  }

  /** How many publishes wait. */
  int size() {
    return waiting.size();
  }

  /** QoS 1 publishes without their PUBACK yet: with the QoS 2 ones before PUBCOMP, what counts against our Receive Maximum. */
  int qos1Waiting() {
    return qos1;
  }
}
