package org.vitrine.hub.mqtt;

/** The MQTT topic scheme, v1 (ARCHITECTURE.md): everything of a device lives under its own prefix. */
final class Topics {

  static final String SIGHTINGS = "sightings";
  static final String ERRORS = "errors";

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
