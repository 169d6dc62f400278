package org.vitrine.voice.model;

/** The Vosk model cannot be used; the message names the path and what is wrong with it. */
public final class ModelException extends RuntimeException {

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
