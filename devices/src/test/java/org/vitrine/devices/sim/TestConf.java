package org.vitrine.devices.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small store conf directories for tests, so no test depends on the demo conf's details. */
final class TestConf {

    static final String STORE = """
            store: { name: Test Store, timezone: Europe/Paris }
            zones:
              - { id: entrance, name: Entrance }
              - { id: cafe,     name: Cafe }
              - { id: apparel,  name: Apparel }
              - { id: footwear, name: Footwear }
              - { id: checkout, name: Checkout }
              - { id: stockroom, name: Stockroom }
            screens:
              - { id: cafe-1, zone: cafe, name: Menu }
            devices:
              - { id: cam-entrance, kind: camera, zone: entrance, password: pw-entrance }
              - { id: cam-cafe,     kind: camera, zone: cafe,     password: pw-cafe }
              - { id: cam-apparel,  kind: camera, zone: apparel,  password: pw-apparel }
              - { id: cam-footwear, kind: camera, zone: footwear, password: pw-footwear }
              - { id: cam-checkout, kind: camera, zone: checkout, password: pw-checkout }
              - { id: speaker-cafe, kind: speaker, password: pw-speaker }
            """;

    static final String SHOPPERS = """
            shoppers:
              - { id: anna,  name: Anna,  interests: [running] }
              - { id: ben,   name: Ben,   interests: [denim] }
              - { id: chloe, name: Chloé, interests: [sneakers] }
            """;

    private TestConf() {
    }

    static Path write(Path dir, String store, String shoppers) {
        try {
            Files.createDirectories(dir);
            if (store != null) {
                Files.writeString(dir.resolve("store.yaml"), store);
            }
            if (shoppers != null) {
                Files.writeString(dir.resolve("shoppers.yaml"), shoppers);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path demo(Path dir) {
        return write(dir, STORE, SHOPPERS);
    }
}
