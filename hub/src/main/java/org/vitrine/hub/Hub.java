package org.vitrine.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.admin.CatalogApi;
import org.vitrine.hub.admin.ConsoleRoutes;
import org.vitrine.hub.admin.MediaApi;
import org.vitrine.hub.admin.RuleLab;
import org.vitrine.hub.admin.RuleSets;
import org.vitrine.hub.admin.RulesApi;
import org.vitrine.hub.auth.Accounts;
import org.vitrine.hub.auth.AuthApi;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.CatalogStore;
import org.vitrine.hub.catalog.CatalogUpdates;
import org.vitrine.hub.catalog.ConfImport;
import org.vitrine.hub.director.RedisCaps;
import org.vitrine.hub.director.ScreenStateStore;
import org.vitrine.hub.identity.ErasureStore;
import org.vitrine.hub.live.LiveStore;
import org.vitrine.hub.ops.CounterStore;
import org.vitrine.hub.presence.PresenceFeed;
import org.vitrine.hub.presence.PresenceStore;
import org.vitrine.hub.presence.PresenceView;
import org.vitrine.hub.screens.ScreenReportStore;
import org.vitrine.hub.voice.OrderBoardStore;
import org.vitrine.hub.eventlog.EventLog;
import org.vitrine.hub.live.LiveApi;
import org.vitrine.hub.live.LiveState;
import org.vitrine.hub.screens.DaypartClock;
import org.vitrine.hub.checkin.CheckinApi;
import org.vitrine.hub.checkin.CheckinRepository;
import org.vitrine.hub.catalog.ConfWatcher;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.config.StoreConfig;
import org.vitrine.hub.config.StoreConfigLoader;
import org.vitrine.hub.events.RecordCodec;
import org.vitrine.hub.identity.Eraser;
import org.vitrine.hub.identity.IdentityRepository;
import org.vitrine.hub.identity.IdentityVerticle;
import org.vitrine.hub.mqtt.MqttGateway;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.EventLoopProbe;
import org.vitrine.hub.presence.PresenceVerticle;
import org.vitrine.hub.redis.EmbeddedRedis;
import org.vitrine.hub.director.ScreenDirector;
import org.vitrine.hub.screens.ScreenGateway;
import org.vitrine.hub.screens.ScreenReportRecorder;
import org.vitrine.hub.voice.VoiceVerticle;

/**
 * One running hub: start-up is a chain of futures (conf → Redis → import → catalog → verticles),
 * so a failure at any step stops start-up with that step's message.
 */
public final class Hub {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  private final Vertx vertx;
  private final HubConfig config;
  private final Clock clock;
  private final Counters counters = new Counters();
  private final EventLoopProbe.Samples loopDelay = new EventLoopProbe.Samples();
  private final List<String> deployments = new ArrayList<>();
  private EmbeddedRedis embeddedRedis;
  private org.vitrine.hub.redis.RedisSupervisor supervisor;
  private Redis redis;
  private CatalogStore catalogStore;
  private PresenceStore presenceStore;
  private CounterStore counterStore;
  /** Who is where, as the zone changes tell it: read by presence, the decisions, analytics and the speakers. */
  private final PresenceView presenceView = new PresenceView();
  private CatalogHolder catalog;
  private CatalogUpdates updates;
  private Accounts accounts;
  private LiveState liveState;
  private MqttGateway mqtt;
  private ScreenGateway screens;
  private VoiceVerticle voice;
  /** The TLS listeners' certificate and the CA of /ca.pem; null when both are off. */
  private org.vitrine.hub.tls.TlsMaterial tls;
  /** conf/products.yaml ids, read once at start (off the event loop) for pickup rules. */
  private org.vitrine.hub.catalog.ProductList products = org.vitrine.hub.catalog.ProductList.empty();
  private long flushTimer = -1;
  private org.vitrine.hub.audit.AuditTrail audit;
  private org.vitrine.hub.pairing.Credentials credentials;
  private org.vitrine.hub.pairing.PairingApi pairingApi;
  private final java.util.Map<String, String> demoLinks = new java.util.concurrent.ConcurrentHashMap<>();
  /** The admin password made at the first start (no users, none configured, not demo): shown once, then forgotten. */
  private String firstAdminPassword;
  private org.vitrine.hub.ops.HubMetrics metrics;
  /** What baskets may hold and for how much (conf/products.yaml), read once at start. */
  private org.vitrine.hub.commerce.PriceBook priceBook;
  private org.vitrine.hub.commerce.LedgerStore ledger;
  private org.vitrine.hub.commerce.CheckoutStore checkouts;
  /** The member system's public keys (member tokens at check-in, its erase calls). */
  private org.vitrine.hub.members.MemberKeySet memberKeys;

