package org.vitrine.hub.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import org.vitrine.hub.ops.PrivateFile;

/**
 * The store CA and the hub's server certificate in their folder (tls.dir, default data/tls):
 * {@code ca.pem}, {@code ca-key.pem}, {@code server.pem}, {@code server-key.pem}; keys mode 600.
 * The CA is made once and then only read: devices trust it, so a lost or broken CA file stops
 * start-up rather than being silently replaced. The server certificate is issued again (same CA)
 * whenever it would expire within 30 days or no longer covers the hub's names. Blocking.
 */
public final class StoreCertificates {

  public static final String CA = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String SERVER = "server.pem";
  public static final String SERVER_KEY = "server-key.pem";
  /** A server certificate this close to its end is replaced at start. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /**
   * What start-up found or made. {@code caCreated}: the CA is new (devices must install it);
   * {@code reissued}: why the server certificate was issued at this start, or null when the one on
   * disk was kept.
   */
  public record Result(CertificateAuthority ca, CertificateAuthority.KeyCert server, boolean caCreated, String reissued) {

    public TlsMaterial material() {
      return new TlsMaterial(Pem.of(server.cert()), Pem.of(server.key()), Pem.of(ca.certificate()));
    }
  }

  private StoreCertificates() {
  }

  /** {@code owner}: the store's name (or the host's) in the CA's name; {@code names}: what the server certificate must cover. */
  public static Result loadOrCreate(Path dir, String owner, SubjectNames names, Instant now) throws IOException {
    Path caFile = dir.resolve(CA);
    Path caKeyFile = dir.resolve(CA_KEY);
    boolean caCreated = false;
    CertificateAuthority ca;
    if (Files.notExists(caFile) && Files.notExists(caKeyFile)) {
      ca = CertificateAuthority.create(owner, now);
      PrivateFile.write(caKeyFile, Pem.of(ca.privateKey()), true);
      PrivateFile.write(caFile, Pem.of(ca.certificate()), false);
      caCreated = true;
    } else {
      ca = readCa(caFile, caKeyFile, now);
    }
    String why = caCreated ? "new store CA" : reasonToIssue(ca, dir, names, now);
    CertificateAuthority.KeyCert server;
    if (why == null) {
      server = new CertificateAuthority.KeyCert(Pem.privateKey(Files.readString(dir.resolve(SERVER_KEY))),
          Pem.certificates(Files.readString(dir.resolve(SERVER))).get(0));
    } else {
      server = ca.issueServer(names, now);
      // key first: a crash in between leaves a certificate without its key, which is issued again next start
      PrivateFile.write(dir.resolve(SERVER_KEY), Pem.of(server.key()), true);
      PrivateFile.write(dir.resolve(SERVER), Pem.of(server.cert()), false);
    }
    return new Result(ca, server, caCreated, why);
  }

  private static CertificateAuthority readCa(Path caFile, Path caKeyFile, Instant now) throws IOException {
    String restore = ": restore it from a backup, or delete " + caFile.getFileName() + " and " + caKeyFile.getFileName()
        + " to make a new store CA (every screen and phone must then install the new one)";
    for (Path p : new Path[] {caFile, caKeyFile}) {
      if (Files.notExists(p)) {
        throw new IllegalStateException(p + ": missing" + restore);
      }
    }
    CertificateAuthority ca;
    try {
      X509Certificate cert = Pem.certificates(Files.readString(caFile)).get(0);
      ca = CertificateAuthority.of(cert, Pem.privateKey(Files.readString(caKeyFile)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(caFile + ", " + caKeyFile.getFileName() + ": " + e.getMessage() + restore, e);
    }
    if (ca.certificate().getNotAfter().toInstant().isBefore(now)) {
      throw new IllegalStateException(caFile + ": the store CA expired on " + ca.certificate().getNotAfter().toInstant()
          + ": delete " + caFile.getFileName() + " and " + caKeyFile.getFileName()
          + " to make a new one (every screen and phone must then install the new one)");
    }
    return ca;
  }

  /** Why the server certificate on disk will not do, or null when it will. */
  static String reasonToIssue(CertificateAuthority ca, Path dir, SubjectNames names, Instant now) throws IOException {
    Path certFile = dir.resolve(SERVER);
    Path keyFile = dir.resolve(SERVER_KEY);
    if (Files.notExists(certFile) || Files.notExists(keyFile)) {
      return "no server certificate yet";
    }
    X509Certificate cert;
    try {
      cert = Pem.certificates(Files.readString(certFile)).get(0);
      if (!CertificateAuthority.matches(Pem.privateKey(Files.readString(keyFile)), cert.getPublicKey())) {
        return "its key file holds another key";
      }
    } catch (IllegalArgumentException e) {
      return "unreadable: " + e.getMessage();
    }
    if (!ca.issued(cert)) {
      return "not issued by the store CA";
    }
    Instant end = cert.getNotAfter().toInstant();
    if (end.isBefore(now.plus(RENEW_BEFORE))) {
      return "it expires " + end + " (within " + RENEW_BEFORE.toDays() + " days)";
    }
    SubjectNames has = SubjectNames.of(cert);
    if (!has.covers(names)) {
      TreeSet<String> missing = new TreeSet<>(names.dnsNames());
      missing.removeAll(has.dnsNames());
      TreeSet<String> missingIps = new TreeSet<>(names.ipAddresses());
      missingIps.removeAll(has.ipAddresses());
      missing.addAll(missingIps);
      return "it does not cover " + String.join(", ", missing);
    }
    return null;
  }
}
