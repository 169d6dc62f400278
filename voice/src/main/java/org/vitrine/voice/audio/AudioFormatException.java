package org.vitrine.voice.audio;

/** Audio the speaker cannot use (wrong format, not audio at all); the stream stays usable. */
public final class AudioFormatException extends RuntimeException {

  /** Short machine-readable reason, for error replies to devices. */
  private final String code;

  public AudioFormatException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
