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
  /** SCAN pattern of every enrolled shopper's face key (see {@link #face}). */
  public static final String FACE_PATTERN = "vitrine:face:*";
  public static final String FACE_PREFIX = "vitrine:face:";
  /** The QR check-in token of the current window. */
  public static final String CHECKIN_CURRENT = "vitrine:checkin:current";

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  private Keys() {
  }

  /** HyperLogLog of anonymous track ids seen in a zone during one UTC hour. */
  public static String anonymous(String zone, long epochMillis) {
    return "vitrine:anon:" + zone + ":" + HOUR.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A consenting shopper's face embeddings (JSON), with the visit's TTL. */
  public static String face(String shopperId) {
    return FACE_PREFIX + shopperId;
  }

  /** A shopper's consent record (JSON), same TTL as their face. */
  public static String consent(String shopperId) {
    return "vitrine:consent:" + shopperId;
  }

  /** A QR check-in token that phones may still use (two windows). */
  public static String checkinToken(String token) {
    return "vitrine:checkin:token:" + token;
  }

  /** SCAN pattern of a shopper's frequency-cap counters, whatever the rule (ids never contain ':'). */
  public static String capsOf(String shopperId) {
    return "vitrine:cap:*:" + shopperId;
  }

  /** Counter of how often a rule showed to a shopper within the cap window. */
  public static String cap(String ruleId, String shopperId) {
    return "vitrine:cap:" + ruleId + ":" + shopperId;
  }
}
