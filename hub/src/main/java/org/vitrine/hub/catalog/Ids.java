package org.vitrine.hub.catalog;

import java.util.regex.Pattern;

/** What an id written through the console may look like: it travels in URLs, Redis keys and MQTT topics. */
public final class Ids {

  /** Lower-case letters, digits and dashes, 1-64, starting with a letter or digit. */
  public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private Ids() {
  }
}
