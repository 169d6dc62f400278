package org.vitrine.hub.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A device that logs in to the hub's MQTT endpoint (username = id). The conf file holds the
 * password; Redis only ever holds {@code passwordHash} ("salt:sha256(salt+password)").
 */
public record Device(String id, String kind, String zone, String password, String passwordHash) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The same device, password replaced by its salted hash (what we store). */
  public Device withHashedPassword() {
    if (password == null) {
      return this;
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    String saltHex = HexFormat.of().formatHex(salt);
    return new Device(id, kind, zone, null, saltHex + ":" + sha256(saltHex + password));
  }

  /** Constant-time check of a password against the stored hash. */
  @JsonIgnore
  public boolean acceptsPassword(String candidate) {
    if (candidate == null || passwordHash == null) {
      return false;
    }
    int colon = passwordHash.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String salt = passwordHash.substring(0, colon);
    return MessageDigest.isEqual(
        sha256(salt + candidate).getBytes(StandardCharsets.US_ASCII),
        passwordHash.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
