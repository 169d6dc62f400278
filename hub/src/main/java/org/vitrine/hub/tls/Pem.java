package org.vitrine.hub.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text of certificates and private keys, both ways. Certificates and PKCS#8 keys (what the hub
 * writes, and most tools) go through the JDK alone; only OpenSSL's traditional key forms ("RSA
 * PRIVATE KEY", "EC PRIVATE KEY") need BouncyCastle's reader. Why it matters: bcprov is a signed jar
 * and the JVM checks its signature at the first class it loads, about half a second on a busy
 * two-core machine; so a restart whose certificate is still good never loads BouncyCastle.
 */
public final class Pem {

  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private Pem() {
  }

  /** CERTIFICATE blocks, in the order given (a chain: the server's first). */
  public static String of(X509Certificate... certs) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate c : certs) {
      try {
        block(out, "CERTIFICATE", c.getEncoded());
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode a certificate: " + e.getMessage(), e);
      }
    }
    return out.toString();
  }

  /** An unencrypted PKCS#8 "PRIVATE KEY" block: what Vert.x, OpenSSL and redis-server all read. */
  public static String of(PrivateKey key) {
    return block(new StringBuilder(), "PRIVATE KEY", key.getEncoded()).toString();
  }

  /** Every CERTIFICATE block in the text (other text is skipped); IllegalArgumentException when there is none. */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher m = BLOCK.matcher(pem);
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(body(m))));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("no -----BEGIN CERTIFICATE----- block");
    }
    return certs;
  }

  /** The first private key in the text: PKCS#8, or OpenSSL's traditional RSA / EC form. Encrypted keys are refused. */
  public static PrivateKey privateKey(String pem) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("ENCRYPTED PRIVATE KEY") || (type.endsWith("PRIVATE KEY") && m.group(2).contains("ENCRYPTED"))) {
        throw new IllegalArgumentException("the private key is encrypted: the hub needs it without a passphrase"
            + " (openssl pkey -in key.pem -out plain.pem)");
      }
      if (type.equals("PRIVATE KEY")) {
        return pkcs8(body(m));
      }
      if (type.endsWith("PRIVATE KEY")) {
        return traditional(m.group());
      }
    }
    throw new IllegalArgumentException("no -----BEGIN PRIVATE KEY----- block");
  }

  /** SHA-256 of the certificate, as browsers and openssl show it (AB:CD:…): for checking a CA by eye. */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisOne) {
        // the spec names its algorithm inside; try the next key factory
      }
    }
    throw new IllegalArgumentException("a PKCS#8 key of none of EC, RSA, Ed25519");
  }

  /** "RSA PRIVATE KEY" / "EC PRIVATE KEY": BouncyCastle's reader, loaded only for these. */
  private static PrivateKey traditional(String block) {
    try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(new StringReader(block))) {
      Object o = parser.readObject();
      if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        // the private half only: a traditional EC key may come without its public key
        return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
      }
      throw new IllegalArgumentException("unsupported private key block");
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
    }
  }

  private static byte[] body(Matcher m) {
    return Base64.getMimeDecoder().decode(m.group(2).getBytes(StandardCharsets.US_ASCII));
  }

  private static StringBuilder block(StringBuilder out, String type, byte[] der) {
    out.append("-----BEGIN ").append(type).append("-----\n")
        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)).append('\n')
        .append("-----END ").append(type).append("-----\n");
    return out;
  }
}
