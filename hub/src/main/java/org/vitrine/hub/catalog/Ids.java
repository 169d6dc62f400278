package org.vitrine.hub.catalog;

import java.util.regex.Pattern;

/**
 * What an id of a zone, screen, device, content item, playlist, rule, shopper or user may look
 * like, whether written in conf/ or through the console: it travels in URLs, Redis keys and MQTT
 * topics. One pattern for both, so whatever conf/ defines the console can address.
 */
public final class Ids {

  /** Lower-case letters, digits, dashes and underscores, 1-64, starting with a letter or digit. */
  public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** {@link #PATTERN} in words, for error messages. */
  public static final String RULE = "1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit";

  private Ids() {
  }
}
