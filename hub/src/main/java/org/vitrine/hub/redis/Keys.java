package org.vitrine.hub.redis;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Every Redis key of the hub (the layout, and which store owns which key: docs/contracts/redis-keys.md). */
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
  /** Console users (JSON per username, PBKDF2 password hashes). */
  public static final String USERS = "vitrine:users";
  /** The audit log: who changed what, when, from where (Redis stream, capped). */
  public static final String AUDIT = "vitrine:audit";
  /** Paired screens and browser speakers: "screen:<id>" / "speaker:<device>" → credential JSON (hash of the token, never the token). */
  public static final String CREDENTIALS = "vitrine:credentials";
  /** When each paired screen or speaker was last connected: "screen:<id>" → {@code {"at","from","online"}}. */
  public static final String LAST_SEEN = "vitrine:last-seen";
  /** The draft rule set operators edit before publishing (one JSON document: rules, changed, basedOn; absent = none). */
  public static final String RULES_DRAFT = "vitrine:rules:draft";
  /** Published rule-set versions, newest first (JSON: version, publishedAt, by, note, rules). */
  public static final String RULES_VERSIONS = "vitrine:rules:versions";
  /** The append-only store event log (Redis stream; trimmed to the retention). */
  public static final String EVENTS = "vitrine:events";
  /** Every camera sighting after identity (Redis stream, short retention: eventLog.sightingHours). */
  public static final String SIGHTINGS = "vitrine:sightings";
  /** Staff notices, newest first (a capped list). */
  public static final String NOTICES = "vitrine:notices";
  /** Staff notices dealt with: notice id → {@code {"by","at"}} (no shopper in it). */
  public static final String NOTICES_DONE = "vitrine:notices:done";
  /** What each screen shows now (JSON per screen, from the decisions), for the console's map. */
  public static final String SCREEN_NOW = "vitrine:screen-now";
  /** SCAN pattern of every enrolled shopper's face key (see {@link #face}). */
  public static final String FACE_PATTERN = "vitrine:face:*";
  public static final String FACE_PREFIX = "vitrine:face:";
  /** The QR check-in token of the current window. */
  public static final String CHECKIN_CURRENT = "vitrine:checkin:current";

  public static final String ORDER_BOARD_PREFIX = "vitrine:order-board:";
  public static final String ORDER_BOARD_PATTERN = ORDER_BOARD_PREFIX + "*";

  /** The orders on a zone's order board (JSON array, newest first; 12 h TTL). */
  public static String orderBoard(String zone) {
    return ORDER_BOARD_PREFIX + zone;
  }

  /** Tombstones of erased shoppers: {@link #erasedMark} of each id (a hash, so the set names nobody). */
  public static final String ERASED = "vitrine:erased";
  /** Prefix of the conf import's base: per entity hash, id → SHA-256 of its conf text at the last import. */
  public static final String CONF_BASE_PREFIX = "vitrine:conf-base:";

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  private Keys() {
  }

  /** SHA-256 of "vitrine-erased:" + id, hex: lets a conf import recognise an erased member without keeping the id. */
  public static String erasedMark(String shopperId) {
    return org.vitrine.hub.ops.Sha256.hex("vitrine-erased:" + shopperId);
  }

  /** The conf import's base for one entity hash, e.g. vitrine:conf-base:zones for vitrine:zones. */
  public static String confBase(String entityHash) {
    return CONF_BASE_PREFIX + entityHash.substring("vitrine:".length());
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

  /**
   * SHA-256 (hex) of the key a shopper's phone got at check-in: it proves "this is my identity"
   * for the phone's status and "forget me" calls. Same TTL as the consent.
   */
  public static String shopperKey(String shopperId) {
    return "vitrine:shopper-key:" + shopperId;
  }

  /** A console session that logged out, kept until its token would have expired. */
  public static String revokedSession(String jti) {
    return "vitrine:session:revoked:" + jti;
  }

  /** A pairing code a player shows while it waits for an admin (10 min). */
  public static String pairingCode(String code) {
    return "vitrine:pairing:" + code;
  }

  /** A QR check-in token that phones may still use (two windows). */
  public static String checkinToken(String token) {
    return "vitrine:checkin:token:" + token;
  }

  /** SCAN pattern of a shopper's frequency-cap counters, whatever the rule (ids never contain ':'). */
  public static String capsOf(String shopperId) {
    return "vitrine:cap:*:" + shopperId;
  }

  /**
   * A rule's cool-down for a shopper (PX = cooldownSeconds): "vitrine:cap:cool:<rule>:<shopper>",
   * so {@link #capsOf} finds it too (one more segment than {@link #cap}: never the same key).
   */
  public static String cooldown(String ruleId, String shopperId) {
    return "vitrine:cap:cool:" + ruleId + ":" + shopperId;
  }

  /** How often a rule showed to anyone within its ruleCap window (no shopper in it). */
  public static String ruleCap(String ruleId) {
    return "vitrine:rulecap:" + ruleId;
  }

  /** Counter of how often a rule showed to a shopper within the cap window. */
  public static String cap(String ruleId, String shopperId) {
    return "vitrine:cap:" + ruleId + ":" + shopperId;
  }

  /** SCAN pattern of every stored MQTT session (see {@link #mqttSession}). */
  public static final String MQTT_SESSION_PATTERN = "vitrine:mqtt:session:*";
  private static final String MQTT_SESSION_PREFIX = "vitrine:mqtt:session:";
  private static final String MQTT_QUEUE_PREFIX = "vitrine:mqtt:queue:";

  /**
   * A persistent MQTT session of a device (JSON: client id, expiry, subscriptions), TTL = its
   * expiry after the connection ends; the client id is client text, so the key holds its SHA-256
   * (first 32 hex digits). docs/contracts/mqtt-sessions.md.
   */
  public static String mqttSession(String device, String clientId) {
    return MQTT_SESSION_PREFIX + device + ":" + org.vitrine.hub.ops.Sha256.hex(clientId).substring(0, 32);
  }

  /** The QoS 1 messages queued for that session, oldest first (a list of JSON), same TTL. */
  public static String mqttQueue(String device, String clientId) {
    return mqttQueueOf(mqttSession(device, clientId));
  }

  /** The queue key of a session key found by {@link #MQTT_SESSION_PATTERN}. */
  public static String mqttQueueOf(String sessionKey) {
    return MQTT_QUEUE_PREFIX + sessionKey.substring(MQTT_SESSION_PREFIX.length());
  }
}
