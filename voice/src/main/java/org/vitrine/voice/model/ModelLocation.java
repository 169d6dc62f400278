package org.vitrine.voice.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Vosk model is: explicit path, else VITRINE_VOSK_MODEL, else the build's unpacked model. */
public final class ModelLocation {

  public static final String ENV = "VITRINE_VOSK_MODEL";
  /** Set by the voice module's surefire configuration and usable with -D anywhere. */
  public static final String PROPERTY = "vitrine.vosk.model";

  private ModelLocation() {
  }

  public static Path resolve(String explicit) {
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    // Run from the project root or from voice/: both find the model the build unpacked.
    for (String candidate : new String[] {"voice/target/vosk-model", "target/vosk-model"}) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return Path.of("voice/target/vosk-model");
  }
}
