package org.vitrine.hub.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vitrine.hub.catalog.ContentItem;

/**
 * What a screen must do now. Serialised as-is, it is the WebSocket frame the screen receives
 * ({@code play} or {@code resume}, see ARCHITECTURE.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScreenCommand(String type, String playId, ContentItem content, Integer seconds, Long until,
    Reason reason) {

  public static ScreenCommand play(String playId, ContentItem content, int seconds, long until, Reason reason) {
    return new ScreenCommand("play", playId, content, seconds, until, reason);
  }

  public static ScreenCommand resume(String cause) {
    return new ScreenCommand("resume", null, null, null, null, new Reason("playlist", null, null, null, cause));
  }

  /** The same play with {@code seconds} cut to what is left at {@code now} (for a reconnecting screen). */
  public ScreenCommand remainingAt(long now) {
    int left = (int) Math.max(1, Math.ceil((until - now) / 1000.0));
    return new ScreenCommand(type, playId, content, left, until, reason);
  }

  /**
   * Why: a rule for a shopper, the playlist, or a voice request ({@code kind} {@code voice}:
   * {@code intent} and the speaker's {@code siteId}; {@code trace} is the Hermes sessionId).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reason(String kind, String rule, String shopper, String trace, String cause, String intent, String siteId) {

    public Reason(String kind, String rule, String shopper, String trace, String cause) {
      this(kind, rule, shopper, trace, cause, null, null);
    }
  }
}
