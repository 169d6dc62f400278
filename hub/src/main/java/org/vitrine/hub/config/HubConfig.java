package org.vitrine.hub.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runtime settings of the hub. Defaults live here; {@code conf/hub.yaml} may change them and
 * environment variables override both (names below). Paths are resolved against the project dir.
 */
public final class HubConfig {

  public static class Http {
    /** VITRINE_HTTP_HOST */
    public String host = "0.0.0.0";
    /** VITRINE_HTTP_PORT; 0 picks a free port (tests). */
    public int port = 8080;
  }

  public static class Mqtt {
    /** VITRINE_MQTT_HOST */
    public String host = "0.0.0.0";
    /** VITRINE_MQTT_PORT; 0 picks a free port (tests). */
    public int port = 1883;
    /** VITRINE_MQTT_MAX_PAYLOAD_BYTES: larger publishes are rejected, the connection stays. */
    public int maxPayloadBytes = 64 * 1024;
    /**
     * VITRINE_MQTT_MAX_KEEPALIVE: the longest keep-alive a device may ask for (s). MQTT 5 clients
     * asking for more (or none) are told this one (Server Keep Alive); MQTT 3.1.1 clients are
     * refused, as Mosquitto's max_keepalive does. A session silent for 1.5 x it is closed.
     */
    public int maxKeepAliveSeconds = 600;
  }

  public static class Redis {
    /** VITRINE_REDIS_URL: empty = start an embedded redis-server. */
    public String url = "";
    /**
     * VITRINE_DATA_DIR: data directory of the embedded redis-server, which also holds its generated
     * password (redis.password, mode 600; the hub connects with it, nobody else knows it).
     */
    public String dataDir = "data/redis";
    /** VITRINE_REDIS_CA: PEM CA that signed the certificate of a rediss:// Redis (a private CA); empty = Java's trusted CAs. */
    public String caFile = "";
    /**
     * VITRINE_REDIS_SENTINELS: a replicated Redis watched by Redis Sentinel, as the sentinels'
     * addresses ({@code redis://host:26379}, comma-separated in the variable); the hub asks them for
     * the master and follows a failover. Empty = no Sentinel (url or the embedded Redis).
     */
    public java.util.List<String> sentinels = java.util.List.of();
    /** VITRINE_REDIS_MASTER: the master's name the sentinels monitor. */
    public String master = "vitrine";
    /** VITRINE_REDIS_PASSWORD: the password of the Sentinel-managed master and replicas (empty = none). */
    public String password = "";
    /**
     * VITRINE_REDIS_FSYNC: the embedded redis-server's appendfsync. {@code everysec} (default): what
     * was acknowledged survives a crash of Redis or the hub, a power cut can lose the last second;
     * {@code always}: a power cut loses nothing acknowledged either, at the cost of a disk sync per
     * write batch. An external Redis keeps its own setting.
     */
    public String fsync = "everysec";
  }

  /**
   * TLS on the hub's own listeners: HTTPS/WSS and MQTT over TLS, beside the plain ports. The
   * certificate is the operator's (certFile + keyFile) or, by default, one the hub issues from a
   * store CA it makes at first start in {@code dir} (install the CA from GET /ca.pem on devices).
   */
  public static class Tls {
    /** VITRINE_HTTPS_PORT: the same pages, API and WebSockets as http.port, over TLS; 0 = a free port (tests), -1 = off. */
    public int httpsPort = 8443;
    /** VITRINE_MQTTS_PORT: the same MQTT endpoint (devices, passwords, topics) over TLS; 0 = a free port, -1 = off. */
    public int mqttsPort = 8883;
    /** VITRINE_TLS_DIR: where the store CA and the server certificate are kept (keys mode 600). */
    public String dir = "data/tls";
    /**
     * VITRINE_TLS_HOSTS (comma-separated): more names or addresses for the server certificate,
     * beside localhost, the host name, the loopback and interface addresses and checkin.publicUrl's host.
     */
    public java.util.List<String> hostNames = java.util.List.of();
    /** VITRINE_TLS_CERT: the operator's own PEM certificate chain (server first); empty = the store CA's certificate. */
    public String certFile = "";
    /** VITRINE_TLS_KEY: the private key of certFile (PEM, unencrypted). */
    public String keyFile = "";
    /** VITRINE_TLS_CA: with certFile, the CA certificate to publish at /ca.pem (optional: none = 404). */
    public String caFile = "";

