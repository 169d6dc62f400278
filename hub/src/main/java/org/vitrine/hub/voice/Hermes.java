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
  public static final String STOP_LISTENING = "hermes/asr/stopListening";

  /** {@code hermes/hotword/<wakewordId>/detected}: a satellite's wake word was heard. */
  public static boolean isHotwordDetected(String topic) {
    return topic.startsWith("hermes/hotword/") && topic.endsWith("/detected") && topic.split("/").length == 4;
  }

  private Hermes() {
  }

  public static String intentTopic(Intent intent) {
    return "hermes/intent/" + intent.hermesName();
  }

  public static String playBytesTopic(String siteId, String requestId) {
    return "hermes/audioServer/" + siteId + "/playBytes/" + requestId;
  }

  /** hermes/asr/textCaptured */
  public static Map<String, Object> textCaptured(UtteranceResult r, String sessionId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", r.text());
    m.put("likelihood", 1.0);
    m.put("seconds", r.timings() == null ? 0.0 : Math.round(r.timings().audioMs()) / 1000.0);
    m.put("siteId", r.siteId());
    m.put("sessionId", sessionId);
    m.put("wakewordId", null);
    m.put("lang", "en");
    return m;
  }

  /** hermes/nlu/intentParsed and hermes/intent/&lt;intentName&gt; (the same payload). */
  public static Map<String, Object> intentParsed(UtteranceResult r, String sessionId) {
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("intentName", r.intent().hermesName());
    intent.put("confidenceScore", 1.0);
    List<Map<String, Object>> slots = new ArrayList<>();
    if (r.slots() != null) {
      r.slots().forEach((name, value) -> {
        Map<String, Object> slot = new LinkedHashMap<>();
        slot.put("entity", name);
        slot.put("slotName", name);
        slot.put("rawValue", value);
        slot.put("value", Map.of("kind", "Unknown", "value", value));
        slot.put("confidence", 1.0);
        slots.add(slot);
      });
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", r.text());
    m.put("rawInput", r.text());
    m.put("intent", intent);
    m.put("siteId", r.siteId());
    m.put("sessionId", sessionId);
    m.put("slots", slots);
    m.put("customData", null);
    m.put("lang", "en");
    return m;
  }

  /** hermes/nlu/intentNotRecognized */
  public static Map<String, Object> intentNotRecognized(UtteranceResult r, String sessionId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", r.text());
    m.put("siteId", r.siteId());
    m.put("sessionId", sessionId);
    m.put("customData", null);
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
