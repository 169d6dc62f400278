package org.vitrine.hub.members;

import java.util.regex.Pattern;

/**
 * The shape of a stored member secret: a PBKDF2 PHC string as Vert.x auth's HashingStrategy writes
 * it ({@code $pbkdf2$$<salt>$<hash>}). Pure, so conf checks use it without the hashing itself.
 */
public final class PhcString {

  private static final Pattern PHC = Pattern.compile("\\$pbkdf2\\$[^$]*\\$[A-Za-z0-9+/=]{8,}\\$[A-Za-z0-9+/=]{16,}");

  private PhcString() {
  }

  /** Whether {@code s} looks like a PBKDF2 PHC string {@link MemberSecrets} can verify. */
  public static boolean isPhc(String s) {
    return s != null && PHC.matcher(s).matches();
  }
}