  private Hub(Vertx vertx, HubConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  public static Future<Hub> start(Vertx vertx, HubConfig config) {
    return start(vertx, config, Clock.systemUTC());
  }

  public static Future<Hub> start(Vertx vertx, HubConfig config, Clock clock) {
    Hub hub = new Hub(vertx, config, clock);
    return hub.run().map(hub).recover(e -> hub.stop().transform(ignored -> Future.failedFuture(e)));
  }

  private Future<Void> run() {
    RecordCodec.registerAll(vertx);
    String[] confHash = new String[1];
    return vertx.executeBlocking(() -> StoreConfigLoader.load(config.confDir), false)
        .compose(storeConf -> prepareTls(storeConf).map(storeConf))
        .compose(storeConf -> startRedis().compose(url -> connect(url)).map(storeConf))
        .compose(storeConf -> {
          confHash[0] = storeConf.hash();
          return importAndLoad(storeConf);
        })
        .compose(v -> deploy(new PresenceFeed(presenceStore, presenceView)))
        .compose(v -> deploy(new PresenceVerticle(presenceStore, presenceView, counters, config.presence.silenceSeconds)))
        .compose(v -> deploy(new IdentityVerticle(new IdentityRepository(redis), updates, counters, config.identity, config.checkin)))
        .compose(v -> deploy(new ScreenDirector(new ScreenStateStore(redis), presenceView, presenceStore, new RedisCaps(redis),
            new IdentityRepository(redis)::hasConsent, catalog, counters, clock)))
        .compose(v -> deploy(new ScreenReportRecorder(new ScreenReportStore(redis), catalog, counters)))
        .compose(v -> deploy(new EventLog(redis, counters, config.eventLog.retentionDays, config.eventLog.sightingHours)))
        .compose(v -> deploy(new org.vitrine.hub.eventlog.LogRetention(redis, config.eventLog.retentionDays)))
        .compose(v -> deploy(new org.vitrine.hub.analytics.AnalyticsRecorder(statsWriter(), catalog, counters,
            new org.vitrine.hub.analytics.DwellBuckets(config.analytics.dwellBucketsSeconds), config.presence.silenceSeconds,
            config.analytics.conversionWindowSeconds, presenceView)))
        .compose(v -> {
          liveState = new LiveState(new LiveStore(redis));
          return deploy(liveState);
        })
        .compose(v -> vertx.executeBlocking(() -> org.vitrine.hub.commerce.PriceBook.read(config.confDir), false))
        .compose(book -> {
          // before the MQTT endpoint: no reader's or gate's report arrives before commerce listens
          priceBook = book;
          ledger = new org.vitrine.hub.commerce.LedgerStore(redis, config.commerce.defaultCreditLimit);
          checkouts = new org.vitrine.hub.commerce.CheckoutStore(redis);
          return deploy(new org.vitrine.hub.commerce.CommerceVerticle(checkouts, ledger, priceBook, presenceView, catalog, counters,
              config.commerce, new IdentityRepository(redis)::hasConsent));
        })
        .compose(v -> deploy(new DaypartClock(catalog, clock, 5000)))
        .compose(v -> {
          // before the MQTT endpoint, so no speaker's audio arrives before someone listens; never fails
          voice = new VoiceVerticle(config, catalog, counters, new OrderBoardStore(redis), presenceView);
          return deploy(voice);
        })
        .compose(v -> {
          mqtt = new MqttGateway(config.mqtt, catalog, counters, config.limits.connectionsPerAddress, redis);
          if (tls != null && config.tls.mqttsPort >= 0) {
            mqtt.alsoOverTls(config.tls.mqttsPort, tls.keyCertOptions());
          }
          return deploy(mqtt);
        })
        .compose(v -> vertx.executeBlocking(() -> org.vitrine.hub.catalog.ProductList.read(config.confDir), false))
        .compose(list -> {
          products = list;
          memberKeys = new org.vitrine.hub.members.MemberKeySet(vertx, config.members.jwt);
          return memberKeys.start();
        })
        .compose(v -> consoleAuth())
        .compose(auth -> {
          audit = new org.vitrine.hub.audit.AuditTrail(new org.vitrine.hub.audit.AuditLog(redis));
          credentials = new org.vitrine.hub.pairing.Credentials(redis);
          var pairing = new org.vitrine.hub.pairing.Pairing(vertx, redis, credentials);
          screens = new ScreenGateway(config.http, config.limits, catalog, counters, () -> mqtt.connectedDevices(), loopDelay,
              credentials, pairing).demo(config.demo);
          if (tls != null && config.tls.httpsPort >= 0) {
            screens.alsoOverTls(config.tls.httpsPort, tls.keyCertOptions());
          }
          pairingApi = new org.vitrine.hub.pairing.PairingApi(vertx, catalog, credentials, pairing, () -> screens.onlineScreens());
          screens.addRoutes(router -> org.vitrine.hub.tls.CaCertificateRoute.mount(router, tls));
          screens.addRoutes(router -> checkinRoutes(router, auth));
          screens.addRoutes(router -> org.vitrine.hub.voice.BrowserSpeakerSocket.mount(router, vertx, catalog, counters,
              () -> voice != null && voice.available(), () -> new org.vitrine.hub.voice.BrowserSpeakerSocket.Pairs(credentials,
                  pairing, screens.pairingWaiters(), screens.rejections(), config.limits.helloSeconds, screens::keepAlive)));
          metrics = new org.vitrine.hub.ops.HubMetrics(vertx, counters, () -> screens.connectedScreens(),
              () -> mqtt.connectedDevices(), loopDelay);
          var scrape = new org.vitrine.hub.ops.ScrapeAccess(config.metrics.token);
          screens.addRoutes(router -> metrics.mount(router, scrape));
          screens.addRoutes(new org.vitrine.hub.ops.HealthApi(() -> screens.healthDetails(), auth, scrape, supervisor)::mount);
          // last of the /api routes: everything after its login check needs a console user
          screens.addRoutes(router -> consoleRoutes(router, auth));
          screens.addRoutes(router -> router.get("/webjars/*").handler(io.vertx.ext.web.handler.StaticHandler
              .create("META-INF/resources/webjars").setMaxAgeSeconds(86_400)));
          return deploy(screens);
        })
        .compose(v -> {
          // One probe per event loop (Vert.x assigns verticles to loops round-robin).
          List<Future<Void>> probes = new ArrayList<>();
          for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            probes.add(deploy(new EventLoopProbe(loopDelay)));
          }
          return Future.all(probes).<Void>mapEmpty();
        })
        .compose(v -> config.demo ? demoTokens() : Future.succeededFuture())
        .compose(v -> deploy(new ConfWatcher(config.confDir, new ConfImport(redis, catalogStore), updates, confHash[0], config.confWatchMillis)))
        .onSuccess(v -> flushTimer = vertx.setPeriodic(2000, id -> flushCounters()));
  }

