package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsZonesCamerasAndShoppers() throws Exception {
        // GIVEN a conf with six zones (one without camera), five cameras, a speaker and three shoppers
        TestConf.demo(dir);

        // WHEN it is loaded
        StoreLayout layout = ConfLoader.load(dir);

        // THEN the simulator sees the cameras with their passwords, and walks only watched zones
        assertThat(layout.zones()).containsExactly("entrance", "cafe", "apparel", "footwear", "checkout", "stockroom");
        assertThat(layout.cameras()).hasSize(5).contains(new Camera("cam-cafe", "cafe", "pw-cafe"));
        assertThat(layout.watchedZones()).containsExactly("entrance", "cafe", "apparel", "footwear", "checkout");
        assertThat(layout.shoppers()).containsExactly("anna", "ben", "chloe");
        assertThat(layout.cameraIn("footwear").orElseThrow().sightingsTopic())
                .isEqualTo("vitrine/v1/devices/cam-footwear/sightings");
    }

    @Test
    void theRepositoryDemoConfIsValidForTheSimulator() throws Exception {
        // GIVEN the demo store conf shipped with the project (tests run in devices/)
        Path demo = Path.of("..", "conf");

        // WHEN it is loaded
        StoreLayout layout = ConfLoader.load(demo);

        // THEN every zone has its camera and there are demo shoppers to walk
        assertThat(layout.watchedZones()).isEqualTo(layout.zones()).contains("entrance", "checkout");
        assertThat(layout.shoppers()).isNotEmpty();
    }

    @Test
    void aMissingStoreFileIsNamed() {
        // GIVEN a conf directory with only shoppers.yaml
        TestConf.write(dir, null, TestConf.SHOPPERS);

        // WHEN it is loaded
        ConfException e = catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir));

        // THEN the message names the missing file
        assertThat(e.file()).isEqualTo(dir.resolve("store.yaml"));
        assertThat(e.getMessage()).contains("store.yaml").contains("file not found");
    }

    @Test
    void aMissingShoppersFileIsNamed() {
        // GIVEN a conf directory with only store.yaml
        TestConf.write(dir, TestConf.STORE, null);

        // WHEN it is loaded
        ConfException e = catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir));

        // THEN the message names shoppers.yaml
        assertThat(e.getMessage()).contains("shoppers.yaml").contains("file not found");
    }

    @Test
    void aCameraWithoutZoneIsNamedByFileFieldAndId() {
        // GIVEN a camera that does not say which zone it watches
        TestConf.write(dir, """
                zones: [ { id: entrance } ]
                devices:
                  - { id: cam-entrance, kind: camera, zone: entrance, password: a }
                  - { id: cam-lost, kind: camera, password: b }
                """, TestConf.SHOPPERS);

        // WHEN it is loaded
        ConfException e = catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir));

        // THEN the error points at store.yaml, devices[1].zone and the camera's id
        assertThat(e.field()).isEqualTo("devices[1].zone");
        assertThat(e.getMessage()).contains("store.yaml").contains("devices[1].zone").contains("missing").contains("cam-lost");
    }

    @Test
    void aCameraInAnUnknownZoneIsRejected() {
        // GIVEN a camera whose zone is not declared
        TestConf.write(dir, """
                zones: [ { id: entrance } ]
                devices: [ { id: cam-x, kind: camera, zone: garden, password: a } ]
                """, TestConf.SHOPPERS);

        // WHEN it is loaded
        ConfException e = catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir));

        // THEN the message names the field, the bad zone and the known ones
        assertThat(e.field()).isEqualTo("devices[0].zone");
        assertThat(e.getMessage()).contains("garden").contains("zones: entrance");
    }

    @Test
    void aCameraWithoutPasswordIsRejected() {
        // GIVEN a camera without password (it could never log in)
        TestConf.write(dir, """
                zones: [ { id: entrance } ]
                devices: [ { id: cam-x, kind: camera, zone: entrance } ]
                """, TestConf.SHOPPERS);

        // WHEN it is loaded / THEN devices[0].password is named
        assertThat(catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir)).field())
                .isEqualTo("devices[0].password");
    }

    @Test
    void aStoreWithoutCamerasOrZonesIsRejected() {
        // GIVEN a store with only a speaker
        TestConf.write(dir, """
                zones: [ { id: entrance } ]
                devices: [ { id: speaker-1, kind: speaker } ]
                """, TestConf.SHOPPERS);
        // WHEN it is loaded / THEN "devices" is named: there is nothing to publish with
        assertThat(catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir)).field()).isEqualTo("devices");

        // GIVEN a store without zones / THEN "zones" is named
        TestConf.write(dir, "devices: []\n", TestConf.SHOPPERS);
        assertThat(catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir)).field()).isEqualTo("zones");
    }

    @Test
    void badShoppersAndBadYamlAreNamed() {
        // GIVEN a shopper without id
        TestConf.write(dir, TestConf.STORE, "shoppers:\n  - { name: Nobody }\n");
        // WHEN loaded / THEN shoppers[0].id in shoppers.yaml is named
        ConfException noId = catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir));
        assertThat(noId.field()).isEqualTo("shoppers[0].id");
        assertThat(noId.getMessage()).contains("shoppers.yaml");

        // GIVEN a store.yaml that is not YAML
        TestConf.write(dir, "zones: [ { id: entrance \n", TestConf.SHOPPERS);
        // WHEN loaded / THEN the file and the line are named
        ConfException bad = catchThrowableOfType(ConfException.class, () -> ConfLoader.load(dir));
        assertThat(bad.getMessage()).contains("store.yaml").contains("not valid YAML").contains("line");
    }
}
