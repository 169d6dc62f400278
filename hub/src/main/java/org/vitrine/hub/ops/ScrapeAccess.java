package org.vitrine.hub.ops;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may scrape {@code /metrics}: with a configured token, whoever sends it as a bearer token
 * (Prometheus' {@code authorization} setting); without one, only clients on this machine.
 */
public final class ScrapeAccess {

  private final byte[] token;

  public ScrapeAccess(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  public boolean configured() {
    return token != null;
  }

  /** Constant-time comparison with the configured token; false when none is configured. */
  public boolean tokenMatches(String candidate) {
    return token != null && candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether this request may read /metrics. */
  public boolean allows(RoutingContext ctx) {
    if (token != null) {
      String h = ctx.request().getHeader("Authorization");
      return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && tokenMatches(h.substring(7).trim());
    }
    var peer = ctx.request().remoteAddress();
    String host = peer == null ? "" : peer.hostAddress();
    return host.startsWith("127.") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
  }
}
