package org.vitrine.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.support.TestHub;

/** Frigate and Double Take devices in store.yaml: their camera → zone maps are checked like everything else. */
class DeviceKindsConfigTest {

  private static String problemsOf(String devices) throws IOException {
    Path dir = TestHub.copyOfDemoConf();
    String store = Files.readString(dir.resolve("store.yaml"));
    Files.writeString(dir.resolve("store.yaml"), store.substring(0, store.indexOf("devices:")) + "devices:\n" + devices);
    try {
      StoreConfigLoader.load(dir);
    } catch (ConfigException e) {
      return e.getMessage().replace(dir.resolve("store.yaml").toString(), "store.yaml");
    }
    throw new AssertionError("accepted: " + devices);
  }

  @Test
  void theDemoStoreHasAFrigateAndADoubleTakeWithTheirCameras() {
    StoreConfig c = StoreConfigLoader.load(TestHub.demoConf());
    Device frigate = c.devices().stream().filter(d -> d.id().equals("frigate")).findFirst().orElseThrow();
    assertThat(frigate.kind()).isEqualTo("frigate");
    assertThat(frigate.cameras()).containsEntry("shoes", "footwear").containsEntry("front_door", "entrance");
    assertThat(c.devices()).extracting(Device::kind).contains("camera", "double-take");
  }

  @Test
  void wrongMapsAndKindsAreNamedWithTheirField() throws IOException {
    String msg = problemsOf("""
          - { id: frigate, kind: frigate, password: demo-frigate, cameras: { shoes: shoe-shop }, zones: { queue: moon } }
          - { id: dt, kind: double-take, password: demo-double-take, zone: entrance }
          - { id: cam-x, kind: camera, zone: cafe, password: demo-cam-x, cameras: { a: cafe } }
          - { id: lidar, kind: lidar, zone: cafe, password: demo-lidar }
        """);
    assertThat(msg)
        .contains("store.yaml: devices[0].cameras.shoes: unknown zone 'shoe-shop' (known: entrance, cafe, apparel, footwear, checkout)")
        .contains("store.yaml: devices[0].zones.queue: unknown zone 'moon'")
        .contains("store.yaml: devices[1].zone: a double-take device reports for several cameras")
        .contains("store.yaml: devices[1].cameras: required for kind double-take")
        .contains("store.yaml: devices[2]: cameras/zones maps are for kinds frigate and double-take")
        .contains("store.yaml: devices[3].kind: must be one of camera, frigate, double-take, speaker, shelf, rfid, gate, got 'lidar'");
  }

  @Test
  void speakersNeedASiteIdAndAZone() throws IOException {
    StoreConfig demo = StoreConfigLoader.load(TestHub.demoConf());
    assertThat(demo.devices()).filteredOn(d -> d.kind().equals("speaker")).extracting(Device::siteId)
        .contains("entrance", "cafe", "apparel");
    assertThat(demo.screens()).anySatisfy(s -> {
      assertThat(s.id()).isEqualTo("cafe-orders");
      assertThat(s.isOrderBoard()).isTrue();
    });
    String msg = problemsOf("""
          - { id: sp-1, kind: speaker, siteId: cafe, zone: kafe, password: demo-speaker-1 }
          - { id: sp-2, kind: speaker, zone: cafe, password: demo-speaker-2 }
          - { id: sp-3, kind: speaker, siteId: "a/b", zone: cafe, password: demo-speaker-3 }
          - { id: sp-4, kind: speaker, siteId: cafe, zone: cafe, password: demo-speaker-4 }
          - { id: cam-y, kind: camera, siteId: cafe, zone: cafe, password: demo-cam-y }
        """);
    assertThat(msg)
        .contains("store.yaml: devices[0].zone: unknown zone 'kafe'")
        .contains("store.yaml: devices[1].siteId: required for kind speaker")
        .contains("store.yaml: devices[2].siteId: required for kind speaker: the satellite's Hermes siteId")
        .contains("got 'a/b'")
        .contains("store.yaml: devices[3].siteId: 'cafe' is already the siteId of speaker 'sp-1'")
        .contains("store.yaml: devices[4].siteId: only a speaker has a Hermes siteId");
  }
}