    /** True when the operator brings the certificate (certFile and keyFile set). */
    public boolean operatorCertificate() {
      return !certFile.isBlank();
    }

    /** True when at least one TLS listener is on. */
    public boolean enabled() {
      return httpsPort >= 0 || mqttsPort >= 0;
    }
  }

  public static class Presence {
    /** VITRINE_PRESENCE_SILENCE_SECONDS: unseen this long = left the zone. */
    public int silenceSeconds = 30;
  }

  public static class Identity {
    /**
     * VITRINE_MATCH_THRESHOLD: cosine similarity from which a face embedding is taken to be an
     * enrolled shopper. 0.40 for MobileFaceNet (the camera agent's default embedder): on the shared
     * test photos same-person pairs score 0.48..0.96, different people -0.2..0.35 (mean 0.03, sd
     * 0.10). 0.40 sits a little below the middle of that gap because strangers cluster tightly
     * (0.40 is 3.6 sd above their mean) while one person's scores spread wide and drop on real
     * camera frames (compression, pose: down to 0.48). A miss only leaves someone anonymous for a
     * sighting; a false match would personalise for the wrong person. SFace would need ~0.36.
     */
    public double matchThreshold = 0.40;
    /** VITRINE_EMBEDDING_TTL_SECONDS: enrolled embeddings and consent vanish after this (end of the visit). */
    public int embeddingTtlSeconds = 12 * 3600;
  }

  public static class Checkin {
    /** VITRINE_CHECKIN_ZONE: the zone whose camera sees people who scan the check-in QR code. */
    public String zone = "entrance";
    /** VITRINE_CHECKIN_WINDOW_SECONDS: a fresh QR token per window; a token is accepted for two windows. */
    public int windowSeconds = 300;
    /** VITRINE_CHECKIN_FACE_SECONDS: how recent the check-in camera's sighting of a face must be to enrol it. */
    public int faceSeconds = 15;
    /** VITRINE_PUBLIC_URL: base URL phones reach the hub at (QR code); empty = the URL the screen used. */
    public String publicUrl = "";
    /**
     * VITRINE_CHECKIN_REQUESTS_PER_MINUTE: requests one address may make to the check-in, identity
     * and member routes (a token bucket: this many at once, refilled at this rate). Behind a
     * reverse proxy every phone has the proxy's address: raise it there.
     */
    public int requestsPerMinute = 60;
  }

  /**
   * Proof of membership at check-in (ARCHITECTURE.md, "Check-in: who can prove what"). The built-in
   * member login (member id + the secret the loyalty programme gives the member, PBKDF2 in
   * conf/shoppers.yaml or set by an admin) always works; member tokens need a key set.
   */
  public static class Members {
    public Jwt jwt = new Jwt();
  }

  /** Tokens signed by the retailer's own member system (its shopping app, its back office). */
  public static class Jwt {
    /**
     * VITRINE_MEMBER_JWKS: the member system's JSON Web Key Set, a file path or an http(s) URL;
     * fetched at start, every hour and when a token names a key id the set lacks (at most every
     * 30 s). Empty = no member tokens (unless publicKeyFile).
     */
    public String jwks = "";
    /** VITRINE_MEMBER_JWT_PUBLIC_KEY: a PEM public key (RSA or EC) instead of a key set. */
    public String publicKeyFile = "";
    /** VITRINE_MEMBER_JWT_ISSUER: the {@code iss} every member token must carry (required with a key). */
    public String issuer = "";
    /** VITRINE_MEMBER_JWT_AUDIENCE: the {@code aud} every member token must carry. */
    public String audience = "vitrine";
    /** VITRINE_MEMBER_JWT_CLAIM: the claim that holds the loyalty member id. */
    public String memberClaim = "sub";
    /** VITRINE_MEMBER_JWT_LEEWAY_SECONDS: clock difference tolerated on exp/nbf/iat (0..300). */
    public int leewaySeconds = 30;

    public boolean enabled() {
      return !jwks.isBlank() || !publicKeyFile.isBlank();
    }
  }