  /**
   * Demo mode only: every screen and browser speaker not paired yet gets a token now, so the
   * links printed at start open them at once (an admin's job in a real store). Paired ones keep theirs.
   */
  private Future<Void> demoTokens() {
    return Future.all(credentials.overview(org.vitrine.hub.pairing.Credentials.SCREEN),
        credentials.overview(org.vitrine.hub.pairing.Credentials.SPEAKER)).compose(all -> {
          java.util.Map<String, java.util.Map<String, Object>> screensPaired = all.resultAt(0);
          java.util.Map<String, java.util.Map<String, Object>> speakersPaired = all.resultAt(1);
          List<Future<String>> issued = new ArrayList<>();
          for (var s : catalog.get().screens()) {
            if (!screensPaired.containsKey(s.id()) || !screensPaired.get(s.id()).containsKey("pairedAt")) {
              issued.add(credentials.issue(org.vitrine.hub.pairing.Credentials.SCREEN, s.id(), "demo")
                  .onSuccess(t -> demoLinks.put("screen:" + s.id(), "/screen/" + s.id() + "#token=" + t)));
            }
          }
          for (var d : catalog.get().devices()) {
            boolean paired = speakersPaired.containsKey(d.id()) && speakersPaired.get(d.id()).containsKey("pairedAt");
            if (org.vitrine.hub.catalog.Device.SPEAKER.equals(d.kind()) && !paired) {
              issued.add(credentials.issue(org.vitrine.hub.pairing.Credentials.SPEAKER, d.id(), "demo")
                  .onSuccess(t -> demoLinks.put("speaker:" + d.id(), "/speaker/?speaker=" + d.id() + "#token=" + t)));
            }
          }
          return Future.all(issued).mapEmpty();
        });
  }

