package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimOptionsTest {

    @Test
    void defaultsFitTheDemo() throws Exception {
        // GIVEN no options and no environment / WHEN parsed
        SimOptions options = SimOptions.parse(new String[0], Map.of());

        // THEN conf/ next to the working dir, the hub on localhost:1883, real time, endless
        assertThat(options.confDir()).isEqualTo(Path.of("conf"));
        assertThat(options.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(options.mqttPort()).isEqualTo(1883);
        assertThat(options.speed()).isEqualTo(1.0);
        assertThat(options.once()).isFalse();
        assertThat(options.duration()).isNull();
    }

    @Test
    void theCommandLineWinsOverTheEnvironment() throws Exception {
        // GIVEN environment settings and command-line options for some of them
        Map<String, String> env = Map.of("VITRINE_CONF_DIR", "/etc/vitrine", "VITRINE_MQTT_HOST", "hub.local",
                "VITRINE_MQTT_PORT", "2883", "VITRINE_SIM_SPEED", "3");
        String[] args = {"--conf", "/tmp/conf", "--speed", "20", "--once", "--duration", "30", "--seed", "-7"};

        // WHEN parsed
        SimOptions options = SimOptions.parse(args, env);

        // THEN options override, the rest comes from the environment
        assertThat(options.confDir()).isEqualTo(Path.of("/tmp/conf"));
        assertThat(options.speed()).isEqualTo(20.0);
        assertThat(options.mqttHost()).isEqualTo("hub.local");
        assertThat(options.mqttPort()).isEqualTo(2883);
        assertThat(options.once()).isTrue();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.seed()).isEqualTo(-7);
        assertThat(SimOptions.parse(new String[0], env).speed()).isEqualTo(3.0);
    }

    @Test
    void badValuesAreNamed() {
        // GIVEN bad values / WHEN parsed / THEN the message names the option or variable
        assertThatThrownBy(() -> SimOptions.parse(new String[0], Map.of("VITRINE_MQTT_PORT", "abc")))
                .hasMessageContaining("VITRINE_MQTT_PORT");
        assertThatThrownBy(() -> SimOptions.parse(new String[]{"--speed", "0"}, Map.of())).hasMessageContaining("--speed");
        assertThatThrownBy(() -> SimOptions.parse(new String[]{"--duration"}, Map.of())).hasMessageContaining("--duration");
        assertThatThrownBy(() -> SimOptions.parse(new String[]{"--fast"}, Map.of())).hasMessageContaining("--fast");
    }
}
