package org.vitrine.hub.events;

/**
 * Outcome of an {@link EnrolRequest}: enrolled until {@code expiresAt}, or {@code error}
 * ({@code no-face}, {@code several-faces}, {@code unavailable}) with a message for the shopper.
 */
public record EnrolResult(boolean enrolled, String error, String message, Long expiresAt, Double quality) {

  public static EnrolResult ok(long expiresAt, Double quality) {
    return new EnrolResult(true, null, null, expiresAt, quality);
  }

  public static EnrolResult refused(String error, String message) {
    return new EnrolResult(false, error, message, null, null);
  }
}
