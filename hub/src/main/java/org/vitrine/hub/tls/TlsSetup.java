package org.vitrine.hub.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.ConfigException;
import org.vitrine.hub.config.HubConfig;

/**
 * Start-up's TLS step: the operator's certificate when configured, else the store CA's (made at
 * the first start, {@link StoreCertificates}). Blocking: file and key work, run it in executeBlocking.
 */
public final class TlsSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);

  private TlsSetup() {
  }

  /**
   * @param storeName the store's name, in the store CA's name (the host name when blank)
   * @param publicUrl checkin.publicUrl: its host goes into the server certificate
   * @param hubYaml   named in configuration errors
   */
  public static TlsMaterial prepare(HubConfig.Tls tls, String storeName, String publicUrl, Path hubYaml, Instant now) {
    if (tls.operatorCertificate()) {
      return operator(tls, hubYaml, now);
    }
    SubjectNames names = HostNames.current(tls.hostNames, publicUrl);
    String owner = storeName != null && !storeName.isBlank() ? storeName.trim() : String.valueOf(HostNames.hostName());
    Path dir = Path.of(tls.dir);
    StoreCertificates.Result r;
    try {
      r = StoreCertificates.loadOrCreate(dir, owner, names, now);
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep the store CA in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    X509Certificate ca = r.ca().certificate();
    if (r.caCreated()) {
      LOG.info("TLS: made the store CA '{}' (SHA-256 {}) in {}: install it on screens and phones (GET /ca.pem)",
          ca.getSubjectX500Principal().getName(), Pem.fingerprint(ca), dir.toAbsolutePath());
    } else {
      LOG.info("TLS: store CA '{}' (SHA-256 {}), valid until {}", ca.getSubjectX500Principal().getName(),
          Pem.fingerprint(ca), ca.getNotAfter().toInstant());
    }
    X509Certificate server = r.server().cert();
    if (r.reissued() != null) {
      LOG.info("TLS: issued the hub's server certificate ({}): valid until {}, for {}", r.reissued(),
          server.getNotAfter().toInstant(), SubjectNames.of(server));
    } else {
      LOG.info("TLS: server certificate valid until {}, for {}", server.getNotAfter().toInstant(), SubjectNames.of(server));
    }
    return r.material();
  }

  /** tls.certFile + tls.keyFile (+ tls.caFile), checked so a mistake stops start-up with the file named, not a handshake later. */
  private static TlsMaterial operator(HubConfig.Tls tls, Path hubYaml, Instant now) {
    List<X509Certificate> chain = read(hubYaml, "tls.certFile", tls.certFile, Pem::certificates);
    PrivateKey key = read(hubYaml, "tls.keyFile", tls.keyFile, Pem::privateKey);
    X509Certificate leaf = chain.get(0);
    if (!CertificateAuthority.matches(key, leaf.getPublicKey())) {
      throw new ConfigException(hubYaml + ": tls.keyFile: " + tls.keyFile + " is not the key of the first certificate in "
          + tls.certFile + " ('" + leaf.getSubjectX500Principal().getName() + "')");
    }
    String caPem = null;
    if (!tls.caFile.isBlank()) {
      caPem = Pem.of(read(hubYaml, "tls.caFile", tls.caFile, Pem::certificates).toArray(new X509Certificate[0]));
    }
    Instant end = leaf.getNotAfter().toInstant();
    if (end.isBefore(now)) {
      LOG.warn("TLS: your certificate {} EXPIRED on {}: clients will refuse the hub's TLS ports until it is replaced", tls.certFile, end);
    } else if (end.isBefore(now.plus(StoreCertificates.RENEW_BEFORE))) {
      LOG.warn("TLS: your certificate {} expires on {}: replace it soon", tls.certFile, end);
    }
    LOG.info("TLS: your certificate '{}' from {}, valid until {}, for {}; /ca.pem {}", leaf.getSubjectX500Principal().getName(),
        tls.certFile, end, SubjectNames.of(leaf), caPem == null ? "answers 404 (no tls.caFile)" : "publishes " + tls.caFile);
    return new TlsMaterial(Pem.of(chain.toArray(new X509Certificate[0])), Pem.of(key), caPem);
  }

  private static <T> T read(Path hubYaml, String field, String file, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(Files.readString(Path.of(file)));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(hubYaml + ": " + field + ": " + file + ": " + e.getMessage());
    }
  }
}