  /** Demo mode: the links with tokens made at this start ("screen:<id>" / "speaker:<id>" → path), for the welcome text. */
  public java.util.Map<String, String> demoLinks() {
    return demoLinks;
  }

  /** The console's sign-in: first users on a fresh store, then the token signer. */
  private Future<ConsoleAuth> consoleAuth() {
    accounts = new Accounts(vertx, redis);
    return accounts.ensureFirstUsers(config.console, config.demo)
        .compose(generated -> {
          firstAdminPassword = generated;
          return ConsoleAuth.create(vertx, redis, config.console.sessionMinutes);
        });
  }

  private void consoleRoutes(io.vertx.ext.web.Router router, ConsoleAuth auth) {
    RuleSets ruleSets = new RuleSets(redis);
    CatalogApi catalogApi = new CatalogApi(vertx, updates, catalogStore, ruleSets, new Eraser(vertx, new ErasureStore(redis)),
        () -> mqtt.onlineDevices());
    RulesApi rulesApi = new RulesApi(updates, ruleSets, new RuleLab(vertx, redis, presenceStore, catalog), products);
    var analyticsApi = new org.vitrine.hub.analytics.AnalyticsApi(new org.vitrine.hub.analytics.AnalyticsQueries(vertx, redis,
        catalog, new org.vitrine.hub.analytics.DwellBuckets(config.analytics.dwellBucketsSeconds),
        config.analytics.conversionWindowSeconds), catalog);
    var authApi = new AuthApi(accounts, auth, audit.log(),
        new org.vitrine.hub.redis.FailureGate(redis, "login", org.vitrine.hub.ops.Backoff.LOGIN),
        new org.vitrine.hub.redis.FailureGate(redis, "login-address", org.vitrine.hub.ops.Backoff.LOGIN_ADDRESS), counters);
    ConsoleRoutes.mount(router, new ConsoleRoutes.Parts(auth, authApi, audit,
        new MediaApi(vertx, Path.of(config.console.mediaDir), config.console.mediaMaxMb),
        new LiveApi(vertx, new LiveStore(redis), presenceStore, catalog, auth, counters, () -> screens.onlineScreens(), () -> mqtt.onlineDevices(),
            liveState.latest()),
        List.of(catalogApi::addTo, rulesApi::addTo, analyticsApi::addTo, pairingApi::addTo, commerceApi()::addTo)));
  }

  private org.vitrine.hub.commerce.CommerceApi commerceApi;

  /** One commerce API for the phone's routes and the operators'. */
  private org.vitrine.hub.commerce.CommerceApi commerceApi() {
    if (commerceApi == null) {
      commerceApi = new org.vitrine.hub.commerce.CommerceApi(checkouts, ledger, priceBook, new CheckinRepository(redis),
          new org.vitrine.hub.redis.FailureGate(redis, "commerce-address", org.vitrine.hub.ops.Backoff.CHECKIN_ADDRESS),
          new org.vitrine.hub.ops.RequestBudget(config.commerce.requestsPerMinute), counters);
    }
    return commerceApi;
  }

  private org.vitrine.hub.analytics.StatsWriter statsWriter() {
    return new org.vitrine.hub.analytics.StatsWriter(vertx, redis, () -> catalog.get().timezone(), config.analytics.keepDays);
  }

