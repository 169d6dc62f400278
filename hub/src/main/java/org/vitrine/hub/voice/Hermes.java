package org.vitrine.hub.voice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.voice.intent.Intent;
import org.vitrine.voice.pipeline.UtteranceResult;

/**
 * The Hermes protocol's topics and camelCase JSON payloads (as Rhasspy 2.5 speaks them), built from
 * the voice pipeline's results. Pure: no I/O.
 */
public final class Hermes {

  public static final String TEXT_CAPTURED = "hermes/asr/textCaptured";
  public static final String INTENT_PARSED = "hermes/nlu/intentParsed";
  public static final String INTENT_NOT_RECOGNIZED = "hermes/nlu/intentNotRecognized";
  public static final String TTS_SAY = "hermes/tts/say";
  public static final String ERROR_ASR = "hermes/error/asr";
  public static final String START_LISTENING = "hermes/asr/startListening";
  public static final String SESSION_STARTED = "hermes/dialogueManager/sessionStarted";
  public static final String SESSION_ENDED = "hermes/dialogueManager/sessionEnded";
  public static final String TOGGLE_OFF = "hermes/hotword/toggleOff";
  public static final String TOGGLE_ON = "hermes/hotword/toggleOn";
  public static final String SAY_FINISHED = "hermes/tts/sayFinished";
  /** Rhasspy's reason for toggling the wake word around a spoken answer. */
  public static final String TTS_SAY_REASON = "ttsSay";
  public static final String STOP_LISTENING = "hermes/asr/stopListening";

  /** {@code hermes/hotword/<wakewordId>/detected}: a satellite's wake word was heard. */
  public static boolean isHotwordDetected(String topic) {
    return topic.startsWith("hermes/hotword/") && topic.endsWith("/detected") && topic.split("/").length == 4;
  }

  /** {@code hermes/hotword/<wakewordId>/detected} → wakewordId, or null for another topic. */
  public static String wakewordId(String topic) {
    return isHotwordDetected(topic) ? topic.split("/")[2] : null;
  }

  /** {@code hermes/audioServer/<siteId>/playFinished}: the satellite finished playing a playBytes. */
  public static boolean isPlayFinished(String topic) {
    String[] t = topic.split("/", -1);
    return t.length == 4 && t[0].equals("hermes") && t[1].equals("audioServer") && t[3].equals("playFinished");
  }

  /** Rhasspy documents its null fields as present: this writer keeps nulls (the hub's own JSON drops them). */
  private static final com.fasterxml.jackson.databind.ObjectMapper WIRE = new com.fasterxml.jackson.databind.ObjectMapper();

  private Hermes() {
  }

  /** A Hermes payload as JSON bytes, null fields included. */
  public static byte[] bytes(Map<String, Object> payload) {
    try {
      return WIRE.writeValueAsBytes(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** hermes/dialogueManager/sessionStarted */
  public static Map<String, Object> sessionStarted(String sessionId, String siteId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessionId", sessionId);
    m.put("siteId", siteId);
    m.put("customData", null);
    m.put("lang", null);
    return m;
  }

  /** hermes/dialogueManager/sessionEnded; reason as Rhasspy's: nominal, intentNotRecognized, timeout, abortedByUser. */
  public static Map<String, Object> sessionEnded(String sessionId, String siteId, String reason) {
    Map<String, Object> termination = new LinkedHashMap<>();
    termination.put("reason", reason);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("termination", termination);
    m.put("sessionId", sessionId);
    m.put("siteId", siteId);
    m.put("customData", null);
    return m;
  }

  /** hermes/hotword/toggleOff and toggleOn */
  public static Map<String, Object> toggle(String siteId, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("siteId", siteId);
    m.put("reason", reason);
    return m;
  }

  /** hermes/tts/sayFinished */
  public static Map<String, Object> sayFinished(String id, String sessionId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("sessionId", sessionId);
    return m;
  }

  public static String intentTopic(Intent intent) {
    return "hermes/intent/" + intent.hermesName();
  }

  public static String playBytesTopic(String siteId, String requestId) {
    return "hermes/audioServer/" + siteId + "/playBytes/" + requestId;
  }

  /** hermes/asr/textCaptured */
  public static Map<String, Object> textCaptured(UtteranceResult r, String sessionId, String wakewordId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", r.text());
    m.put("likelihood", round(r.confidence()));
    m.put("seconds", r.timings() == null ? 0.0 : Math.round(r.timings().audioMs()) / 1000.0);
    m.put("siteId", r.siteId());
    m.put("sessionId", sessionId);
    m.put("wakewordId", wakewordId);
    m.put("asrTokens", null);
    m.put("lang", "en");
    return m;
  }

  /** hermes/nlu/intentParsed and hermes/intent/&lt;intentName&gt; (the same payload). */
  public static Map<String, Object> intentParsed(UtteranceResult r, String sessionId, String wakewordId) {
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("intentName", r.intent().hermesName());
    intent.put("confidenceScore", round(r.confidence()));
    List<Map<String, Object>> slots = new ArrayList<>();
    if (r.slots() != null) {
      r.slots().forEach((name, value) -> slots.add(slot(name, value, r.confidence())));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", r.text());
    m.put("rawInput", r.text());
    m.put("intent", intent);
    m.put("siteId", r.siteId());
    m.put("id", null);
    m.put("sessionId", sessionId);
    m.put("slots", slots);
    m.put("customData", null);
    m.put("asrTokens", null);
    m.put("asrConfidence", round(r.confidence()));
    m.put("wakewordId", wakewordId);
    m.put("lang", "en");
    return m;
  }

  /**
   * One slot, typed as Rhasspy types them: numbers (a quantity, a shoe size) as JSON numbers of kind
   * Number and entity rhasspy/number; names from the catalogue as kind Unknown with the entity they come from.
   */
  static Map<String, Object> slot(String name, String value, double confidence) {
    Number number = number(value);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("kind", number == null ? "Unknown" : "Number");
    v.put("value", number == null ? value : number);
    Map<String, Object> slot = new LinkedHashMap<>();
    slot.put("entity", number == null ? "vitrine/" + name : "rhasspy/number");
    slot.put("slotName", name);
    slot.put("rawValue", value);
    slot.put("value", v);
    slot.put("confidence", round(confidence));
    slot.put("range", null);
    return slot;
  }

  /** "2" → 2, "9.5" → 9.5; anything else (an id, "large") → null. */
  static Number number(String value) {
    if (value == null || !value.matches("\\d{1,6}(\\.\\d{1,3})?")) {
      return null;
    }
    return value.contains(".") ? (Number) Double.valueOf(value) : (Number) Long.valueOf(value);
  }

  private static double round(double confidence) {
    return Math.round(confidence * 1000) / 1000.0;
  }

  /** hermes/nlu/intentNotRecognized: not understood, or understood as something the store does not do. */
  public static Map<String, Object> intentNotRecognized(UtteranceResult r, String sessionId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", r.text());
    m.put("siteId", r.siteId());
    m.put("id", null);
    m.put("customData", null);
    m.put("sessionId", sessionId);
    return m;
  }

  /** hermes/tts/say */
  public static Map<String, Object> say(String text, String siteId, String sessionId, String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", text);
    m.put("lang", "en");
    m.put("id", id);
    m.put("siteId", siteId);
    m.put("sessionId", sessionId);
    m.put("volume", null);
    return m;
  }

  /** hermes/error/&lt;component&gt; */
  public static Map<String, Object> error(String message, String siteId, String context, String sessionId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("siteId", siteId);
    m.put("context", context);
    m.put("sessionId", sessionId);
    return m;
  }
}
