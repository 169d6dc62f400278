package org.vitrine.hub.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
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
 * The certificates themselves, built with BouncyCastle (the JDK has no public API to make one).
 * Kept apart from {@link CertificateAuthority} so that a start which only checks its certificate
 * never loads BouncyCastle (whose signed jar costs ~0.5 s to verify at its first class, see {@link Pem}).
 */
final class X509Builder {

  /** Clocks of cheap screens run a little behind: a certificate is valid from an hour before it was made. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private X509Builder() {
  }

  /** A self-signed root: CA:true pathlen 0 (it signs the hub's certificates, never another CA), keyCertSign + cRLSign. */
  static CertificateAuthority.KeyCert root(String commonName, Instant now, Duration validity) {
    KeyPair pair = newKeyPair();
    X500Name name = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
          Date.from(now.plus(validity)), name, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority.KeyCert(pair.getPrivate(), sign(b, pair.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make the store CA: " + e.getMessage(), e);
    }
  }

  /** A TLS server certificate for the names, signed by the CA, valid from an hour ago until {@code until}. */
  static CertificateAuthority.KeyCert server(X509Certificate caCert, PrivateKey caKey, SubjectNames names, Instant now,
      Instant until) {
    KeyPair pair = newKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minus(BACKDATE)),
          Date.from(until), name(names.commonName()), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          // ECDSA keys sign the handshake; there is no key encipherment with them
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, generalNames(names))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
      return new CertificateAuthority.KeyCert(pair.getPrivate(), sign(b, caKey));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the server certificate: " + e.getMessage(), e);
    }
  }

  /** The start of a certificate made now. */
  static Instant notBefore(Instant now) {
    return now.minus(BACKDATE);
  }

  private static GeneralNames generalNames(SubjectNames names) {
    List<GeneralName> all = new ArrayList<>();
    names.dnsNames().forEach(n -> all.add(new GeneralName(GeneralName.dNSName, n)));
    names.ipAddresses().forEach(ip -> all.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(SubjectNames.ipBytes(ip)))));
    return new GeneralNames(all.toArray(new GeneralName[0]));
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
