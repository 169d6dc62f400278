package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Proc;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * HTTPS and MQTT over TLS with clients that are not ours (curl, mosquitto_pub, Java's TLS), the
 * store CA they trust once it is installed, and the operator's own certificate instead.
 */
@ExtendWith(HubExtension.class)
class TlsIT {

  private static TestHub hub;

  @Test
  void curlReachesTheConsoleOverHttpsWithTheStoreCaAndOnlyWithIt() throws Exception {
    String url = "https://localhost:" + hub.httpsPort() + "/console/";
    // WHEN curl is given the store CA, THEN the console answers, by name and by address
    Proc ok = Proc.run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", hub.caPem().toString(), url);
    assertThat(ok.exitCode()).as(ok.output()).isZero();
    assertThat(ok.output()).isEqualTo("200");
    Proc byIp = Proc.run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", hub.caPem().toString(),
        "https://127.0.0.1:" + hub.httpsPort() + "/api/health");
    assertThat(byIp.output()).as(byIp.output()).isEqualTo("200");
    // AND without it curl refuses the certificate (exit 60: peer certificate cannot be authenticated)
    Proc refused = Proc.run("curl", "-sS", "-o", "/dev/null", url);
    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(60);
  }

  @Test
  void caPemServesTheStoreCaWithoutLogin() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/ca.pem")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/x-pem-file");
    assertThat(r.body()).startsWith("-----BEGIN CERTIFICATE-----").isEqualTo(Files.readString(hub.caPem()));
    // parsed by Java's own X.509 reader: a CA certificate, the store's
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.US_ASCII)));
    assertThat(ca.getBasicConstraints()).as("CA:true pathlen 0").isZero();
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getSubjectX500Principal().getName()).contains("Vitrine store CA (Vitrine Demo Store)");
    // AND the landing page links it
    Proc landing = Proc.run("curl", "-sS", "http://127.0.0.1:" + hub.httpPort() + "/");
    assertThat(landing.output()).contains("href=\"/ca.pem\"");
  }

  @Test
  void theServerCertificateOnTheWireNamesLocalhostAndTheLoopbackAddresses() throws Exception {
    X509Certificate ca = Pem.certificates(Files.readString(hub.caPem())).get(0);
    try (SSLSocket socket = (SSLSocket) trusting(ca).getSocketFactory().createSocket("127.0.0.1", hub.httpsPort())) {
      socket.startHandshake(); // Java checks the chain against the store CA
      X509Certificate server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      server.verify(ca.getPublicKey());
      SubjectNames names = SubjectNames.of(server);
      assertThat(names.dnsNames()).contains("localhost");
      assertThat(names.ipAddresses()).contains("127.0.0.1", "0:0:0:0:0:0:0:1");
      assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }
    // the MQTT over TLS port serves the same certificate
    try (SSLSocket socket = (SSLSocket) trusting(ca).getSocketFactory().createSocket("127.0.0.1", hub.mqttsPort())) {
      socket.startHandshake();
      assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(Pem.certificates(Files.readString(hub.tlsDir.resolve("server.pem"))).get(0));
    }
  }

  @Test
  void mosquittoPubSendsASightingOverTlsWithTheStoreCaAndNotWithAnother() throws Exception {
    long accepted = hub.hub.counters().get("sightings.accepted");
    // WHEN a camera publishes over MQTT over TLS, trusting the store CA
    Proc pub = Proc.run("mosquitto_pub", "--cafile", hub.caPem().toString(), "-h", "localhost", "-p", String.valueOf(hub.mqttsPort()),
        "-u", "cam-cafe", "-P", "demo-cam-cafe", "-q", "1", "-t", "vitrine/v1/devices/cam-cafe/sightings",
        "-m", "{\"v\":1,\"track\":\"t-tls\",\"shopper\":\"ben\",\"confidence\":0.9}");
    assertThat(pub.exitCode()).as(pub.output()).isZero();
    // THEN the hub accepted it like any sighting: Ben is in the cafe
    assertThat(hub.hub.counters().get("sightings.accepted")).isEqualTo(accepted + 1);
    String ben = Eventually.value(() -> hub.hub.presenceStore().stored().await().get("ben"),
        p -> p != null && p.contains("\"zone\":\"cafe\""));
    assertThat(ben).contains("\"zone\":\"cafe\"");

    // WHEN it trusts another CA instead, THEN the handshake fails and nothing arrives
    Path otherCa = Files.createTempFile("other-ca", ".pem");
    Files.writeString(otherCa, Pem.of(CertificateAuthority.create("not the store", Instant.now()).certificate()));
    Proc wrong = Proc.run("mosquitto_pub", "-d", "--cafile", otherCa.toString(), "-h", "localhost", "-p", String.valueOf(hub.mqttsPort()),
        "-u", "cam-cafe", "-P", "demo-cam-cafe", "-q", "1", "-t", "vitrine/v1/devices/cam-cafe/sightings",
        "-m", "{\"v\":1,\"track\":\"t-tls-2\",\"shopper\":\"ben\"}");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.output()).containsIgnoringCase("certificate verify failed");
    assertThat(hub.hub.counters().get("sightings.accepted")).isEqualTo(accepted + 1);
  }

  @Test
  void withTheOperatorsCertificateTheHubServesItAndPublishesTheirCaOrNone(Vertx vertx) throws Exception {
    // GIVEN the store's IT department's own CA and a certificate it issued for the hub
    Path files = Files.createTempDirectory("operator-tls");
    CertificateAuthority acme = CertificateAuthority.create("Acme IT", Instant.now());
    CertificateAuthority.KeyCert cert = acme.issueServer(SubjectNames.of(List.of("localhost", "127.0.0.1")), Instant.now());
    Files.writeString(files.resolve("hub.pem"), Pem.of(cert.cert(), acme.certificate()));
    Files.writeString(files.resolve("hub-key.pem"), Pem.of(cert.key()));
    Files.writeString(files.resolve("acme-ca.pem"), Pem.of(acme.certificate()));

    TestHub operator = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30, c -> {
      c.tls.certFile = files.resolve("hub.pem").toString();
      c.tls.keyFile = files.resolve("hub-key.pem").toString();
      c.tls.caFile = files.resolve("acme-ca.pem").toString();
    });
    try {
      // THEN curl trusting their CA reaches the hub, and /ca.pem is their CA; no store CA was made
      Proc ok = Proc.run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", files.resolve("acme-ca.pem").toString(),
          "https://localhost:" + operator.httpsPort() + "/api/health");
      assertThat(ok.output()).as(ok.output()).isEqualTo("200");
      Proc ca = Proc.run("curl", "-sS", "http://127.0.0.1:" + operator.httpPort() + "/ca.pem");
      assertThat(ca.output()).isEqualTo(Pem.of(acme.certificate()));
      assertThat(operator.tlsDir).doesNotExist();
    } finally {
      operator.close();
    }

    // AND without tls.caFile there is nothing to publish: 404 in the API's error form
    TestHub noCa = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30, c -> {
      c.tls.certFile = files.resolve("hub.pem").toString();
      c.tls.keyFile = files.resolve("hub-key.pem").toString();
    });
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + noCa.httpPort() + "/ca.pem")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getString("error")).isEqualTo("not-found");
      assertThat(body.getString("message")).contains("tls.caFile");
    } finally {
      noCa.close();
    }
  }

  @Test
  void minusOneSwitchesBothListenersOffAndNoCaIsMade(Vertx vertx) throws Exception {
    TestHub off = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30, c -> {
      c.tls.httpsPort = -1;
      c.tls.mqttsPort = -1;
    });
    try {
      assertThat(off.httpsPort()).isEqualTo(-1);
      assertThat(off.mqttsPort()).isEqualTo(-1);
      assertThat(off.tlsDir).doesNotExist();
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + off.httpPort() + "/ca.pem")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(r.body()).getString("message")).contains("TLS is off");
    } finally {
      off.close();
    }
  }

  private static SSLContext trusting(X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("store-ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
