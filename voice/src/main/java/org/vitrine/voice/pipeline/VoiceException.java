package org.vitrine.voice.pipeline;

/** A request the pipeline refuses (unknown site, overload, closed); code is machine-readable. */
public final class VoiceException extends RuntimeException {

  private final String code;

  public VoiceException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
