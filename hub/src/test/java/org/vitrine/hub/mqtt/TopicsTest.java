package org.vitrine.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void filtersMatchLikeMqtt() {
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/#", "vitrine/v1/devices/cam-1/errors")).isTrue();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/+", "vitrine/v1/devices/cam-1/commands")).isTrue();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/+", "vitrine/v1/devices/cam-1/a/b")).isFalse();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/errors", "vitrine/v1/devices/cam-1/errors")).isTrue();
    assertThat(Topics.matches("vitrine/v1/devices/cam-1/errors", "vitrine/v1/devices/cam-2/errors")).isFalse();
  }

  @Test
  void aDeviceSubscribesOnlyInsideItsOwnPrefix() {
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/cam-1/commands")).isTrue();
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/cam-1/#")).isTrue();
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/+/commands")).isFalse();
    assertThat(Topics.maySubscribe("cam-1", "#")).isFalse();
    assertThat(Topics.maySubscribe("cam-1", "vitrine/v1/devices/cam-10/commands")).isFalse();
  }
}
