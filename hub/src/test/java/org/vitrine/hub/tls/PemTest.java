package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key and certificate files operators bring, in the forms OpenSSL and others write them. */
class PemTest {

  @Test
  void certificatesAndPkcs8KeysRoundTripAndTextAroundBlocksIsSkipped() {
    CertificateAuthority ca = CertificateAuthority.create("Pem test", Instant.now());
    CertificateAuthority.KeyCert server = ca.issueServer(SubjectNames.of(List.of("localhost")), Instant.now());
    String chain = "subject=CN = localhost\nissuer=…\n" + Pem.of(server.cert(), ca.certificate()) + "\n# trailing note\n";
    assertThat(Pem.certificates(chain)).containsExactly(server.cert(), ca.certificate());
    assertThat(Pem.privateKey(Pem.of(server.key()))).isEqualTo(server.key());
    assertThat(Pem.of(server.key())).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> Pem.certificates("hello")).hasMessageContaining("no -----BEGIN CERTIFICATE----- block");
  }

  /**
   * Files OpenSSL 3 wrote (test keys, hub/src/test/resources/tls/openssl/): {@code openssl ecparam
   * -name prime256v1 -genkey -noout}, {@code openssl genrsa -traditional 1024}, {@code openssl req
   * -x509 -key …} for the certificates, {@code openssl ec -aes128} for the encrypted one.
   */
  @Test
  void opensslsTraditionalEcAndRsaKeysAreReadAndEncryptedOnesRefused() throws Exception {
    PrivateKey ec = Pem.privateKey(resource("ec.pem"));
    assertThat(ec.getAlgorithm()).isEqualTo("EC");
    assertThat(CertificateAuthority.matches(ec, Pem.certificates(resource("ec-cert.pem")).get(0).getPublicKey())).isTrue();
    PrivateKey rsa = Pem.privateKey(resource("rsa.pem"));
    assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
    X509Certificate rsaCert = Pem.certificates(resource("rsa-cert.pem")).get(0);
    assertThat(CertificateAuthority.matches(rsa, rsaCert.getPublicKey())).isTrue();
    assertThat(CertificateAuthority.matches(ec, rsaCert.getPublicKey())).isFalse();
    // written again as PKCS#8 (what the hub hands Vert.x), the same key
    assertThat(Pem.privateKey(Pem.of(rsa))).isEqualTo(rsa);
    assertThatThrownBy(() -> Pem.privateKey(resource("ec-enc.pem"))).hasMessageContaining("encrypted");
  }

  private static String resource(String name) throws Exception {
    try (var in = PemTest.class.getResourceAsStream("/tls/openssl/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
