package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.redis.Keys;

class CapsTest {

  private static Rule rule(Rule.Cap cap, Rule.RuleCap ruleCap) {
    return new Rule("r", null, null, new Rule.Trigger("enter", List.of("cafe")), null, new Rule.Action("latte", 10, 10),
        cap, ruleCap, null);
  }

  @Test
  void capCooldownAndRuleCapInMemoryBehaveLikeTheRedisScript() {
    MemoryCaps caps = new MemoryCaps();
    Rule r = rule(new Rule.Cap(2, 1, 10), new Rule.RuleCap(3, 60));
    // GIVEN twice per minute, 10 s apart, three times for everyone
    assertThat(caps.take(r, "anna", 0)).isEqualTo(CapVerdict.OK);
    assertThat(caps.take(r, "anna", 5_000)).isEqualTo(CapVerdict.COOLDOWN);
    assertThat(caps.take(r, "anna", 11_000)).isEqualTo(CapVerdict.OK);
    assertThat(caps.take(r, "anna", 30_000)).isEqualTo(CapVerdict.CAPPED);
    assertThat(caps.take(r, "ben", 30_000)).isEqualTo(CapVerdict.OK);
    assertThat(caps.take(r, "chloe", 30_000)).isEqualTo(CapVerdict.RULE_CAP);
    // AND Anna's window (from her first showing) is over after a minute
    assertThat(caps.take(r, "anna", 61_000)).isEqualTo(CapVerdict.RULE_CAP);
  }

  @Test
  void erasureFindsEveryPerShopperCapKey() {
    // Keys.capsOf is a Redis glob: * matches anything, ':' included
    Pattern glob = Pattern.compile(Keys.capsOf("anna").replace("*", ".*"));
    assertThat(glob.matcher(Keys.cap("coffee-cafe", "anna")).matches()).isTrue();
    assertThat(glob.matcher(Keys.cooldown("coffee-cafe", "anna")).matches()).isTrue();
    assertThat(glob.matcher(Keys.cap("coffee-cafe", "hanna")).matches()).isFalse();
    // ids never contain ':': a cool-down key has one segment more than any cap key, even of a rule called "cool"
    assertThat(Keys.cooldown("coffee-cafe", "anna").split(":")).hasSize(5);
    assertThat(Keys.cap("cool", "anna").split(":")).hasSize(4);
    assertThat(Keys.ruleCap("coffee-cafe")).doesNotContain("anna").isEqualTo("vitrine:rulecap:coffee-cafe");
  }
}
