package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session core without I/O: its bounds, packet ids, the in-flight window and QoS 2 receipts. */
class SessionStateTest {

  private static final SessionBounds SMALL = new SessionBounds(3600, 3, 100, 1000, 2, 4, 20, 10);
  private static final String T = "vitrine/v1/devices/cam-1/commands";

  private static SessionState connected() {
    SessionState s = new SessionState("cam-1", "c", 60, SMALL);
    s.subscribe("vitrine/v1/devices/cam-1/#", 1, 7);
    s.attach();
    return s;
  }

  @Test
  void matchesReturnTheHighestQosAndEveryIdentifier() {
    SessionState s = new SessionState("cam-1", "c", 0, SessionBounds.DEFAULT);
    s.subscribe("vitrine/v1/devices/cam-1/#", 1, 7);
    s.subscribe(T, 0, 0);
    s.subscribe("vitrine/v1/devices/cam-1/+", 1, 9);
    SessionState.Match m = s.match(T);
    assertThat(m.qos()).isEqualTo(1);
    assertThat(m.subscriptionIds()).containsExactlyInAnyOrder(7, 9);
    assertThat(s.match("vitrine/v1/devices/cam-2/commands")).isNull();
  }

  @Test
  void subscriptionsAreBounded() {
    SessionState s = connected();
    assertThat(s.subscribe("a", 1, 0)).isTrue();
    assertThat(s.subscribe("b", 1, 0)).isFalse();
    assertThat(s.subscribe("a", 0, 0)).as("replacing one is no new one").isTrue();
    assertThat(s.unsubscribe("a")).isTrue();
    assertThat(s.unsubscribe("a")).isFalse();
  }

  @Test
  void theWindowLimitsWhatIsInFlightAndAnAckLetsTheNextGo() {
    SessionState s = connected();
    QueuedMessage a = s.offer(T, new byte[1], List.of(), 0);
    QueuedMessage b = s.offer(T, new byte[1], List.of(), 0);
    assertThat(s.nextToSend(1, 0, m -> { })).isEqualTo(a);
    assertThat(s.nextToSend(1, 0, m -> { })).isNull();
    assertThat(s.acknowledged(b.packetId())).as("not in flight").isNull();
    assertThat(s.acknowledged(a.packetId())).isEqualTo(a);
    assertThat(s.nextToSend(1, 0, m -> { })).isEqualTo(b);
    assertThat(a.packetId()).isNotEqualTo(b.packetId());
  }

  @Test
  void theQueueIsBoundedByCountBytesAndAge() {
    SessionState s = connected();
    assertThat(s.offer(T, new byte[60], List.of(), 0)).isNotNull();
    assertThat(s.offer(T, new byte[60], List.of(), 0)).as("over the bytes").isNull();
    assertThat(s.offer(T, new byte[10], List.of(), 0)).isNotNull();
    assertThat(s.offer(T, new byte[10], List.of(), 500)).isNotNull();
    assertThat(s.offer(T, new byte[1], List.of(), 0)).as("over the count").isNull();
    List<QueuedMessage> expired = new ArrayList<>();
    QueuedMessage next = s.nextToSend(10, 1500, expired::add);
    assertThat(expired).hasSize(2);
    assertThat(next.enqueuedAt()).isEqualTo(500);
  }

  @Test
  void whatWasInFlightGoesAgainWithDupAfterAReconnect() {
    SessionState s = connected();
    QueuedMessage a = s.offer(T, new byte[1], List.of(), 0);
    assertThat(s.sendingAgain(s.nextToSend(5, 0, m -> { }))).isFalse();
    s.detach(10);
    assertThat(s.nextToSend(5, 0, m -> { })).as("nothing goes while disconnected").isNull();
    s.attach();
    QueuedMessage again = s.nextToSend(5, 0, m -> { });
    assertThat(again.packetId()).isEqualTo(a.packetId());
    assertThat(s.sendingAgain(again)).isTrue();
  }

  @Test
  void qos2PacketIdsAreHeldUntilPubrel() {
    SessionState s = connected();
    assertThat(s.qos2Pending(5)).isFalse();
    s.qos2Received(5);
    assertThat(s.qos2Pending(5)).isTrue();
    assertThat(s.qos2Released(5)).isTrue();
    assertThat(s.qos2Released(5)).isFalse();
    assertThat(s.qos2Pending(5)).isFalse();
  }

  @Test
  void expiryIsCappedAndCountsFromTheDisconnect() {
    SessionState s = new SessionState("cam-1", "c", Long.MAX_VALUE, SMALL);
    assertThat(s.expirySeconds()).isEqualTo(3600);
    s.attach();
    s.detach(1000);
    assertThat(s.expired(1000 + 3_599_000)).isFalse();
    assertThat(s.expired(1000 + 3_600_000)).isTrue();
  }

  @Test
  void publishSizeCountsEveryByteOnTheWire() {
    // fixed header 2 + topic 2+5 + packet id 2 + properties 1+2 (length, one subscription id) + payload 10
    assertThat(Connack.publishSize("a/b/c", 10, 1, List.of(7), true)).isEqualTo(24);
    assertThat(Connack.publishSize("a/b/c", 10, 0, List.of(), false)).isEqualTo(19);
    assertThat(Connack.publishSize("t", 200, 0, List.of(), false)).isEqualTo(1 + 2 + 3 + 200);
  }
}
