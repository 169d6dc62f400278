package org.vitrine.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void controlCharactersAreEscapedSoNoClientTextStartsALogLine() {
    assertThat(LogText.safe("apparel-1\r\n12:00:00.000 INFO Hub - admin logged in"))
        .isEqualTo("apparel-1\\r\\n12:00:00.000 INFO Hub - admin logged in")
        .doesNotContain("\n").doesNotContain("\r");
    assertThat(LogText.safe("a\u001b[31mred\tb\u0000\u2028")).isEqualTo("a\\u001b[31mred\\tb\\u0000\\u2028");
    assertThat(LogText.safe("plain")).isEqualTo("plain");
    assertThat(LogText.safe(null)).isEqualTo("(none)");
  }

  @Test
  void longTextIsCutAndSaysHowLongItWas() {
    String s = LogText.safe("x".repeat(5000));
    assertThat(s).startsWith("x".repeat(LogText.MAX)).endsWith("…(5000 chars)");
    assertThat(s.length()).isLessThan(LogText.MAX + 20);
  }
}
