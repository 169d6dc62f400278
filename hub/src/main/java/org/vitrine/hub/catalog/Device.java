package org.vitrine.hub.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.vitrine.hub.ops.Sha256;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A device that logs in to the hub's MQTT endpoint (username = id). The conf file holds the
 * password; Redis only ever holds {@code passwordHash} ("salt:sha256(salt+password)").
 * Kinds: {@code camera} (one zone: {@code zone}), {@code frigate} and {@code double-take}
 * (systems a store already runs, reporting for several cameras: {@code cameras} maps each of their
 * camera names to a zone; {@code zones} optionally maps their zone names to store zones, and wins),
 * {@code speaker} (a Hermes satellite such as Rhasspy: its Hermes {@code siteId} and its {@code zone}),
 * {@code shelf} (a product sensor in {@code zone}), {@code rfid} (an RFID reader in {@code zone}, Zebra IoT
 * Connector tag data events; in a gate's zone it is the exit portal) and {@code gate} (an exit gate in
 * {@code zone}: passages, and its screen). {@code position}: where it stands on the store map (optional).
 */
public record Device(String id, String kind, String zone, String password, String passwordHash,
    java.util.Map<String, String> cameras, java.util.Map<String, String> zones, String siteId, Position position) {

  public Device(String id, String kind, String zone, String password, String passwordHash,
      java.util.Map<String, String> cameras, java.util.Map<String, String> zones, String siteId) {
    this(id, kind, zone, password, passwordHash, cameras, zones, siteId, null);
  }

  public static final String CAMERA = "camera";
  public static final String FRIGATE = "frigate";
  public static final String DOUBLE_TAKE = "double-take";
  public static final String SPEAKER = "speaker";
  /** A smart shelf or product sensor (one zone): publishes pickups, receives commands (lights, labels). */
  public static final String SHELF = "shelf";
  /** An RFID reader (one zone) publishing Zebra IoT Connector tag data events (docs/commerce.md). */
  public static final String RFID = "rfid";
  /** An exit gate (one zone): reports passages, shows what the hub says on its screen (docs/commerce.md). */
  public static final String GATE = "gate";
  public static final java.util.List<String> KINDS = java.util.List.of(CAMERA, FRIGATE, DOUBLE_TAKE, SPEAKER, SHELF, RFID, GATE);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The same device, password replaced by its salted hash (what we store). */
  public Device withHashedPassword() {
    if (password == null) {
      return this;
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    String saltHex = HexFormat.of().formatHex(salt);
    return new Device(id, kind, zone, null, saltHex + ":" + Sha256.hex(saltHex + password), cameras, zones, siteId, position);
  }

  /** Constant-time check of a password against the stored hash. */
  @JsonIgnore
  public boolean acceptsPassword(String candidate) {
    if (candidate == null || passwordHash == null) {
      return false;
    }
    int colon = passwordHash.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String salt = passwordHash.substring(0, colon);
    return Sha256.same(Sha256.hex(salt + candidate), passwordHash.substring(colon + 1));
  }

  /**
   * The store zone for a sighting of a Frigate / Double Take camera, preferring a mapped zone of
   * theirs the person is in; null for an unknown camera.
   */
  public String zoneFor(String camera, java.util.List<String> theirZones) {
    if (zones != null && theirZones != null) {
      for (String z : theirZones) {
        if (zones.containsKey(z)) {
          return zones.get(z);
        }
      }
    }
    return cameras == null || camera == null ? null : cameras.get(camera);
  }

}