  /** The QR check-in and identity routes, and the member system's erase route (both before the console's login check). */
  private void checkinRoutes(io.vertx.ext.web.Router router, ConsoleAuth auth) {
    var tokens = new org.vitrine.hub.members.MemberTokens(memberKeys, config.members.jwt);
    var byAddress = new org.vitrine.hub.redis.FailureGate(redis, "checkin-address", org.vitrine.hub.ops.Backoff.CHECKIN_ADDRESS);
    var proof = new org.vitrine.hub.checkin.MemberProof(catalog, new org.vitrine.hub.members.MemberSecrets(vertx), tokens,
        new org.vitrine.hub.redis.FailureGate(redis, "checkin-member", org.vitrine.hub.ops.Backoff.CHECKIN_MEMBER), byAddress);
    Eraser eraser = new Eraser(vertx, new ErasureStore(redis));
    // erasures through these public routes go in the audit log too (who: the phone, a console login, the member system)
    router.delete("/api/shoppers/:id/identity").handler(audit.recorderAs(ctx ->
        ctx.request().getHeader(CheckinApi.SHOPPER_KEY_HEADER) != null ? Future.succeededFuture("(the shopper's phone)")
            : auth.session(ConsoleAuth.bearer(ctx)).map(ConsoleAuth::nameOf)));
    router.delete("/api/members/:id").handler(audit.recorderAs(ctx -> Future.succeededFuture("(the member system)")));
    new CheckinApi(vertx, config.checkin, config.identity, catalog, new CheckinRepository(redis), new IdentityRepository(redis),
        eraser, counters, auth, proof, byAddress, new org.vitrine.hub.ops.RequestBudget(config.checkin.requestsPerMinute))
        .addTo(router);
    commerceApi().addPhoneRoutes(router);
    new org.vitrine.hub.members.MembersApi(tokens, id -> updates.change("shoppers", List.of(id), c -> eraser.erase(id)))
        .addTo(router);
  }

  /** The store CA and server certificate (made at the first start), or the operator's; blocking work. */
  private Future<Void> prepareTls(StoreConfig storeConf) {
    if (!config.tls.enabled()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> org.vitrine.hub.tls.TlsSetup.prepare(config.tls, storeConf.store().name(),
        config.checkin.publicUrl, config.confDir.resolve("hub.yaml"), clock.instant()), false)
        .map(material -> {
          tls = material;
          return null;
        });
  }

  private Future<String> startRedis() {
    if (!config.embeddedRedis()) {
      return Future.succeededFuture(config.redis.url);
    }
    return vertx.executeBlocking(() -> {
      embeddedRedis = EmbeddedRedis.start(Path.of(config.redis.dataDir), 0, config.redis.fsync);
      return embeddedRedis.url();
    }, false);
  }

