package org.vitrine.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.AudioFrame;
import org.vitrine.hub.events.HermesPublish;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.events.DeviceStatus;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.voice.Hermes;

/**
 * The hub's MQTT endpoint (3.1.1 and 5): authenticates devices, turns their publishes into store
 * events and delivers hub→device messages to matching subscriptions. Protocol only, no business.
 */
public final class MqttGateway extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  /** Above this the MQTT decoder itself refuses the packet (and closes); below it we answer. */
  static final int DECODER_LIMIT = 1024 * 1024;

  private final HubConfig.Mqtt config;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final Map<String, List<Session>> sessions = new ConcurrentHashMap<>();
  private MqttServer server;
  /** The same endpoint over TLS, when {@link #alsoOverTls} was called; -1 = off. */
  private int tlsPort = -1;
  private io.vertx.core.net.KeyCertOptions tlsKeyCert;
  private MqttServer tlsServer;
  private final org.vitrine.hub.ops.RateLimit speakerErrors = new org.vitrine.hub.ops.RateLimit(1000);
  /** Rejections from one source are logged once a minute with a count, not one by one. */
  private final org.vitrine.hub.ops.RejectionLog rejections = new org.vitrine.hub.ops.RejectionLog(LOG);
  private final org.vitrine.hub.ops.AddressCounter perAddress;
  /** Sessions one device may hold at once (a device and its reconnect, a spare): more is a misconfiguration or a copy. */
  static final int SESSIONS_PER_DEVICE = 8;
  /** A connection must send CONNECT this soon after opening. */
  static final int CONNECT_TIMEOUT_SECONDS = 10;
  private long sweeper = -1;

  public MqttGateway(HubConfig.Mqtt config, CatalogHolder catalog, Counters counters) {
    this(config, catalog, counters, 256);
  }

  public MqttGateway(HubConfig.Mqtt config, CatalogHolder catalog, Counters counters, int connectionsPerAddress) {
    this.config = config;
    this.catalog = catalog;
    this.counters = counters;
    this.perAddress = new org.vitrine.hub.ops.AddressCounter(connectionsPerAddress);
  }

  /** One connected device and what it subscribed to (filter → granted QoS). */
  private record Session(String device, String kind, String siteId, String passwordHash, MqttEndpoint endpoint,
      Map<String, Integer> subscriptions, long[] lastHeard, int keepAliveSeconds) {
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<DeviceMessage>consumer(Addresses.DEVICE_PUBLISH, this::onDeviceMessage);
    vertx.eventBus().consumer(Addresses.CATALOG_CHANGED, m -> onCatalogChanged());
    vertx.eventBus().<HermesPublish>consumer(Addresses.DEVICE_PUBLISH_TOPIC, m -> {
      HermesPublish p = m.body();
      int delivered = 0;
      for (Session s : sessions.getOrDefault(p.device(), List.of())) {
        delivered += deliver(s, p.topic(), Buffer.buffer(p.payload()), 0);
      }
      if (m.replyAddress() != null) {
        m.reply(delivered);
      }
    });
    server = MqttServer.create(vertx, new MqttServerOptions()
        .setHost(config.host).setPort(config.port).setMaxMessageSize(DECODER_LIMIT).setTimeoutOnConnect(CONNECT_TIMEOUT_SECONDS));
    server.endpointHandler(this::onConnect);
    // a protocol error (garbage, a packet before CONNECT, a broken frame): one line, no stack, summarised per minute
    server.exceptionHandler(e -> {
      counters.increment("mqtt.protocol-errors");
      rejections.warn("an MQTT client", "mqtt-protocol-error", e.toString());
    });
    // keep-alive as a server enforces it: a session silent for 1.5 x its (capped) keep-alive is closed
    sweeper = vertx.setPeriodic(5000, id -> {
      long now = System.currentTimeMillis();
      sessions.values().forEach(list -> list.forEach(s -> {
        if (s.keepAliveSeconds() > 0 && now - s.lastHeard()[0] > s.keepAliveSeconds() * 1500L) {
          counters.increment("mqtt.keepalive-expired");
          LOG.info("device {}: nothing heard for 1.5 x its keep-alive of {} s: closing", s.device(), s.keepAliveSeconds());
          s.endpoint().close();
        }
      }));
      rejections.flush();
      org.vitrine.hub.ops.ProtocolNoiseFilter.flush();
    });
    Future<MqttServer> plain = server.listen().onSuccess(s -> LOG.info("MQTT endpoint listening on {}:{}", config.host, s.actualPort()));
    if (tlsPort < 0) {
      return plain;
    }
    // same handler: the same authentication, topics, sessions and limits, only encrypted
    MqttServerOptions tlsOptions = new MqttServerOptions().setHost(config.host).setPort(tlsPort)
        .setMaxMessageSize(DECODER_LIMIT).setTimeoutOnConnect(CONNECT_TIMEOUT_SECONDS).setSsl(true).setKeyCertOptions(tlsKeyCert);
    // handshake crypto on worker threads: many devices reconnecting at once must not stall the event loop
    tlsOptions.setSslEngineOptions(new io.vertx.core.net.JdkSSLEngineOptions().setUseWorkerThread(true));
    tlsServer = MqttServer.create(vertx, tlsOptions);
    tlsServer.endpointHandler(this::onConnect);
    // a handshake error may quote what the client sent (e.g. plain MQTT on this port): one line, summarised
    tlsServer.exceptionHandler(e -> {
      counters.increment("mqtt.protocol-errors");
      rejections.warn("an MQTT over TLS client", "mqtt-tls-error", e.toString());
    });
    return plain.compose(p -> tlsServer.listen())
        .onSuccess(s -> LOG.info("MQTT over TLS listening on {}:{}", config.host, s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
    rejections.flushAll();
    return Future.join(server == null ? Future.succeededFuture() : server.close(),
        tlsServer == null ? Future.succeededFuture() : tlsServer.close());
  }

  /** Accepts devices over TLS on {@code port} as well (MQTT over TLS, usually 8883); call before deploying. */
  public void alsoOverTls(int port, io.vertx.core.net.KeyCertOptions keyCert) {
    this.tlsPort = port;
    this.tlsKeyCert = keyCert;
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The MQTT over TLS port, or -1 when there is none. */
  public int actualTlsPort() {
    return tlsServer == null ? -1 : tlsServer.actualPort();
  }

  /** Ids of the devices connected now (the console's device list and map). */
  public java.util.Set<String> onlineDevices() {
    return java.util.Set.copyOf(sessions.keySet());
  }

  /**
   * A device deleted in the console, or whose password changed, is disconnected at once: its
   * credentials no longer hold.
   */
  private void onCatalogChanged() {
    sessions.forEach((id, list) -> {
      Device now = catalog.get().device(id).orElse(null);
      for (Session s : list) {
        if (now == null || !java.util.Objects.equals(now.passwordHash(), s.passwordHash())) {
          LOG.info("device {} {}: disconnecting it", id, now == null ? "was deleted" : "has new credentials");
          s.endpoint().close();
        }
      }
    });
  }

  public int connectedDevices() {
    return sessions.values().stream().mapToInt(List::size).sum();
  }

  private void onConnect(MqttEndpoint endpoint) {
    boolean v5 = endpoint.protocolVersion() >= 5;
    String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    String from = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().hostAddress();
    Device device = user == null ? null : catalog.get().device(user).orElse(null);
    if (device == null || !device.acceptsPassword(password)) {
      counters.increment("mqtt.connect.refused");
      rejections.warn(from, "mqtt-connect-refused", (user == null ? "no username"
          : device == null ? "unknown device '" + user + "'" : "wrong password for '" + user + "'")
          + " (client id '" + endpoint.clientIdentifier() + "')");
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
          : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    int keepAlive = endpoint.keepAliveTimeSeconds();
    boolean keepAliveTooLong = keepAlive == 0 || keepAlive > config.maxKeepAliveSeconds;
    if (keepAliveTooLong && !v5) {
      // MQTT 3.1.1 cannot tell the client another keep-alive: refused as Mosquitto does (max_keepalive)
      counters.increment("mqtt.connect.refused");
      rejections.warn(from, "mqtt-keepalive", "device " + device.id() + " asked for a keep-alive of " + keepAlive
          + " s (at most " + config.maxKeepAliveSeconds + " s, 0 = none is not allowed)");
      endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
      return;
    }
    int devicesSessions = sessions.getOrDefault(device.id(), List.of()).size();
    if (devicesSessions >= SESSIONS_PER_DEVICE || !perAddress.tryAcquire(from)) {
      counters.increment("mqtt.connect.refused");
      rejections.warn(from, "mqtt-connection-limit", devicesSessions >= SESSIONS_PER_DEVICE
          ? "device " + device.id() + " already has " + devicesSessions + " sessions" : "too many MQTT connections from this address");
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    int effectiveKeepAlive = keepAliveTooLong ? config.maxKeepAliveSeconds : keepAlive;
    Session session = new Session(device.id(), device.kind(), device.siteId(), device.passwordHash(), endpoint,
        new ConcurrentHashMap<>(), new long[] {System.currentTimeMillis()}, effectiveKeepAlive);
    endpoint.publishAutoAck(false);
    endpoint.pingHandler(v -> session.lastHeard()[0] = System.currentTimeMillis());
    endpoint.publishHandler(msg -> {
      session.lastHeard()[0] = System.currentTimeMillis();
      onPublish(session, msg);
    });
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(msg -> onSubscribe(session, msg));
    endpoint.unsubscribeHandler(msg -> {
      msg.topics().forEach(session.subscriptions()::remove);
      endpoint.unsubscribeAcknowledge(msg.messageId());
    });
    endpoint.exceptionHandler(e -> {
      counters.increment("mqtt.protocol-errors");
      rejections.warn(device.id() + "@" + from, "mqtt-protocol-error", e.toString());
    });
    endpoint.closeHandler(v -> {
      perAddress.release(from);
      sessions.computeIfPresent(device.id(), (k, list) -> {
        list.remove(session);
        return list.isEmpty() ? null : list;
      });
      LOG.info("device {} disconnected", device.id());
      if (!sessions.containsKey(device.id())) {
        vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(device.id(), device.kind(), false, System.currentTimeMillis()));
      }
    });
    boolean first = !sessions.containsKey(device.id());
    sessions.computeIfAbsent(device.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(session);
    if (v5 && keepAliveTooLong) {
      MqttProperties props = new MqttProperties();
      props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SERVER_KEEP_ALIVE.value(), effectiveKeepAlive));
      endpoint.accept(false, props);
    } else {
      endpoint.accept(false);
    }
    if (first) {
      vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(device.id(), device.kind(), true, System.currentTimeMillis()));
    }
    counters.increment("mqtt.connect.accepted");
    LOG.info("device {} connected from {} (MQTT {}{}, client id '{}')", device.id(), from, v5 ? "5" : "3.1.1",
        endpoint.isSsl() ? " over TLS" : "",
        org.vitrine.hub.ops.LogText.safe(endpoint.clientIdentifier()));
  }

  private void onPublish(Session session, MqttPublishMessage msg) {
    String device = session.device();
    String kind = session.kind();
    String reject = null;
    String code = null;
    int size = msg.payload().length();
    Topics.Route route = Topics.route(device, kind, session.siteId(), msg.topicName());
    if (route == Topics.Route.FOREIGN_SITE) {
      code = "unknown-site";
      reject = "speaker '" + device + "' has Hermes siteId '" + session.siteId() + "' (conf/store.yaml); "
          + msg.topicName() + " names another site: publish audio on " + Topics.audioTopic(session.siteId());
    } else if (route == Topics.Route.REJECT) {
      code = "topic-not-allowed";
      reject = "device '" + device + "' may publish only to " + Topics.sightingTopic(device, kind) + ", not " + msg.topicName();
    } else if (route == Topics.Route.IGNORE) {
      // Frigate and Double Take publish much more than events (stats, snapshots): not for us, not an error
      counters.increment("mqtt.ignored." + kind);
    } else if (size > config.maxPayloadBytes) {
      code = "payload-too-large";
      reject = "payload of " + size + " bytes exceeds the limit of " + config.maxPayloadBytes + " bytes";
    } else if (route == Topics.Route.AUDIO) {
      // Checked and recognised by the voice pipeline, off the event loop.
      counters.increment("voice.audio.frames");
      vertx.eventBus().send(Addresses.VOICE_AUDIO, new AudioFrame(device, session.siteId(), msg.payload().getBytes(),
          System.currentTimeMillis()));
    } else if (route == Topics.Route.DEVICE_EVENT) {
      try {
        Device d = catalog.get().device(device).orElseThrow(() -> new SightingParser.Rejection("topic-not-allowed",
            "device '" + device + "' is no longer in the store"));
        StoreEvent e = ShelfEventParser.parse(msg.payload().getBytes(), d, System.currentTimeMillis());
        counters.increment("devices.events." + e.type());
        vertx.eventBus().publish(Addresses.STORE_EVENT, e);
      } catch (SightingParser.Rejection r) {
        code = r.code;
        reject = r.getMessage();
      }
    } else if (route == Topics.Route.HERMES_CONTROL) {
      vertx.eventBus().send(Addresses.VOICE_CONTROL, new HermesPublish(device, msg.topicName(), msg.payload().getBytes()));
    } else {
      try {
        Sighting s = parse(session, msg);
        if (s == null) {
          counters.increment("sightings.ignored." + kind); // e.g. a Frigate event about a car, or its end
        } else {
          if (s.shopper() != null && catalog.get().shopper(s.shopper()).isEmpty()) {
            // Not lost: the person is still counted, just not as a known shopper.
            notice(session, "unknown-shopper", "no consenting shopper '" + s.shopper() + "': counted as anonymous", msg.topicName());
            counters.increment("sightings.unknown-shopper");
            s = new Sighting(s.device(), s.zone(), s.track(), null, s.confidence(), s.ts(), s.trace(), s.embedding(), s.quality());
          }
          counters.increment("sightings.accepted");
          vertx.eventBus().send(Addresses.SIGHTING, s);
        }
      } catch (SightingParser.Rejection r) {
        code = r.code;
        reject = r.getMessage();
      }
    }
    if (reject != null) {
      counters.increment("mqtt.rejected." + code);
      if (!Device.SPEAKER.equals(kind)) {
        rejections.warn(device, "mqtt-rejected-" + code, "on " + msg.topicName() + ": " + reject);
        notice(session, code, reject, msg.topicName());
      } else if (speakerErrors.allow(device + "/" + code)) {
        // A misconfigured satellite sends ~15 frames a second: tell it (and the log) at most once a second.
        rejections.warn(device, "mqtt-rejected-" + code, "on " + msg.topicName() + ": " + reject);
        notice(session, code, reject, msg.topicName());
        String site = Topics.audioSite(msg.topicName());
        publishToTopic(device, Hermes.ERROR_ASR, Json.bytes(Hermes.error(reject, site == null ? session.siteId() : site, code, null)));
      }
    }
    acknowledge(session.endpoint(), msg, code);
  }

  /** The sighting in the payload, read as the device's kind writes it; null = nothing to count. */
  private Sighting parse(Session session, MqttPublishMessage msg) throws SightingParser.Rejection {
    long now = System.currentTimeMillis();
    byte[] payload = msg.payload().getBytes();
    Device d = catalog.get().device(session.device()).orElse(null);
    if (d == null) {
      throw new SightingParser.Rejection("topic-not-allowed", "device '" + session.device() + "' is no longer in the store's conf");
    }
    return switch (session.kind()) {
      case Device.FRIGATE -> FrigateParser.parse(payload, d, now);
      case Device.DOUBLE_TAKE -> DoubleTakeParser.parse(payload, msg.topicName(), d, now);
      default -> SightingParser.parse(payload, d.id(), d.zone(), now);
    };
  }

  private void acknowledge(MqttEndpoint endpoint, MqttPublishMessage msg, String rejectCode) {
    boolean v5 = endpoint.protocolVersion() >= 5;
    if (msg.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      if (v5) {
        endpoint.publishAcknowledge(msg.messageId(), pubAckCode(rejectCode), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishAcknowledge(msg.messageId());
      }
    } else if (msg.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      if (v5) {
        endpoint.publishReceived(msg.messageId(), rejectCode == null ? MqttPubRecReasonCode.SUCCESS
            : MqttPubRecReasonCode.valueOf(pubAckCode(rejectCode).name()), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishReceived(msg.messageId());
      }
    }
  }

  private static MqttPubAckReasonCode pubAckCode(String rejectCode) {
    if (rejectCode == null) {
      return MqttPubAckReasonCode.SUCCESS;
    }
    return switch (rejectCode) {
      case "topic-not-allowed" -> MqttPubAckReasonCode.NOT_AUTHORIZED;
      case "payload-too-large" -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
      default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
    };
  }

  private void onSubscribe(Session session, MqttSubscribeMessage msg) {
    boolean v5 = session.endpoint().protocolVersion() >= 5;
    List<MqttQoS> v3codes = new ArrayList<>();
    List<MqttSubAckReasonCode> v5codes = new ArrayList<>();
    for (MqttTopicSubscription sub : msg.topicSubscriptions()) {
      String filter = sub.topicName();
      if (Topics.maySubscribe(session.device(), session.kind(), session.siteId(), filter)) {
        int qos = Math.min(1, sub.qualityOfService().value());
        session.subscriptions().put(filter, qos);
        v3codes.add(MqttQoS.valueOf(qos));
        v5codes.add(MqttSubAckReasonCode.qosGranted(MqttQoS.valueOf(qos)));
      } else {
        counters.increment("mqtt.subscribe.refused");
        rejections.warn(session.device(), "mqtt-subscribe-refused", "may not subscribe to '" + filter + "' (only under "
            + Topics.prefix(session.device()) + (Device.SPEAKER.equals(session.kind()) ? " and " + Topics.speakerFilters(session.siteId()) : "") + ")");
        v3codes.add(MqttQoS.FAILURE);
        v5codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED);
      }
    }
    if (v5) {
      session.endpoint().subscribeAcknowledge(msg.messageId(), v5codes, MqttProperties.NO_PROPERTIES);
    } else {
      session.endpoint().subscribeAcknowledge(msg.messageId(), v3codes);
    }
  }

  private void notice(Session session, String code, String message, String topic) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("v", 1);
    body.put("error", code);
    body.put("message", message);
    body.put("topic", topic);
    publishToDevice(session.device(), Topics.ERRORS, Json.write(body), 1);
  }

  private int publishToTopic(String device, String topic, byte[] payload) {
    int delivered = 0;
    for (Session s : sessions.getOrDefault(device, List.of())) {
      delivered += deliver(s, topic, Buffer.buffer(payload), 0);
    }
    return delivered;
  }

  private void onDeviceMessage(Message<DeviceMessage> m) {
    DeviceMessage dm = m.body();
    int delivered = publishToDevice(dm.device(), dm.channel(), dm.payload(), dm.qos());
    if (m.replyAddress() != null) {
      m.reply(delivered);
    }
  }

  /** To every connected session of the device whose subscriptions match; returns how many got it. */
  private int publishToDevice(String device, String channel, String payload, int qos) {
    String topic = Topics.of(device, channel);
    int delivered = 0;
    for (Session s : sessions.getOrDefault(device, List.of())) {
      delivered += deliver(s, topic, Buffer.buffer(payload), qos);
    }
    return delivered;
  }

  /** Publishes to one session if one of its filters matches; returns 1 if sent. */
  private int deliver(Session s, String topic, Buffer payload, int qos) {
    Integer granted = null;
    for (Map.Entry<String, Integer> e : s.subscriptions().entrySet()) {
      if (Topics.matches(e.getKey(), topic)) {
        granted = granted == null ? e.getValue() : Math.max(granted, e.getValue());
      }
    }
    if (granted == null || !s.endpoint().isConnected()) {
      return 0;
    }
    s.endpoint().publish(topic, payload, MqttQoS.valueOf(Math.min(granted, qos)), false, false);
    return 1;
  }
}
