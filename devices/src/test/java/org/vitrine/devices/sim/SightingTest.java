package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SightingTest {

    @Test
    void aRecognisedSightingCarriesTheContractFields() {
        // GIVEN a sighting of anna / WHEN serialised
        JsonObject json = new JsonObject(new Sighting(1764000000000L, "sim-abcd-1", "anna", 0.93).toBuffer());

        // THEN exactly v, ts, track, shopper, confidence
        assertThat(json.getMap()).containsOnlyKeys("v", "ts", "track", "shopper", "confidence");
        assertThat(json.getInteger("v")).isEqualTo(1);
        assertThat(json.getLong("ts")).isEqualTo(1764000000000L);
        assertThat(json.getString("shopper")).isEqualTo("anna");
        assertThat(json.getDouble("confidence")).isEqualTo(0.93);
    }

    @Test
    void anAnonymousSightingHasNoShopperField() {
        // GIVEN an anonymous sighting / WHEN serialised / THEN the shopper field is absent, not null
        JsonObject json = new Sighting(1L, "sim-abcd-2", null, 0.5).toJson();
        assertThat(json.containsKey("shopper")).isFalse();
        assertThat(json.encode()).doesNotContain("shopper");
    }
}
