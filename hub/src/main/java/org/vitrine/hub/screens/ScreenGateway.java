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
import org.vitrine.hub.presence.StorePresence;
import org.vitrine.hub.redis.StoreRepository;

/**
 * The hub's HTTP side: screens' WebSocket, the player and landing pages from signage-web, and
 * read-only JSON for the landing page and operations.
 */
public final class ScreenGateway extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenGateway.class);
  static final int MAX_FRAME = 64 * 1024;

  private final HubConfig.Http config;
  private final CatalogHolder catalog;
  private final StoreRepository repo;
  private final Counters counters;
  private final IntSupplier devicesConnected;
  private final EventLoopProbe.Samples loopDelay;
  private OnlineScreens online;
  private final List<java.util.function.Consumer<Router>> moreRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private HttpServer server;
  /** The same router over TLS (HTTPS, WSS), when {@link #alsoOverTls} was called; -1 = off. */
  private int tlsPort = -1;
  private io.vertx.core.net.KeyCertOptions tlsKeyCert;
  private HttpServer tlsServer;

  public ScreenGateway(HubConfig.Http config, CatalogHolder catalog, StoreRepository repo, Counters counters,
      IntSupplier devicesConnected, EventLoopProbe.Samples loopDelay) {
    this.loopDelay = loopDelay;
    this.config = config;
    this.catalog = catalog;
    this.repo = repo;
    this.counters = counters;
    this.devicesConnected = devicesConnected;
  }

  @Override
  public Future<?> start() {
    online = new OnlineScreens(vertx);
    Router router = Router.router(vertx);
    router.route("/ws/screen").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> new ScreenSession(vertx, ws, catalog, counters, online))
        .onFailure(e -> LOG.warn("WebSocket upgrade failed: {}", e.toString())));
    router.get("/screen/:id").handler(ctx -> ctx.reroute("/player/index.html"));
    router.get("/api/store").handler(this::store);
    router.get("/api/health").handler(this::health);
    router.get("/api/presence").handler(this::presence);
    moreRoutes.forEach(routes -> routes.accept(router));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    // No h2c upgrade: browsers never use it, and with Vert.x 5.0.8 an upgraded /metrics scrape from
    // an HTTP/2 client (Java's HttpClient default) hung about one time in ten.
    server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(MAX_FRAME).setMaxWebSocketMessageSize(MAX_FRAME));
    Future<HttpServer> plain = server.requestHandler(router).listen(config.port, config.host)
        .onSuccess(s -> LOG.info("HTTP listening on {}:{}", config.host, s.actualPort()));
    if (tlsPort < 0) {
      return plain;
    }
    // HTTP/1.1 over TLS too (no ALPN h2): the same protocol as the plain port, only encrypted
    tlsServer = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(tlsKeyCert)
        .setMaxWebSocketFrameSize(MAX_FRAME).setMaxWebSocketMessageSize(MAX_FRAME));
    // a browser that does not trust the CA yet gives up the handshake: normal, not worth a warning each time
    tlsServer.exceptionHandler(e -> LOG.debug("HTTPS connection error: {}", org.vitrine.hub.ops.LogText.safe(e.toString())));
    return plain.compose(p -> tlsServer.requestHandler(router).listen(tlsPort, config.host))
        .onSuccess(s -> LOG.info("HTTPS listening on {}:{}", config.host, s.actualPort()));
  }

  @Override
  public Future<?> stop() {
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
    json(ctx, Map.of("store", c.store(), "zones", zones));
  }

  private void health(RoutingContext ctx) {
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "UP");
    body.put("screensConnected", online.count());
    body.put("devicesConnected", devicesConnected.getAsInt());
    body.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
    body.put("heapMaxBytes", rt.maxMemory());
    body.put("eventLoopDelayMs", loopDelay.summary());
    body.put("counters", counters.snapshot());
    json(ctx, body);
  }

  private void presence(RoutingContext ctx) {
    Catalog c = catalog.get();
    StorePresence.load(repo, c, System.currentTimeMillis()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().setStatusCode(503);
        json(ctx, Map.of("error", "store state unavailable: " + ar.cause().getMessage()));
        return;
      }
      List<Map<String, Object>> zones = new ArrayList<>();
      for (Zone z : c.zones()) {
        // Present serialises as {"shopper","since"}
        zones.add(Map.of("zone", z.id(), "shoppers", ar.result().in(z.id()),
            "anonymousThisHour", ar.result().anonymousThisHour().get(z.id())));
      }
      json(ctx, Map.of("zones", zones));
    });
  }

  private static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("content-type", "application/json").end(Json.write(body));
  }
}
