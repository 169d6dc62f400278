package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSimulatorTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badConfExitsWith2AndNamesFileAndField() {
        // GIVEN a conf whose camera has no zone
        TestConf.write(dir, """
                zones: [ { id: entrance } ]
                devices: [ { id: cam-lost, kind: camera, password: x } ]
                """, TestConf.SHOPPERS);

        // WHEN the simulator starts on it
        int code = run("--conf", dir.toString(), "--once");

        // THEN it exits with 2 and says which file and field to fix
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("store.yaml").contains("devices[0].zone").contains("cam-lost");
    }

    @Test
    void aMissingConfDirectoryFromTheEnvironmentExitsWith2() {
        // GIVEN VITRINE_CONF_DIR pointing nowhere
        Path nowhere = dir.resolve("nowhere");

        // WHEN the simulator starts
        int code = StoreSimulator.run(new String[0], Map.of("VITRINE_CONF_DIR", nowhere.toString()), print(out), print(err));

        // THEN it exits with 2 naming the missing store.yaml
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains(nowhere.resolve("store.yaml").toString()).contains("file not found");
    }

    @Test
    void badOptionsExitWith2AndHelpWith0() {
        // GIVEN / WHEN an unknown option / THEN exit 2 with usage
        assertThat(run("--nope")).isEqualTo(2);
        assertThat(stderr()).contains("unknown option '--nope'").contains("usage:");

        // GIVEN / WHEN --help / THEN exit 0 with usage on stdout
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--speed");
    }

    private int run(String... args) {
        return StoreSimulator.run(args, Map.of(), print(out), print(err));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