  private Future<Void> connect(String url) {
    boolean sentinel = !config.redis.sentinels.isEmpty();
    Redis raw = Redis.createClient(vertx, sentinel
        ? org.vitrine.hub.redis.RedisConnections.sentinel(config.redis.sentinels, config.redis.master, config.redis.password,
            config.redis.caFile)
        : org.vitrine.hub.redis.RedisConnections.options(url, config.redis.caFile));
    String where = sentinel ? "sentinel master '" + config.redis.master + "' via " + String.join(", ", config.redis.sentinels)
        : org.vitrine.hub.redis.RedisConnections.redact(url);
    // every feature uses the supervised client: it fails fast while Redis is down, and the
    // supervisor restarts the embedded redis-server (ARCHITECTURE.md, "When Redis fails")
    supervisor = new org.vitrine.hub.redis.RedisSupervisor(vertx, raw, embeddedRedis, counters);
    redis = new org.vitrine.hub.redis.SupervisedRedis(raw, supervisor);
    catalogStore = new CatalogStore(redis);
    presenceStore = new PresenceStore(redis);
    counterStore = new CounterStore(redis);
    return raw.send(Request.cmd(Command.PING)).onSuccess(pong -> supervisor.start())
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot reach Redis at "
            + where + ": " + e.getMessage(), e)))
        .mapEmpty();
  }

  private Future<Void> importAndLoad(StoreConfig storeConf) {
    return new ConfImport(redis, catalogStore).run(storeConf)
        .onSuccess(imported -> LOG.info(imported ? "conf imported into Redis ({} zones, {} screens, {} rules)"
                : "conf unchanged since last import: store state kept as stored in Redis",
            storeConf.zones().size(), storeConf.screens().size(), storeConf.rules().size()))
        .compose(v -> catalogStore.load())
        .map(c -> {
          catalog = new CatalogHolder(c);
          updates = new CatalogUpdates(vertx, catalogStore, catalog);
          return null;
        });
  }

  private Future<Void> deploy(io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle).map(id -> {
      deployments.add(id);
      return null;
    });
  }

  private void flushCounters() {
    var deltas = counters.drain();
    counterStore.add(deltas).onFailure(e -> LOG.debug("counter flush failed: {}", e.toString()));
  }

  /** Undeploys everything, closes Redis; the embedded redis-server flushes its AOF on the way out. */
  public Future<Void> stop() {
    if (flushTimer >= 0) {
      vertx.cancelTimer(flushTimer);
    }
    List<Future<Void>> undeploys = new ArrayList<>();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      undeploys.add(vertx.undeploy(deployments.get(i)));
    }
    deployments.clear();
    if (metrics != null) {
      metrics.close();
    }
    if (memberKeys != null) {
      memberKeys.close();
    }
    return Future.join(undeploys)
        .transform(ignored -> counterStore == null ? Future.succeededFuture() : counterStore.add(counters.drain()))
        .transform(ignored -> {
          if (supervisor != null) {
            supervisor.stop(); // a stopping hub's redis-server is not started again
          }
          if (redis != null) {
            redis.close();
          }
          EmbeddedRedis running = supervisor != null && supervisor.embedded() != null ? supervisor.embedded() : embeddedRedis;
          if (running == null) {
            return Future.<Void>succeededFuture();
          }
          return vertx.<Void>executeBlocking(() -> {
            running.close();
            return null;
          }, false);
        });
  }

  public int httpPort() {
    return screens.actualPort();
  }

  public int mqttPort() {
    return mqtt.actualPort();
  }

  /** The HTTPS (and WSS) port, or -1 when it is off. */
  public int httpsPort() {
    return screens.actualTlsPort();
  }

  /** The MQTT over TLS port, or -1 when it is off. */
  public int mqttsPort() {
    return mqtt.actualTlsPort();
  }

  /** True when the store speakers work (the Vosk model loaded). */
  public boolean voiceAvailable() {
    return voice != null && voice.available();
  }

  /** The generated first admin password, once (null afterwards, and when none was generated). */
  public String takeFirstAdminPassword() {
    String p = firstAdminPassword;
    firstAdminPassword = null;
    return p;
  }

  public boolean demo() {
    return config.demo;
  }

  public Counters counters() {
    return counters;
  }

  /** The hub's Redis client (tests read and write Redis through it). */
  /** Who is where, as the decisions and commerce see it (benchmarks wait on it). */
  public PresenceView presenceView() {
    return presenceView;
  }

  /** The member-account ledger (the embedded payment provider). */
  public org.vitrine.hub.commerce.LedgerStore ledger() {
    return ledger;
  }

  /** Baskets, checkouts and receipts in Redis. */
  public org.vitrine.hub.commerce.CheckoutStore checkouts() {
    return checkouts;
  }

  /** What baskets may hold (conf/products.yaml). */
  public org.vitrine.hub.commerce.PriceBook priceBook() {
    return priceBook;
  }

  public Redis redis() {
    return redis;
  }

  /** Presence, visits and anonymous counts as stored in Redis. */
  public PresenceStore presenceStore() {
    return presenceStore;
  }

  /** The catalog as stored in Redis. */
  public CatalogStore catalogStore() {
    return catalogStore;
  }

  public CatalogHolder catalog() {
    return catalog;
  }

  /** The URL of the hub's Redis, password included (the embedded one's, or the configured one). */
  public String redisUrl() {
    return embeddedRedis != null ? embeddedRedis.url() : config.redis.url;
  }

  /** Watches Redis: its state for /api/health, the embedded redis-server as it runs now. */
  public org.vitrine.hub.redis.RedisSupervisor redisSupervisor() {
    return supervisor;
  }
}
