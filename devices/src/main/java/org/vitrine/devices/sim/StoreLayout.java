package org.vitrine.devices.sim;

import java.util.List;
import java.util.Optional;

/**
 * The part of the store conf the simulator needs: zones in conf order, camera devices and the
 * ids of the demo shoppers. Validated by {@link ConfLoader}.
 */
public record StoreLayout(List<String> zones, List<Camera> cameras, List<String> shoppers) {

    public StoreLayout {
        zones = List.copyOf(zones);
        cameras = List.copyOf(cameras);
        shoppers = List.copyOf(shoppers);
    }

    /** The camera that reports a zone; with several cameras in a zone the first one listed speaks for it. */
    public Optional<Camera> cameraIn(String zone) {
        return cameras.stream().filter(c -> c.zone().equals(zone)).findFirst();
    }

    /** Zones some camera watches, in conf order: walking anywhere else would be invisible to the hub. */
    public List<String> watchedZones() {
        return zones.stream().filter(z -> cameraIn(z).isPresent()).toList();
    }
}
