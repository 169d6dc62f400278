package org.vitrine.hub.mqtt;

/** The MQTT topic scheme, v1 (ARCHITECTURE.md): everything of a device lives under its own prefix. */
final class Topics {

  static final String SIGHTINGS = "sightings";
  static final String ERRORS = "errors";
  static final String FRIGATE_EVENTS = "frigate/events";
  static final String DOUBLE_TAKE_MATCHES = "double-take/matches/+";

  /** What a publish on a topic is for a device of a kind. */
  enum Route {
    /** a sighting to parse */
    SIGHTING,
    /** one of the other topics such a system publishes (stats, snapshots, availability): dropped unread */
    IGNORE,
    /** not this device's to publish on */
    REJECT
  }

  private Topics() {
  }

  static String prefix(String deviceId) {
    return "vitrine/v1/devices/" + deviceId + "/";
  }

  static String of(String deviceId, String channel) {
    return prefix(deviceId) + channel;
  }

  /** A device may only subscribe inside its own prefix (wildcards allowed after it). */
  static boolean maySubscribe(String deviceId, String filter) {
    return filter.startsWith(prefix(deviceId)) && filter.length() > prefix(deviceId).length();
  }

  /**
   * Also under its own system's root for Frigate ({@code frigate/}) and Double Take ({@code
   * double-take/}, {@code frigate/}): they subscribe there at start and log errors otherwise. The hub
   * publishes nothing there (it is no broker between devices).
   */
  static boolean maySubscribe(String deviceId, String kind, String filter) {
    if (maySubscribe(deviceId, filter)) {
      return true;
    }
    return switch (kind == null ? "" : kind) {
      case "frigate" -> filter.startsWith("frigate/");
      case "double-take" -> filter.startsWith("double-take/") || filter.startsWith("frigate/");
      default -> false;
    };
  }

  static Route route(String deviceId, String kind, String topic) {
    return switch (kind == null ? "" : kind) {
      case "frigate" -> topic.equals(FRIGATE_EVENTS) ? Route.SIGHTING : topic.startsWith("frigate/") ? Route.IGNORE : Route.REJECT;
      case "double-take" -> matches(DOUBLE_TAKE_MATCHES, topic) ? Route.SIGHTING
          : topic.startsWith("double-take/") ? Route.IGNORE : Route.REJECT;
      default -> topic.equals(of(deviceId, SIGHTINGS)) ? Route.SIGHTING : Route.REJECT;
    };
  }

  /** Where a device of this kind publishes sightings, for rejection messages. */
  static String sightingTopic(String deviceId, String kind) {
    return switch (kind == null ? "" : kind) {
      case "frigate" -> FRIGATE_EVENTS;
      case "double-take" -> "double-take/matches/<name>";
      default -> of(deviceId, SIGHTINGS);
    };
  }

  /** MQTT filter matching with '+' (one level) and '#' (the rest). */
  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
