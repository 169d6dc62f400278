package org.vitrine.hub.tls;

import io.vertx.ext.web.Router;
import org.vitrine.hub.web.ApiErrors;

/**
 * {@code GET /ca.pem}, no login: the CA staff install on screens and phones so they trust the
 * hub's HTTPS and MQTT over TLS. The store CA by default; with the operator's certificate, their
 * tls.caFile, or 404 when they gave none.
 */
public final class CaCertificateRoute {

  private CaCertificateRoute() {
  }

  /** {@code tls}: null when both TLS listeners are off. */
  public static void mount(Router router, TlsMaterial tls) {
    router.get("/ca.pem").handler(ctx -> {
      if (tls == null || tls.caPem() == null) {
        ApiErrors.notFound(ctx, tls == null ? "TLS is off on this hub (tls.httpsPort and tls.mqttsPort are -1)"
            : "this hub uses the operator's certificate and no CA to publish was configured (tls.caFile)");
        return;
      }
      ctx.response().putHeader("content-type", "application/x-pem-file")
          .putHeader("content-disposition", "attachment; filename=\"vitrine-store-ca.pem\"")
          .putHeader("cache-control", "no-cache")
          .end(tls.caPem());
    });
  }
}