  public static class Voice {
    /** VITRINE_VOICE: {@code on} (default) or {@code off}; off = no speech recognition, speakers get an error. */
    public boolean enabled = true;
    /**
     * VITRINE_VOSK_MODEL: the Vosk model folder. Default: the model the build unpacks into
     * voice/target/vosk-model. Missing or broken → the hub starts without voice (WARN).
     */
    public String model = "voice/target/vosk-model";
    /** VITRINE_TTS_COMMAND: the offline TTS program called as {@code <cmd> -v <voice> --stdout <text>}; empty = text only. */
    public String ttsCommand = "espeak-ng";
    /** VITRINE_TTS_VOICE: espeak-ng voice of the answers. */
    public String ttsVoice = "en-us";
    /**
     * VITRINE_VOICE_END_SILENCE_MS: the speakers' endpointer hangover, the silence after a complete
     * request that ends the utterance (10..5000, default 150). Longer = fewer shoppers cut off in
     * a pause, answers later by as much. A request not complete yet waits max(this, 700 ms).
     */
    public int endSilenceMillis = 150;
    /**
     * VITRINE_VOICE_LISTEN_SECONDS: how long a speaker that announces when to listen (a wake word,
     * hermes/asr/startListening) is heard after the announcement or after an answer (1..120,
     * default 8). Longer = easier follow-ups, more nearby talk recognised.
     */
    public int listenSeconds = 8;
  }

  public static class Console {
    /** VITRINE_MEDIA_DIR: where uploaded media are kept (served at /uploads/). */
    public String mediaDir = "data/media";
    /** VITRINE_MEDIA_MAX_MB: the largest upload accepted. */
    public int mediaMaxMb = 50;
    /** VITRINE_SESSION_MINUTES: how long a console login lasts. */
    public int sessionMinutes = 12 * 60;
    /**
     * VITRINE_ADMIN_PASSWORD, VITRINE_EDITOR_PASSWORD, VITRINE_VIEWER_PASSWORD: the passwords of the
     * first users, used only while the store has no users at all (at least 8 characters). Unset
     * admin password: one is generated and printed once. Unset editor/viewer: not created. In demo
     * mode (VITRINE_DEMO=on) the first users are admin/admin, editor/editor, viewer/viewer instead.
     */
    public String adminPassword;
    public String editorPassword;
    public String viewerPassword;
  }

  public static class Metrics {
    /**
     * VITRINE_METRICS_TOKEN: the bearer token Prometheus sends to scrape /metrics (its
     * {@code authorization: {credentials: <token>}} setting); it also opens the details of
     * /api/health. Empty = /metrics answers only clients on this machine (loopback).
     */
    public String token = "";
  }

  public static class Limits {
    /** VITRINE_MAX_CONNECTIONS_PER_ADDRESS: open HTTP/WebSocket (and, separately, MQTT) connections from one address. */
    public int connectionsPerAddress = 256;
    /** A screen or browser speaker socket that has not said a valid hello after this long is closed. */
    public int helloSeconds = 10;
  }

  public static class EventLog {
    /** VITRINE_EVENT_LOG_DAYS: store events older than this are trimmed from vitrine:events. */
    public int retentionDays = 30;
    /**
     * VITRINE_SIGHTING_LOG_HOURS: every camera sighting is also logged (vitrine:sightings) and kept
     * this long; 0 = not logged. Sightings are the bulk of the traffic (one per person per camera
     * frame batch), so they get their own, short retention; entries and exits stay 30 days.
     */
    public int sightingHours = 24;
  }

  /** Baskets, the exit gate and the member-account ledger (docs/commerce.md). */
  public static class Commerce {
    /** VITRINE_PORTAL_WINDOW_MILLIS: exit-portal tag reads up to this long before a gate passage are what leaves with the person passing. */
    public long portalWindowMillis = 5000;
    /** A tag a shelf or fridge reader stops reporting for this long has been taken (its reader reports every second or so). */
    public long shelfDepartMillis = 3000;
    /** VITRINE_CREDIT_LIMIT: a new member account may go this far below zero (minor units); staff change it per account. */
    public long defaultCreditLimit = 5000;
    /** Checkouts not finished (Redis down, a crash) are retried this often. */
    public long retryMillis = 5000;
    /** Phone page reads of baskets and receipts per address and minute. */
    public int requestsPerMinute = 240;
  }

