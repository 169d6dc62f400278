package org.vitrine.hub.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text as lower-case hex, and a constant-time comparison of two such hashes. */
public final class Sha256 {

  private Sha256() {
  }

  public static String hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Equal hashes, compared in constant time (a stored password or key hash against a candidate's). */
  public static boolean same(String hexA, String hexB) {
    return hexA != null && hexB != null
        && MessageDigest.isEqual(hexA.getBytes(StandardCharsets.US_ASCII), hexB.getBytes(StandardCharsets.US_ASCII));
  }
}
