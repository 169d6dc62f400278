package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Answers go out in the order the publishes came, each once what it carried is kept (MQTT-4.6.0-2, -3). */
class AckOrderTest {

  @Test
  void aPublishKeptFirstWaitsForTheEarlierOnes() {
    AckOrder acks = new AckOrder();
    AckOrder.Waiting first = acks.arrived(1, 1);
    AckOrder.Waiting second = acks.arrived(2, 2);
    AckOrder.Waiting third = acks.arrived(3, 1);
    assertThat(acks.qos1Waiting()).isEqualTo(2);

    acks.decided(third, null);
    acks.decided(second, "not-kept");
    assertThat(acks.answerable()).as("the first is not kept yet").isEmpty();

    acks.decided(first, null);
    assertThat(acks.answerable()).extracting(w -> w.packetId + ":" + w.refusal()).containsExactly("1:null", "2:not-kept", "3:null");
    assertThat(acks.size()).isZero();
    assertThat(acks.qos1Waiting()).isZero();
  }

  @Test
  void answersLeaveOnlyUpToTheFirstUndecided() {
    AckOrder acks = new AckOrder();
    AckOrder.Waiting a = acks.arrived(10, 1);
    AckOrder.Waiting b = acks.arrived(11, 1);
    acks.arrived(12, 1);
    acks.decided(a, null);
    acks.decided(b, "payload-too-large");
    assertThat(acks.answerable()).extracting(w -> w.packetId).containsExactly(10, 11);
    assertThat(acks.size()).isEqualTo(1);
    assertThat(acks.qos1Waiting()).isEqualTo(1);
  }
}
