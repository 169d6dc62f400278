package org.vitrine.hub.checkin;

/**
 * A check-in, identity or member request refused on purpose, with what the caller is told: HTTP
 * status, error code, a message for a person, and for 429 when to try again. Mapped to the answer
 * in one place ({@link CheckinApi#refuse}); {@code log} is what the hub's log says on top (never
 * sent: e.g. why a member token was refused).
 */
public final class Refusal extends RuntimeException {

  public final int status;
  public final String code;
  public final long retryAfterSeconds;
  public final String log;

  public Refusal(int status, String code, String message) {
    this(status, code, message, 0, null);
  }

  public Refusal(int status, String code, String message, long retryAfterSeconds, String log) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.log = log;
  }

  /** Too many attempts: try again in {@code millis} (rounded up to whole seconds, at least 1). */
  public static Refusal tooMany(String code, String message, long millis) {
    return new Refusal(429, code, message, Math.max(1, (millis + 999) / 1000), null);
  }

  /** The same refusal with a reason for the hub's log. */
  public Refusal logging(String why) {
    return new Refusal(status, code, getMessage(), retryAfterSeconds, why);
  }
}
