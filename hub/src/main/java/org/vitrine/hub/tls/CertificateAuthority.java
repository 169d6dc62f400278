package org.vitrine.hub.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The store's own certificate authority: a root made once per store, which staff install on the
 * screens and phones (GET /ca.pem), and which issues the hub's server certificate. Pure: keys and
 * certificates in memory, time given; files are {@link StoreCertificates}' job.
 *
 * <p>ECDSA P-256 throughout: fast to make (milliseconds), small handshakes, and accepted by every
 * client the store has (Chromium, curl and mosquitto through OpenSSL, Java, redis-server).
 */
public final class CertificateAuthority {

  /** A root lives long: replacing it means installing the new one on every device. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3652);
  /** Apple's limit for certificates from a private root (longer ones are refused on iPhones and Macs). */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(825);
  /** Clocks of cheap screens run a little behind: a certificate is valid from an hour before it was made. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";
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
    KeyPair pair = newKeyPair();
    // a CN is at most 64 characters: 19 of them are ours
    X500Name name = name("Vitrine store CA (" + (owner.length() <= 45 ? owner : owner.substring(0, 44) + "…") + ")");
    Instant from = now.minus(BACKDATE);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(from),
          Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
          // pathlen 0: it signs the hub's certificates, never another CA
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(pair.getPrivate(), sign(b, pair.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make the store CA: " + e.getMessage(), e);
    }
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
    KeyPair pair = newKeyPair();
    Instant from = now.minus(BACKDATE);
    Instant until = from.plus(SERVER_VALIDITY);
    if (until.isAfter(cert.getNotAfter().toInstant())) {
      until = cert.getNotAfter().toInstant();
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(), Date.from(from), Date.from(until),
          name(names.commonName()), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          // ECDSA keys sign the handshake; there is no key encipherment with them
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, names.generalNames())
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
      return new KeyCert(pair.getPrivate(), sign(b, key));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the server certificate: " + e.getMessage(), e);
    }
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

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key generator in this Java: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** O=Vitrine, CN=… (a CN is at most 64 characters). */
  private static X500Name name(String commonName) {
    String cn = commonName.length() <= 64 ? commonName : commonName.substring(0, 64);
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Vitrine").addRDN(BCStyle.CN, cn).build();
  }

  /** Random, positive, at most 16 bytes (RFC 5280 allows 20). */
  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