  public static class Analytics {
    /**
     * VITRINE_CONVERSION_WINDOW_SECONDS: an order in a zone counts for a content item shown there when
     * it comes while the item plays or up to this long after it ended (content effectiveness).
     */
    public int conversionWindowSeconds = 30 * 60;
    /** Upper bounds (seconds) of the dwell-time buckets; one more bucket holds longer visits. */
    public java.util.List<Integer> dwellBucketsSeconds = java.util.List.of(60, 300, 900, 1800, 3600);
    /** VITRINE_ANALYTICS_DAYS: how long the daily aggregates are kept (the raw event log is trimmed much earlier). */
    public int keepDays = 400;
  }

  /**
   * VITRINE_DEMO=on: the demo store ({@code ./vitrine run} sets it): console users admin/admin,
   * editor/editor, viewer/viewer on a fresh store, and screen links with tokens printed at start.
   * Never for a real store.
   */
  public boolean demo;
  public Metrics metrics = new Metrics();
  public Limits limits = new Limits();
  public Analytics analytics = new Analytics();
  public Http http = new Http();
  public Console console = new Console();
  public EventLog eventLog = new EventLog();
  public Mqtt mqtt = new Mqtt();
  public Redis redis = new Redis();
  public Tls tls = new Tls();
  public Presence presence = new Presence();
  public Identity identity = new Identity();
  public Checkin checkin = new Checkin();
  public Members members = new Members();
  public Voice voice = new Voice();
  public Commerce commerce = new Commerce();

  /** How often conf/*.yaml are checked for edits (VITRINE_CONF_WATCH_MILLIS). Not in hub.yaml. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public long confWatchMillis = 2000;

  /** Where conf/*.yaml are read from (VITRINE_CONF_DIR, default conf). Not in hub.yaml. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Path confDir = Path.of("conf");

  /** Reads {@code <confDir>/hub.yaml} if present, then applies environment overrides. */
  public static HubConfig load(Map<String, String> env) {
    Path confDir = Path.of(env.getOrDefault("VITRINE_CONF_DIR", "conf"));
    HubConfig config = Yaml.read(confDir.resolve("hub.yaml"), HubConfig.class, true);
    if (config == null) {
      config = new HubConfig();
    }
    config.confDir = confDir;
    config.applyEnv(env);
    config.validate(confDir.resolve("hub.yaml"));
    return config;
  }

