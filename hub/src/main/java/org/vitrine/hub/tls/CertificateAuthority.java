package org.vitrine.hub.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The store's own certificate authority: a root made once per store, which staff install on the
 * screens and phones (GET /ca.pem), and which issues the hub's server certificate. Pure: keys and
 * certificates in memory, time given; files are {@link StoreCertificates}' job, the X.509 building
 * {@link X509Builder}'s.
 *
 * <p>ECDSA P-256 throughout: fast to make (milliseconds), small handshakes, and accepted by every
 * client the store has (Chromium, curl and mosquitto through OpenSSL, Java, redis-server).
 */
public final class CertificateAuthority {

  /** A root lives long: replacing it means installing the new one on every device. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3652);
  /** Apple's limit for certificates from a private root (longer ones are refused on iPhones and Macs). */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(825);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A private key and the certificate of its public key. */
  public record KeyCert(PrivateKey key, X509Certificate cert) {
  }

  private final PrivateKey key;
  private final X509Certificate cert;

  private CertificateAuthority(PrivateKey key, X509Certificate cert) {
    this.key = key;
    this.cert = cert;
  }

  /** A new root named "Vitrine store CA (&lt;owner&gt;)", valid ten years from {@code now}. */
  public static CertificateAuthority create(String owner, Instant now) {
    // a CN is at most 64 characters: 19 of them are ours
    KeyCert root = X509Builder.root("Vitrine store CA (" + (owner.length() <= 45 ? owner : owner.substring(0, 44) + "…") + ")",
        now, CA_VALIDITY);
    return new CertificateAuthority(root.key(), root.cert());
  }

  /** A CA read back from its files: it must be a CA certificate, and the key must be its key. */
  public static CertificateAuthority of(X509Certificate cert, PrivateKey key) {
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("'" + cert.getSubjectX500Principal().getName() + "' is not a CA certificate");
    }
    if (!matches(key, cert.getPublicKey())) {
      throw new IllegalArgumentException("the private key is not the key of '" + cert.getSubjectX500Principal().getName() + "'");
    }
    return new CertificateAuthority(key, cert);
  }

  /**
   * A server certificate for exactly these names: serverAuth, {@link #SERVER_VALIDITY} (never
   * beyond the CA's own end), with a fresh key.
   */
  public KeyCert issueServer(SubjectNames names, Instant now) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    Instant until = X509Builder.notBefore(now).plus(SERVER_VALIDITY);
    if (until.isAfter(cert.getNotAfter().toInstant())) {
      until = cert.getNotAfter().toInstant();
    }
    return X509Builder.server(cert, key, names, now, until);
  }

  /** True when this CA signed the certificate. */
  public boolean issued(X509Certificate other) {
    if (!other.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
      return false;
    }
    try {
      other.verify(cert.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public X509Certificate certificate() {
    return cert;
  }

  public PrivateKey privateKey() {
    return key;
  }

  /** True when {@code key} is the private half of {@code publicKey} (a signature made and checked). */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      RANDOM.nextBytes(probe);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(publicKey);
      v.update(probe);
      return v.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
