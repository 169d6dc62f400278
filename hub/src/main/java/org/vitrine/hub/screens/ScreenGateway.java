package org.vitrine.hub.screens;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.EventLoopProbe;

/**
 * The hub's HTTP side: screens' WebSocket, the player and landing pages from signage-web, and
 * read-only JSON for the landing page and operations.
 */
public final class ScreenGateway extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenGateway.class);
  static final int MAX_FRAME = 64 * 1024;

  /** HTTP connections idle (nothing read or written) this long are closed; sockets are pinged well within it. */
  static final int IDLE_SECONDS = 60;
  static final long PING_MILLIS = 25_000;
  /** A connection that has not sent a whole request head by then is closed (slow-header clients). */
  static final long HEAD_MILLIS = 10_000;
  /** Pages (players, speakers) from one address that may wait for pairing at once. */
  static final int PAIRING_WAITERS_PER_ADDRESS = 8;

  /** What every screen socket of this gateway shares. */
  record Shared(io.vertx.core.Vertx vertx, CatalogHolder catalog, Counters counters, OnlineScreens online,
      org.vitrine.hub.pairing.Credentials credentials, org.vitrine.hub.pairing.Pairing pairing, PlayMemory plays,
      org.vitrine.hub.ops.AddressCounter pairingWaiters, org.vitrine.hub.ops.RejectionLog rejections, int helloSeconds) {
  }

  private final HubConfig.Http config;
  private final HubConfig.Limits limits;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final IntSupplier devicesConnected;
  private final EventLoopProbe.Samples loopDelay;
  private final org.vitrine.hub.pairing.Credentials credentials;
  private final org.vitrine.hub.pairing.Pairing pairing;
  private final PlayMemory plays = new PlayMemory();
  private final org.vitrine.hub.ops.AddressCounter pairingWaiters = new org.vitrine.hub.ops.AddressCounter(PAIRING_WAITERS_PER_ADDRESS);
  private final org.vitrine.hub.ops.RejectionLog rejections = new org.vitrine.hub.ops.RejectionLog(LOG);
  private final java.util.Set<io.vertx.core.http.ServerWebSocket> sockets = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private org.vitrine.hub.ops.AddressCounter connections;
  private Shared shared;
  private long housekeeping = -1;
  private OnlineScreens online;
  private final List<java.util.function.Consumer<Router>> moreRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private HttpServer server;
  /** The hub runs in demo mode (the console then names the demo users). */
  private boolean demo;
  /** The same router over TLS (HTTPS, WSS), when {@link #alsoOverTls} was called; -1 = off. */
  private int tlsPort = -1;
  private io.vertx.core.net.KeyCertOptions tlsKeyCert;
  private HttpServer tlsServer;

  public ScreenGateway(HubConfig.Http config, HubConfig.Limits limits, CatalogHolder catalog,
      Counters counters, IntSupplier devicesConnected, EventLoopProbe.Samples loopDelay,
      org.vitrine.hub.pairing.Credentials credentials, org.vitrine.hub.pairing.Pairing pairing) {
    this.loopDelay = loopDelay;
    this.config = config;
    this.limits = limits;
    this.credentials = credentials;
    this.pairing = pairing;
    this.catalog = catalog;
    this.counters = counters;
    this.devicesConnected = devicesConnected;
  }

  @Override
  public Future<?> start() {
    online = new OnlineScreens(vertx);
    connections = new org.vitrine.hub.ops.AddressCounter(limits.connectionsPerAddress);
    shared = new Shared(vertx, catalog, counters, online, credentials, pairing, plays, pairingWaiters, rejections, limits.helloSeconds);
    vertx.eventBus().<org.vitrine.hub.events.ShopperErased>consumer(org.vitrine.hub.events.Addresses.SHOPPER_ERASED,
        m -> plays.forgetShopper(m.body().shopper()));
    Router router = Router.router(vertx);
    router.route("/ws/screen").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> {
          keepAlive(ws);
          new ScreenSession(shared, ws);
        })
        .onFailure(e -> LOG.warn("WebSocket upgrade failed: {}", e.toString())));
    router.get("/screen/:id").handler(ctx -> ctx.reroute("/player/index.html"));
    // a player opened without a screen id: the screen it was paired as last, or a pairing code
    router.get("/screen/").handler(ctx -> ctx.reroute("/player/index.html"));
    router.get("/screen").handler(ctx -> ctx.reroute("/player/index.html"));
    router.get("/api/store").handler(this::store);
    moreRoutes.forEach(routes -> routes.accept(router));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(org.vitrine.hub.web.ApiErrors::onFailure);
    // No h2c upgrade: browsers never use it, and with Vert.x 5.0.8 an upgraded /metrics scrape from
    // an HTTP/2 client (Java's HttpClient default) hung about one time in ten.
    server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(MAX_FRAME).setMaxWebSocketMessageSize(MAX_FRAME)
        .setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS));
    server.connectionHandler(this::onConnection);
    housekeeping = vertx.setPeriodic(PING_MILLIS, id -> {
      sockets.removeIf(io.vertx.core.http.ServerWebSocket::isClosed);
      for (io.vertx.core.http.ServerWebSocket ws : sockets) {
        ws.writePing(io.vertx.core.buffer.Buffer.buffer("v"));
      }
      rejections.flush();
    });
    io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> requests = req -> {
      Long headTimer = heads.remove(req.connection()); // the head arrived: this connection is not a slow-header one
      if (headTimer != null) {
        vertx.cancelTimer(headTimer);
      }
      router.handle(req);
    };
    Future<HttpServer> plain = server.requestHandler(requests).listen(config.port, config.host)
        .onSuccess(s -> LOG.info("HTTP listening on {}:{}", config.host, s.actualPort()));
    if (tlsPort < 0) {
      return plain;
    }
    // HTTP/1.1 over TLS too (no ALPN h2): the same protocol, limits and timeouts as the plain port, only encrypted
    // handshake crypto on worker threads: a thousand screens reconnecting must not stall the event loop
    tlsServer = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(tlsKeyCert)
        .setSslEngineOptions(new io.vertx.core.net.JdkSSLEngineOptions().setUseWorkerThread(true))
        .setMaxWebSocketFrameSize(MAX_FRAME).setMaxWebSocketMessageSize(MAX_FRAME)
        .setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS));
    tlsServer.connectionHandler(this::onConnection);
    // a browser that does not trust the CA yet gives up the handshake: normal, not worth a warning each time
    tlsServer.exceptionHandler(e -> LOG.debug("HTTPS connection error: {}", org.vitrine.hub.ops.LogText.safe(e.toString())));
    return plain.compose(p -> tlsServer.requestHandler(requests).listen(tlsPort, config.host))
        .onSuccess(s -> LOG.info("HTTPS listening on {}:{}", config.host, s.actualPort()));
  }

  /** Open connections whose first request head has not arrived yet, with their timer. */
  private final Map<io.vertx.core.http.HttpConnection, Long> heads = new java.util.concurrent.ConcurrentHashMap<>();

  /** Caps connections per address, and closes one whose first request head is not complete in time. */
  private void onConnection(io.vertx.core.http.HttpConnection conn) {
    String address = conn.remoteAddress() == null ? "?" : conn.remoteAddress().hostAddress();
    if (!connections.tryAcquire(address)) {
      counters.increment("http.rejected.connections-per-address");
      rejections.warn(address, "http-connection-limit", "more than " + limits.connectionsPerAddress
          + " open connections from this address: closed");
      conn.close();
      return;
    }
    long timer = vertx.setTimer(HEAD_MILLIS, id -> {
      if (heads.remove(conn) != null) {
        counters.increment("http.rejected.slow-head");
        rejections.warn(address, "http-slow-head", "no complete request head within " + HEAD_MILLIS / 1000 + " s: closed");
        conn.close();
      }
    });
    heads.put(conn, timer);
    conn.closeHandler(v -> {
      connections.release(address);
      Long t = heads.remove(conn);
      if (t != null) {
        vertx.cancelTimer(t);
      }
    });
  }

  /** Pinged with the other sockets (a quiet screen is not idle); dropped at the next ping once closed. */
  public void keepAlive(io.vertx.core.http.ServerWebSocket ws) {
    sockets.add(ws);
  }

  @Override
  public Future<?> stop() {
    if (housekeeping >= 0) {
      vertx.cancelTimer(housekeeping);
    }
    rejections.flushAll();
    return Future.join(server == null ? Future.succeededFuture() : server.close(),
        tlsServer == null ? Future.succeededFuture() : tlsServer.close());
  }

  /** Serves every route over HTTPS (and WebSockets over WSS) on {@code port} as well; call before deploying. */
  public void alsoOverTls(int port, io.vertx.core.net.KeyCertOptions keyCert) {
    this.tlsPort = port;
    this.tlsKeyCert = keyCert;
  }

  /** The HTTPS port, or -1 when there is none. */
  public int actualTlsPort() {
    return tlsServer == null ? -1 : tlsServer.actualPort();
  }

  /** Pages from one address waiting to be paired (shared with the browser speaker's socket). */
  public org.vitrine.hub.ops.AddressCounter pairingWaiters() {
    return pairingWaiters;
  }

  /** The summarised rejection log of the HTTP side (shared with the browser speaker's socket). */
  public org.vitrine.hub.ops.RejectionLog rejections() {
    return rejections;
  }

  public ScreenGateway demo(boolean on) {
    this.demo = on;
    return this;
  }

  /** Routes of other features (e.g. the check-in API), added before the static files; call before deploying. */
  public void addRoutes(java.util.function.Consumer<Router> routes) {
    moreRoutes.add(routes);
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** Screens with a live socket on this instance (the console's map). */
  public java.util.Set<String> onlineScreens() {
    return online == null ? java.util.Set.of() : online.ids();
  }

  public int connectedScreens() {
    return online.count();
  }

  private void store(RoutingContext ctx) {
    Catalog c = catalog.get();
    List<Map<String, Object>> zones = new ArrayList<>();
    for (Zone z : c.zones()) {
      List<Map<String, Object>> screens = new ArrayList<>();
      for (Screen s : c.screensIn(z.id())) {
        screens.add(Map.of("id", s.id(), "name", s.name() == null ? s.id() : s.name()));
      }
      zones.add(Map.of("id", z.id(), "name", z.name() == null ? z.id() : z.name(), "screens", screens));
    }
    json(ctx, Map.of("store", c.store(), "zones", zones, "demo", demo));
  }

  /** What /api/health shows a logged-in operator or the metrics scraper (nothing personal, but not for everyone). */
  public Map<String, Object> healthDetails() {
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "UP");
    body.put("screensConnected", online.count());
    body.put("devicesConnected", devicesConnected.getAsInt());
    body.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
    body.put("heapMaxBytes", rt.maxMemory());
    body.put("eventLoopDelayMs", loopDelay.summary());
    body.put("counters", counters.snapshot());
    return body;
  }

  private static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("content-type", "application/json").end(Json.write(body));
  }
}
