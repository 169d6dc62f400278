package org.vitrine.hub.redis;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;

/**
 * How the hub reaches Redis: {@code redis://[:password@]host:port}, or {@code rediss://} for Redis
 * over TLS, where the server's certificate is checked against Java's CAs or the operator's
 * redis.caFile and must name the host of the URL.
 */
public final class RedisConnections {

  private RedisConnections() {
  }

  /** The client options of the hub's one Redis client. {@code caFile}: PEM CA for rediss, empty = Java's CAs. */
  public static RedisOptions options(String url, String caFile) {
    RedisOptions options = new RedisOptions().setConnectionString(url)
        // Each command holds a pooled connection for its round trip: the pool size is the number of
        // commands in flight. 8 capped the hub at ~12k commands/s (bench/README.md); 32 lifts that.
        .setMaxPoolSize(32).setMaxPoolWaiting(16384).setMaxWaitingHandlers(16384);
    if (url.startsWith("rediss://")) {
      // Vert.x checks no host name unless told: without it any certificate of the CA would do
      options.getNetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (caFile != null && !caFile.isBlank()) {
        options.getNetClientOptions().setTrustOptions(new PemTrustOptions().addCertPath(caFile));
      }
    }
    return options;
  }

  /**
   * A Redis replicated under Redis Sentinel: the client asks the sentinels for the master of
   * {@code master} and, after a failover, connects to the new one (its connections to the old one
   * fail, the supervisor says DOWN, then UP once the new master answers).
   */
  public static RedisOptions sentinel(java.util.List<String> sentinels, String master, String password, String caFile) {
    RedisOptions options = new RedisOptions().setType(io.vertx.redis.client.RedisClientType.SENTINEL)
        .setMasterName(master).setRole(io.vertx.redis.client.RedisRole.MASTER)
        .setMaxPoolSize(32).setMaxPoolWaiting(16384).setMaxWaitingHandlers(16384);
    sentinels.forEach(options::addConnectionString);
    if (password != null && !password.isEmpty()) {
      options.setPassword(password);
    }
    if (sentinels.stream().anyMatch(u -> u.startsWith("rediss://"))) {
      options.getNetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (caFile != null && !caFile.isBlank()) {
        options.getNetClientOptions().setTrustOptions(new PemTrustOptions().addCertPath(caFile));
      }
    }
    return options;
  }

  /** The URL without its password, for logs and error messages: {@code redis://:***@127.0.0.1:6379}. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    return url.substring(0, scheme + 3) + (colon < 0 ? "***" : userInfo.substring(0, colon) + ":***") + url.substring(at);
  }
}
