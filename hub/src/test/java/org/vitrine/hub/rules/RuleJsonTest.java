package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.config.StoreConfig;
import org.vitrine.hub.config.StoreConfigLoader;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.support.TestHub;

class RuleJsonTest {

  @Test
  void aV1RuleIsStoredAsSmallAsBefore() {
    Rule v1 = new Rule("coffee-cafe", null, new Rule.Trigger("enter", List.of("cafe")),
        new Rule.Conditions(List.of("coffee"), null, null, null, null, null), new Rule.Action("latte", 60, 10), new Rule.Cap(1, 30));
    String json = Json.write(v1);
    assertThat(json).isEqualTo("{\"id\":\"coffee-cafe\",\"when\":{\"event\":\"enter\",\"zones\":[\"cafe\"]},"
        + "\"if\":{\"interests\":[\"coffee\"]},\"then\":{\"show\":\"latte\",\"priority\":60,\"seconds\":10},"
        + "\"cap\":{\"times\":1,\"perMinutes\":30}}");
    assertThat(Json.read(json, Rule.class)).isEqualTo(v1);
  }

  @Test
  void theContractsV2ExampleLoadsFromConfAndRoundTrips() throws Exception {
    // GIVEN the demo conf with the v2 example of the contract (device and screen of the demo store)
    Path conf = TestHub.copyOfDemoConf();
    Files.writeString(conf.resolve("rules.yaml"), """
        rules:
          - id: runners-footwear
            description: Runners walking into footwear see the trail shoe
            enabled: true
            when:
              event: enter
              zones: [footwear]
            if:
              interests: [running]
              segments: [family]
              loyaltyTiers: [gold]
              sizes: ["9", "M"]
              minVisits: 3
              maxVisits: 10
              timeOfDay: { from: "07:00", to: "11:00" }
              weekdays: [mon, tue, wed, thu, fri, sat, sun]
              minPeople: 1
              maxPeople: 5
              consent: true
            then:
              show: trail-runner-card
              target: screen
              screen: footwear-1
              mode: interrupt
              priority: 50
              seconds: 12
              say: "Welcome back, runners!"
              mqtt: { device: cam-footwear, topic: "vitrine/devices/cam-footwear/commands", payload: "{\\"led\\":\\"on\\"}" }
              notify: "Gold member in the cafe"
            cap: { times: 1, perMinutes: 30, cooldownSeconds: 0 }
            ruleCap: { times: 100, perMinutes: 60 }
            valid: { from: "2026-11-01T00:00", until: "2026-12-31T23:59" }
          - id: dwell-apparel
            when: { event: dwell, zones: [apparel], seconds: 20 }
            then: { say: "Need a hand?" }
        """);
    // WHEN loaded (all checks)
    StoreConfig c = StoreConfigLoader.load(conf);
    // THEN every field is there and survives the JSON stored in Redis
    Rule r = c.rules().get(0);
    assertThat(r.then().notice()).isEqualTo("Gold member in the cafe");
    assertThat(r.then().mqtt().payload()).isEqualTo("{\"led\":\"on\"}");
    assertThat(r.conditions().consent()).isTrue();
    assertThat(r.valid().until()).isEqualTo("2026-12-31T23:59");
    assertThat(Json.write(r)).contains("\"notify\":\"Gold member in the cafe\"").doesNotContain("notice");
    assertThat(Json.read(Json.write(r), Rule.class)).isEqualTo(r);
    assertThat(c.rules().get(1).shows()).isFalse();
  }
}
