package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store CA and the hub's server certificate: what they contain, when the certificate is issued again. */
class StoreCertificatesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final SubjectNames NAMES = SubjectNames.of(List.of("localhost", "hub.store.lan", "127.0.0.1", "::1", "192.168.1.20"));

  @Test
  void theFirstStartMakesACaForTenYearsAndAServerCertificateForTheNames() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    StoreCertificates.Result r = StoreCertificates.loadOrCreate(dir, "Vitrine Demo Store", NAMES, NOW);

    X509Certificate ca = Pem.certificates(Files.readString(dir.resolve("ca.pem"))).get(0);
    assertThat(r.caCreated()).isTrue();
    assertThat(ca.getSubjectX500Principal().getName()).contains("CN=Vitrine store CA (Vitrine Demo Store)");
    assertThat(ca.getBasicConstraints()).as("CA:true, pathlen 0").isZero();
    boolean[] ku = ca.getKeyUsage();
    assertThat(ku[5]).as("keyCertSign").isTrue();
    assertThat(ku[6]).as("cRLSign").isTrue();
    assertThat(ku[0]).as("digitalSignature").isFalse();
    assertThat(Duration.between(NOW, ca.getNotAfter().toInstant()).toDays()).isBetween(3650L, 3653L);
    ca.verify(ca.getPublicKey()); // self-signed

    X509Certificate server = Pem.certificates(Files.readString(dir.resolve("server.pem"))).get(0);
    server.verify(ca.getPublicKey());
    assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(server.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()).toDays()).isLessThanOrEqualTo(825);
    assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(SubjectNames.of(server)).isEqualTo(NAMES);
    assertThat(server.getSubjectX500Principal().getName()).contains("CN=hub.store.lan");
    // private keys: owner only; certificates: anyone
    assertThat(mode(dir.resolve("ca-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("server-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("ca.pem"))).isEqualTo("rw-r--r--");
    assertThat(Files.readString(dir.resolve("server-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(r.material().caPem()).isEqualTo(Files.readString(dir.resolve("ca.pem")));
  }

  @Test
  void theServerCertificateIsKeptWhileItFitsAndIssuedAgainByTheSameCaWhenNot() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    StoreCertificates.Result first = StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW);

    // same names, a day later: kept
    StoreCertificates.Result same = StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW.plus(Duration.ofDays(1)));
    assertThat(same.reissued()).isNull();
    assertThat(same.caCreated()).isFalse();
    assertThat(same.server().cert()).isEqualTo(first.server().cert());

    // fewer names (an interface went away): still covered, kept
    SubjectNames fewer = SubjectNames.of(List.of("localhost", "127.0.0.1"));
    assertThat(StoreCertificates.loadOrCreate(dir, "Demo", fewer, NOW).reissued()).isNull();

    // a new address: issued again, for the names of now, by the same CA
    SubjectNames moved = SubjectNames.of(List.of("localhost", "hub.store.lan", "127.0.0.1", "::1", "10.0.0.7"));
    StoreCertificates.Result after = StoreCertificates.loadOrCreate(dir, "Demo", moved, NOW);
    assertThat(after.reissued()).contains("does not cover 10.0.0.7");
    assertThat(after.ca().certificate()).isEqualTo(first.ca().certificate());
    assertThat(SubjectNames.of(after.server().cert())).isEqualTo(moved);
    after.server().cert().verify(first.ca().certificate().getPublicKey());

    // 30 days before its end: issued again
    Instant late = after.server().cert().getNotAfter().toInstant().minus(Duration.ofDays(29));
    StoreCertificates.Result renewed = StoreCertificates.loadOrCreate(dir, "Demo", moved, late);
    assertThat(renewed.reissued()).contains("within 30 days");
    assertThat(renewed.server().cert().getNotAfter()).isAfter(after.server().cert().getNotAfter());
    assertThat(renewed.ca().certificate()).isEqualTo(first.ca().certificate());
  }

  @Test
  void aServerCertificateOfAnotherCaOrWithoutItsKeyIsReplaced() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW);
    CertificateAuthority other = CertificateAuthority.create("someone else", NOW);
    CertificateAuthority.KeyCert foreign = other.issueServer(NAMES, NOW);
    Files.writeString(dir.resolve("server.pem"), Pem.of(foreign.cert()));
    Files.writeString(dir.resolve("server-key.pem"), Pem.of(foreign.key()));
    assertThat(StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW).reissued()).isEqualTo("not issued by the store CA");

    Files.writeString(dir.resolve("server-key.pem"), Pem.of(foreign.key()));
    assertThat(StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW).reissued()).isEqualTo("its key file holds another key");

    Files.delete(dir.resolve("server-key.pem"));
    assertThat(StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW).reissued()).isEqualTo("no server certificate yet");
  }

  @Test
  void aLostCaKeyStopsStartUpInsteadOfMakingADifferentCa() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW);
    String ca = Files.readString(dir.resolve("ca.pem"));
    Files.delete(dir.resolve("ca-key.pem"));
    assertThatThrownBy(() -> StoreCertificates.loadOrCreate(dir, "Demo", NAMES, NOW))
        .hasMessageContaining("ca-key.pem: missing").hasMessageContaining("restore it");
    assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(ca);
  }

  @Test
  void namesAreHostNamesOrIpAddressesInOneFormAndNeverLookedUp() {
    SubjectNames n = SubjectNames.of(List.of("LocalHost", "[::1]", "fe80::1%eth0", "0:0:0:0:0:0:0:1", "10.1.2.3", "*.store.lan"));
    assertThat(n.dnsNames()).containsExactly("*.store.lan", "localhost");
    assertThat(n.ipAddresses()).containsExactlyInAnyOrder("0:0:0:0:0:0:0:1", "fe80:0:0:0:0:0:0:1", "10.1.2.3");
    assertThatThrownBy(() -> SubjectNames.of(List.of("999.1.1.1"))).hasMessageContaining("'999.1.1.1' is not an IP address");
    assertThatThrownBy(() -> SubjectNames.of(List.of("hub.lan:8443"))).hasMessageContaining("is not an IP address");
    assertThatThrownBy(() -> SubjectNames.of(List.of("my hub"))).hasMessageContaining("neither a host name nor an IP address");
    assertThat(HostNames.hostOf("https://[fd00::5]:8443/x")).isEqualTo("fd00::5");
    assertThat(HostNames.hostOf("http://shop.local:8080")).isEqualTo("shop.local");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
