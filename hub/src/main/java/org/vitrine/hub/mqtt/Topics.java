package org.vitrine.hub.mqtt;

/** The MQTT topic scheme, v1 (ARCHITECTURE.md): everything of a device lives under its own prefix. */
final class Topics {

  static final String SIGHTINGS = "sightings";
  static final String ERRORS = "errors";
  /** Where a shelf (product sensor) publishes what shoppers do with products: {"type":"pickup","product":"..."}. */
  static final String EVENTS = "events";
  /** Where an RFID reader publishes its Zebra IoT Connector tag data events (commerce parses them). */
  static final String TAGS = "tags";
  /** Where an exit gate publishes its passages (commerce parses them). */
  static final String PASSAGES = "passages";
  static final String FRIGATE_EVENTS = "frigate/events";
  static final String DOUBLE_TAKE_MATCHES = "double-take/matches/+";

  /** What a publish on a topic is for a device of a kind. */
  enum Route {
    /** a sighting to parse */
    SIGHTING,
    /** a speaker's Hermes audio frame (hermes/audioServer/&lt;its siteId&gt;/audioFrame) */
    AUDIO,
    /** a speaker's Hermes control message (hermes/asr/startListening, hermes/asr/stopListening, hermes/hotword/&lt;id&gt;/detected, hermes/audioServer/&lt;siteId&gt;/playFinished) */
    HERMES_CONTROL,
    /** a speaker publishing for a Hermes siteId that is not its own */
    FOREIGN_SITE,
    /** a shelf's product event (pickup) */
    DEVICE_EVENT,
    /** an RFID reader's tag reads or a gate's passage: handed to commerce unread ({@code vitrine.commerce.device}) */
    COMMERCE,
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

  /** Hermes roots a speaker may subscribe under (its own site only where a topic names the site). */
  static java.util.List<String> speakerFilters(String siteId) {
    return java.util.List.of("hermes/asr/#", "hermes/nlu/#", "hermes/intent/#", "hermes/tts/#", "hermes/error/#",
        "hermes/hotword/#", "hermes/dialogueManager/#", "hermes/audioServer/" + siteId + "/#");
  }

  /** As {@link #maySubscribe(String, String, String)}, and a speaker also under its Hermes topics. */
  static boolean maySubscribe(String deviceId, String kind, String siteId, String filter) {
    if (!"speaker".equals(kind)) {
      return maySubscribe(deviceId, kind, filter);
    }
    if (maySubscribe(deviceId, filter)) {
      return true;
    }
    return siteId != null && speakerFilters(siteId).stream().anyMatch(allowed -> within(filter, allowed));
  }

  /** True when every topic {@code filter} matches is also matched by {@code allowed}. */
  static boolean within(String filter, String allowed) {
    String[] f = filter.split("/", -1);
    String[] a = allowed.split("/", -1);
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("#")) {
        return true;
      }
      if (i >= f.length || f[i].equals("#")) {
        return false;
      }
      if (a[i].equals("+")) {
        continue;
      }
      if (!a[i].equals(f[i])) {
        return false;
      }
    }
    return f.length == a.length;
  }

  static String audioTopic(String siteId) {
    return "hermes/audioServer/" + siteId + "/audioFrame";
  }

  /** The siteId in hermes/audioServer/&lt;siteId&gt;/audioFrame, or null for another topic. */
  static String audioSite(String topic) {
    String[] t = topic.split("/", -1);
    return t.length == 4 && t[0].equals("hermes") && t[1].equals("audioServer") && t[3].equals("audioFrame") ? t[2] : null;
  }

  static Route route(String deviceId, String kind, String siteId, String topic) {
    if (!"speaker".equals(kind)) {
      return route(deviceId, kind, topic);
    }
    String site = audioSite(topic);
    if (site != null) {
      return site.equals(siteId) ? Route.AUDIO : Route.FOREIGN_SITE;
    }
    if (topic.equals("hermes/asr/startListening") || topic.equals("hermes/asr/stopListening")
        || org.vitrine.hub.voice.Hermes.isHotwordDetected(topic)
        || topic.equals("hermes/audioServer/" + siteId + "/playFinished")) {
      return Route.HERMES_CONTROL;
    }
    if (topic.startsWith("hermes/audioServer/") && !topic.startsWith("hermes/audioServer/" + siteId + "/")) {
      return Route.FOREIGN_SITE;
    }
    // hotword/toggleOn, ...: what a Rhasspy satellite says besides its audio that the hub does not need
    return topic.startsWith("hermes/") ? Route.IGNORE : Route.REJECT;
  }

  static Route route(String deviceId, String kind, String topic) {
    return switch (kind == null ? "" : kind) {
      case "frigate" -> topic.equals(FRIGATE_EVENTS) ? Route.SIGHTING : topic.startsWith("frigate/") ? Route.IGNORE : Route.REJECT;
      case "double-take" -> matches(DOUBLE_TAKE_MATCHES, topic) ? Route.SIGHTING
          : topic.startsWith("double-take/") ? Route.IGNORE : Route.REJECT;
      case "shelf" -> topic.equals(of(deviceId, EVENTS)) ? Route.DEVICE_EVENT : Route.REJECT;
      case "rfid" -> topic.equals(of(deviceId, TAGS)) ? Route.COMMERCE : Route.REJECT;
      case "gate" -> topic.equals(of(deviceId, PASSAGES)) ? Route.COMMERCE : Route.REJECT;
      default -> topic.equals(of(deviceId, SIGHTINGS)) ? Route.SIGHTING : Route.REJECT;
    };
  }

  /** Where a device of this kind publishes sightings, for rejection messages. */
  static String sightingTopic(String deviceId, String kind) {
    return switch (kind == null ? "" : kind) {
      case "frigate" -> FRIGATE_EVENTS;
      case "double-take" -> "double-take/matches/<name>";
      case "speaker" -> "hermes/audioServer/<its siteId>/audioFrame";
      case "shelf" -> of(deviceId, EVENTS);
      case "rfid" -> of(deviceId, TAGS);
      case "gate" -> of(deviceId, PASSAGES);
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
