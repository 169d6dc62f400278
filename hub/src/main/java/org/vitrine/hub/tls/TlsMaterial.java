package org.vitrine.hub.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * What the hub's TLS listeners serve: the certificate chain (server first) and its key as PEM, and
 * the CA certificate published at /ca.pem (null when there is none to publish).
 */
public record TlsMaterial(String certChainPem, String keyPem, String caPem) {

  /** For HttpServerOptions / MqttServerOptions; the key stays in memory, never on a command line. */
  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().addCertValue(Buffer.buffer(certChainPem)).addKeyValue(Buffer.buffer(keyPem));
  }
}