  void applyEnv(Map<String, String> env) {
    str(env, "VITRINE_HTTP_HOST", v -> http.host = v);
    num(env, "VITRINE_HTTP_PORT", v -> http.port = v);
    str(env, "VITRINE_MQTT_HOST", v -> mqtt.host = v);
    num(env, "VITRINE_MQTT_PORT", v -> mqtt.port = v);
    num(env, "VITRINE_MQTT_MAX_PAYLOAD_BYTES", v -> mqtt.maxPayloadBytes = v);
    num(env, "VITRINE_MQTT_MAX_KEEPALIVE", v -> mqtt.maxKeepAliveSeconds = v);
    str(env, "VITRINE_REDIS_URL", v -> redis.url = v);
    str(env, "VITRINE_DATA_DIR", v -> redis.dataDir = v);
    str(env, "VITRINE_REDIS_CA", v -> redis.caFile = v);
    str(env, "VITRINE_REDIS_SENTINELS", v -> redis.sentinels = v.isEmpty() ? java.util.List.of()
        : java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
    str(env, "VITRINE_REDIS_MASTER", v -> redis.master = v);
    str(env, "VITRINE_REDIS_PASSWORD", v -> redis.password = v);
    str(env, "VITRINE_REDIS_FSYNC", v -> redis.fsync = v);
    num(env, "VITRINE_HTTPS_PORT", v -> tls.httpsPort = v);
    num(env, "VITRINE_MQTTS_PORT", v -> tls.mqttsPort = v);
    str(env, "VITRINE_TLS_DIR", v -> tls.dir = v);
    str(env, "VITRINE_TLS_HOSTS", v -> tls.hostNames = java.util.Arrays.stream(v.split(",")).map(String::trim)
        .filter(h -> !h.isEmpty()).toList());
    str(env, "VITRINE_TLS_CERT", v -> tls.certFile = v);
    str(env, "VITRINE_TLS_KEY", v -> tls.keyFile = v);
    str(env, "VITRINE_TLS_CA", v -> tls.caFile = v);
    num(env, "VITRINE_PRESENCE_SILENCE_SECONDS", v -> presence.silenceSeconds = v);
    num(env, "VITRINE_CONF_WATCH_MILLIS", v -> confWatchMillis = v);
    num(env, "VITRINE_CREDIT_LIMIT", v -> commerce.defaultCreditLimit = v);
    num(env, "VITRINE_PORTAL_WINDOW_MILLIS", v -> commerce.portalWindowMillis = v);
    dec(env, "VITRINE_MATCH_THRESHOLD", v -> identity.matchThreshold = v);
    num(env, "VITRINE_EMBEDDING_TTL_SECONDS", v -> identity.embeddingTtlSeconds = v);
    str(env, "VITRINE_CHECKIN_ZONE", v -> checkin.zone = v);
    num(env, "VITRINE_CHECKIN_WINDOW_SECONDS", v -> checkin.windowSeconds = v);
    num(env, "VITRINE_CHECKIN_FACE_SECONDS", v -> checkin.faceSeconds = v);
    str(env, "VITRINE_PUBLIC_URL", v -> checkin.publicUrl = v);
    num(env, "VITRINE_CHECKIN_REQUESTS_PER_MINUTE", v -> checkin.requestsPerMinute = v);
    str(env, "VITRINE_MEMBER_JWKS", v -> members.jwt.jwks = v);
    str(env, "VITRINE_MEMBER_JWT_PUBLIC_KEY", v -> members.jwt.publicKeyFile = v);
    str(env, "VITRINE_MEMBER_JWT_ISSUER", v -> members.jwt.issuer = v);
    str(env, "VITRINE_MEMBER_JWT_AUDIENCE", v -> members.jwt.audience = v);
    str(env, "VITRINE_MEMBER_JWT_CLAIM", v -> members.jwt.memberClaim = v);
    num(env, "VITRINE_MEMBER_JWT_LEEWAY_SECONDS", v -> members.jwt.leewaySeconds = v);
    str(env, "VITRINE_VOICE", v -> {
      if (!v.equals("on") && !v.equals("off")) {
        throw new ConfigException("environment variable VITRINE_VOICE: must be on or off, got '" + v + "'");
      }
      voice.enabled = v.equals("on");
    });
    str(env, "VITRINE_VOSK_MODEL", v -> voice.model = v);
    str(env, "VITRINE_TTS_COMMAND", v -> voice.ttsCommand = v);
    str(env, "VITRINE_TTS_VOICE", v -> voice.ttsVoice = v);
    num(env, "VITRINE_VOICE_END_SILENCE_MS", v -> voice.endSilenceMillis = v);
    num(env, "VITRINE_VOICE_LISTEN_SECONDS", v -> voice.listenSeconds = v);
    str(env, "VITRINE_MEDIA_DIR", v -> console.mediaDir = v);
    num(env, "VITRINE_MEDIA_MAX_MB", v -> console.mediaMaxMb = v);
    num(env, "VITRINE_SESSION_MINUTES", v -> console.sessionMinutes = v);
    str(env, "VITRINE_DEMO", v -> {
      if (!v.equals("on") && !v.equals("off")) {
        throw new ConfigException("environment variable VITRINE_DEMO: must be on or off, got '" + v + "'");
      }
      demo = v.equals("on");
    });
    str(env, "VITRINE_METRICS_TOKEN", v -> metrics.token = v);
    num(env, "VITRINE_MAX_CONNECTIONS_PER_ADDRESS", v -> limits.connectionsPerAddress = v);
    // an empty variable means "not set", as when it is missing
    str(env, "VITRINE_ADMIN_PASSWORD", v -> console.adminPassword = v.isEmpty() ? null : v);
    str(env, "VITRINE_EDITOR_PASSWORD", v -> console.editorPassword = v.isEmpty() ? null : v);
    str(env, "VITRINE_VIEWER_PASSWORD", v -> console.viewerPassword = v.isEmpty() ? null : v);
    num(env, "VITRINE_EVENT_LOG_DAYS", v -> eventLog.retentionDays = v);
    num(env, "VITRINE_SIGHTING_LOG_HOURS", v -> eventLog.sightingHours = v);
    num(env, "VITRINE_CONVERSION_WINDOW_SECONDS", v -> analytics.conversionWindowSeconds = v);
    num(env, "VITRINE_ANALYTICS_DAYS", v -> analytics.keepDays = v);
  }

  private void validate(Path file) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (http.port < 0 || http.port > 65535) {
      problems.add(file + ": http.port: " + http.port + " is not a TCP port (0-65535)");
    }
    if (mqtt.port < 0 || mqtt.port > 65535) {
      problems.add(file + ": mqtt.port: " + mqtt.port + " is not a TCP port (0-65535)");
    }
    if (mqtt.maxPayloadBytes < 256 || mqtt.maxPayloadBytes > 1024 * 1024) {
      problems.add(file + ": mqtt.maxPayloadBytes: must be between 256 and 1048576, got " + mqtt.maxPayloadBytes);
    }
    if (mqtt.maxKeepAliveSeconds < 10 || mqtt.maxKeepAliveSeconds > 65535) {
      problems.add(file + ": mqtt.maxKeepAliveSeconds: must be 10..65535, got " + mqtt.maxKeepAliveSeconds);
    }
    validateTls(file, problems);
    if (confWatchMillis < 100) {
      problems.add("VITRINE_CONF_WATCH_MILLIS: must be at least 100, got " + confWatchMillis);
    }
    if (presence.silenceSeconds < 1) {
      problems.add(file + ": presence.silenceSeconds: must be at least 1, got " + presence.silenceSeconds);
    }
    if (redis.url != null && !redis.url.isBlank() && !redis.url.startsWith("redis://") && !redis.url.startsWith("rediss://")) {
      problems.add(file + ": redis.url: must start with redis:// or rediss://, got '" + redis.url + "'");
    }
    if (!(identity.matchThreshold > 0 && identity.matchThreshold <= 1)) {
      problems.add(file + ": identity.matchThreshold: must be a cosine similarity above 0 and at most 1, got " + identity.matchThreshold);
    }
    if (identity.embeddingTtlSeconds < 1 || identity.embeddingTtlSeconds > 7 * 24 * 3600) {
      problems.add(file + ": identity.embeddingTtlSeconds: must be 1..604800 (a visit, at most a week), got " + identity.embeddingTtlSeconds);
    }
    if (checkin.windowSeconds < 10) {
      problems.add(file + ": checkin.windowSeconds: must be at least 10, got " + checkin.windowSeconds);
    }
    if (checkin.faceSeconds < 1 || checkin.faceSeconds > 300) {
      problems.add(file + ": checkin.faceSeconds: must be 1..300, got " + checkin.faceSeconds);
    }
    if (checkin.publicUrl != null && !checkin.publicUrl.isBlank() && !checkin.publicUrl.matches("https?://[^\\s/]+(/.*)?")) {
      problems.add(file + ": checkin.publicUrl: must be an http(s) URL such as http://192.168.1.10:8080, got '" + checkin.publicUrl + "'");
    }
    if (checkin.requestsPerMinute < 1 || checkin.requestsPerMinute > 100_000) {
      problems.add(file + ": checkin.requestsPerMinute: must be 1..100000, got " + checkin.requestsPerMinute);
    }
    validateMembers(file, problems);
    if (voice.endSilenceMillis < 10 || voice.endSilenceMillis > 5000) {
      problems.add(file + ": voice.endSilenceMillis: must be 10..5000 ms, got " + voice.endSilenceMillis);
    }
    if (voice.listenSeconds < 1 || voice.listenSeconds > 120) {
      problems.add(file + ": voice.listenSeconds: must be 1..120 s, got " + voice.listenSeconds);
    }
    if (analytics.conversionWindowSeconds < 1 || analytics.conversionWindowSeconds > 24 * 3600) {
      problems.add(file + ": analytics.conversionWindowSeconds: must be 1..86400, got " + analytics.conversionWindowSeconds);
    }
    if (analytics.keepDays < 1) {
      problems.add(file + ": analytics.keepDays: must be at least 1, got " + analytics.keepDays);
    }
    if (analytics.dwellBucketsSeconds == null || analytics.dwellBucketsSeconds.isEmpty()
        || !analytics.dwellBucketsSeconds.equals(analytics.dwellBucketsSeconds.stream().distinct().sorted().toList())
        || analytics.dwellBucketsSeconds.get(0) < 1) {
      problems.add(file + ": analytics.dwellBucketsSeconds: must be increasing whole seconds >= 1, got " + analytics.dwellBucketsSeconds);
    }
    for (String[] p : new String[][] {{"adminPassword", console.adminPassword}, {"editorPassword", console.editorPassword},
        {"viewerPassword", console.viewerPassword}}) {
      if (p[1] != null && p[1].length() < 8) {
        problems.add(file + ": console." + p[0] + ": at least 8 characters (or leave it unset)");
      }
    }
    if (metrics.token != null && !metrics.token.isEmpty() && metrics.token.length() < 16) {
      problems.add(file + ": metrics.token: at least 16 characters (or empty: /metrics only from this machine)");
    }
    if (limits.connectionsPerAddress < 1) {
      problems.add(file + ": limits.connectionsPerAddress: must be at least 1, got " + limits.connectionsPerAddress);
    }
    if (limits.helloSeconds < 1 || limits.helloSeconds > 300) {
      problems.add(file + ": limits.helloSeconds: must be 1..300, got " + limits.helloSeconds);
    }
    if (eventLog.sightingHours < 0) {
      problems.add(file + ": eventLog.sightingHours: must be 0 (off) or more, got " + eventLog.sightingHours);
    }
    if (eventLog.retentionDays < 1) {
      problems.add(file + ": eventLog.retentionDays: must be at least 1, got " + eventLog.retentionDays);
    }
    if (redis.sentinels == null) {
      redis.sentinels = java.util.List.of();
    }
    if (!"everysec".equals(redis.fsync) && !"always".equals(redis.fsync)) {
      problems.add(file + ": redis.fsync: everysec or always, got '" + redis.fsync + "'");
    }
    if (!redis.sentinels.isEmpty()) {
      if (redis.url != null && !redis.url.isBlank()) {
        problems.add(file + ": redis.sentinels: give redis.url or redis.sentinels, not both");
      }
      for (String sn : redis.sentinels) {
        if (!sn.matches("rediss?://[^\\s/]+:\\d{1,5}")) {
          problems.add(file + ": redis.sentinels: '" + sn + "' is not a sentinel address such as redis://10.0.0.5:26379");
        }
      }
      if (redis.master == null || !redis.master.matches("[A-Za-z0-9._-]{1,64}")) {
        problems.add(file + ": redis.master: the master's name the sentinels monitor, e.g. vitrine; got '" + redis.master + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private void validateMembers(Path file, java.util.List<String> problems) {
    Jwt j = members == null || members.jwt == null ? null : members.jwt;
    if (j == null) {
      problems.add(file + ": members.jwt: must be a map (jwks, publicKeyFile, issuer, audience, memberClaim, leewaySeconds)");
      return;
    }
    j.jwks = j.jwks == null ? "" : j.jwks.trim();
    j.publicKeyFile = j.publicKeyFile == null ? "" : j.publicKeyFile.trim();
    if (!j.jwks.isEmpty() && !j.publicKeyFile.isEmpty()) {
      problems.add(file + ": members.jwt: give jwks or publicKeyFile, not both");
    }
    if (j.jwks.matches("(?i)[a-z][a-z0-9+.-]*://.*") && !j.jwks.matches("https?://[^\\s/]+(/\\S*)?")) {
      problems.add(file + ": members.jwt.jwks: must be a file path or an http(s) URL, got '" + j.jwks + "'");
    }
    if (j.enabled() && (j.issuer == null || j.issuer.isBlank())) {
      problems.add(file + ": members.jwt.issuer: required with a key set (the member system's iss), e.g. https://members.example.com");
    }
    if (j.enabled() && (j.audience == null || j.audience.isBlank())) {
      problems.add(file + ": members.jwt.audience: required with a key set (the aud the member system puts in tokens for this hub)");
    }
    if (j.memberClaim == null || !j.memberClaim.matches("[A-Za-z0-9_.:-]{1,64}")) {
      problems.add(file + ": members.jwt.memberClaim: must be a claim name such as sub, got '" + j.memberClaim + "'");
    }
    if (j.leewaySeconds < 0 || j.leewaySeconds > 300) {
      problems.add(file + ": members.jwt.leewaySeconds: must be 0..300, got " + j.leewaySeconds);
    }
  }

  private void validateTls(Path file, java.util.List<String> problems) {
    // "certFile:" with nothing after it reads as null: the same as empty
    tls.certFile = tls.certFile == null ? "" : tls.certFile;
    tls.keyFile = tls.keyFile == null ? "" : tls.keyFile;
    tls.caFile = tls.caFile == null ? "" : tls.caFile;
    tls.dir = tls.dir == null || tls.dir.isBlank() ? new Tls().dir : tls.dir;
    tls.hostNames = tls.hostNames == null ? java.util.List.of() : tls.hostNames;
    redis.caFile = redis.caFile == null ? "" : redis.caFile;
    redis.url = redis.url == null ? "" : redis.url;
    if (tls.httpsPort < -1 || tls.httpsPort > 65535) {
      problems.add(file + ": tls.httpsPort: " + tls.httpsPort + " is not a TCP port (0-65535, or -1 = off)");
    } else if (tls.httpsPort > 0 && tls.httpsPort == http.port) {
      problems.add(file + ": tls.httpsPort: " + tls.httpsPort + " is already http.port");
    }
    if (tls.mqttsPort < -1 || tls.mqttsPort > 65535) {
      problems.add(file + ": tls.mqttsPort: " + tls.mqttsPort + " is not a TCP port (0-65535, or -1 = off)");
    } else if (tls.mqttsPort > 0 && tls.mqttsPort == mqtt.port) {
      problems.add(file + ": tls.mqttsPort: " + tls.mqttsPort + " is already mqtt.port");
    }
    if (tls.certFile.isBlank() != tls.keyFile.isBlank()) {
      problems.add(file + ": " + (tls.certFile.isBlank() ? "tls.certFile" : "tls.keyFile")
          + ": tls.certFile and tls.keyFile go together (your certificate and its key); set both or neither");
    }
    if (!tls.caFile.isBlank() && tls.certFile.isBlank()) {
      problems.add(file + ": tls.caFile: only with tls.certFile (the store CA the hub makes is published by itself)");
    }
    for (String[] f : new String[][] {{"tls.certFile", tls.certFile}, {"tls.keyFile", tls.keyFile},
        {"tls.caFile", tls.caFile}, {"redis.caFile", redis.caFile}}) {
      if (!f[1].isBlank() && !java.nio.file.Files.isReadable(Path.of(f[1]))) {
        problems.add(file + ": " + f[0] + ": no readable file '" + f[1] + "'");
      }
    }
    for (String h : tls.hostNames) {
      try {
        org.vitrine.hub.tls.SubjectNames.of(java.util.List.of(h));
      } catch (IllegalArgumentException e) {
        problems.add(file + ": tls.hostNames: " + e.getMessage());
      }
    }
    if (!redis.caFile.isBlank() && !redis.url.startsWith("rediss://")) {
      problems.add(file + ": redis.caFile: only for a rediss:// redis.url (Redis over TLS); redis.url is "
          + (redis.url.isBlank() ? "empty (the embedded Redis)" : "not rediss://"));
    }
  }

  public boolean embeddedRedis() {
    return (redis.url == null || redis.url.isBlank()) && (redis.sentinels == null || redis.sentinels.isEmpty());
  }

  private static void str(Map<String, String> env, String name, Consumer<String> set) {
    String v = env.get(name);
    if (v != null) {
      set.accept(v.trim());
    }
  }

  private static void dec(Map<String, String> env, String name, Consumer<Double> set) {
    String v = env.get(name);
    if (v != null) {
      try {
        set.accept(Double.parseDouble(v.trim()));
      } catch (NumberFormatException e) {
        throw new ConfigException("environment variable " + name + ": '" + v + "' is not a number");
      }
    }
  }

  private static void num(Map<String, String> env, String name, Consumer<Integer> set) {
    String v = env.get(name);
    if (v != null) {
      try {
        set.accept(Integer.parseInt(v.trim()));
      } catch (NumberFormatException e) {
        throw new ConfigException("environment variable " + name + ": '" + v + "' is not a whole number");
      }
    }
  }
}
