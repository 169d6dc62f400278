package org.vitrine.hub.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A screen told us what it played (type "played") or that someone touched it ("touch"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScreenReport(String type, String screen, String content, String playId, Long startedAt,
    Long endedAt, Map<String, Object> reason, Double x, Double y, Long ts) {
}
