package org.vitrine.hub.redis;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Every Redis key of the hub (the layout is documented in ARCHITECTURE.md). */
public final class Keys {

  public static final String META = "vitrine:meta";
  public static final String ZONES = "vitrine:zones";
  public static final String SCREENS = "vitrine:screens";
  public static final String DEVICES = "vitrine:devices";
  public static final String CONTENT = "vitrine:content";
  public static final String PLAYLISTS = "vitrine:playlists";
  public static final String SHOPPERS = "vitrine:shoppers";
  public static final String RULES = "vitrine:rules";
  public static final String VISITS = "vitrine:visits";
  public static final String PRESENCE = "vitrine:presence";
  public static final String SCREEN_STATE = "vitrine:screen-state";
  public static final String PROOF_OF_PLAY = "vitrine:proof-of-play";
  public static final String TOUCHES = "vitrine:touches";
  public static final String COUNTERS = "vitrine:counters";

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  private Keys() {
  }

  /** HyperLogLog of anonymous track ids seen in a zone during one UTC hour. */
  public static String anonymous(String zone, long epochMillis) {
    return "vitrine:anon:" + zone + ":" + HOUR.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Counter of how often a rule showed to a shopper within the cap window. */
  public static String cap(String ruleId, String shopperId) {
    return "vitrine:cap:" + ruleId + ":" + shopperId;
  }
}
