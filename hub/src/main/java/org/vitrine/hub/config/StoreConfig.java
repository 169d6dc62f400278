package org.vitrine.hub.config;

import java.util.List;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.StoreInfo;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.rules.Rule;

/** Everything conf/*.yaml describe about the store, validated. */
public record StoreConfig(StoreInfo store, List<Zone> zones, List<Screen> screens, List<Device> devices,
    List<ContentItem> content, List<Playlist> playlists, List<ShopperProfile> shoppers, List<Rule> rules,
    String hash) {

  /** conf/store.yaml */
  record StoreFile(StoreInfo store, List<Zone> zones, List<Screen> screens, List<Device> devices) {
  }

  /** conf/content.yaml */
  record ContentFile(List<ContentItem> content, List<Playlist> playlists) {
  }

  /** conf/shoppers.yaml */
  record ShoppersFile(List<ShopperProfile> shoppers) {
  }

  /** conf/rules.yaml */
  record RulesFile(List<Rule> rules) {
  }
}
