package org.vitrine.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
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
import org.vitrine.hub.ops.Relay;
import org.vitrine.hub.voice.Hermes;

/**
 * The hub's MQTT endpoint (3.1.1 and 5): authenticates devices, turns their publishes into store
 * events and delivers hub→device messages to matching subscriptions. Protocol only, no business.
 * Sessions (one per device and client id, taken over by a second connection, persistent when
 * the client asks) are {@link SessionRegistry}'s; what a CONNECT negotiates is {@link Connack}.
 */
public final class MqttGateway extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  /** Above this the MQTT decoder itself refuses the packet (and closes); below it we answer. */
  static final int DECODER_LIMIT = 1024 * 1024;

  private final HubConfig.Mqtt config;
  private final CatalogHolder catalog;
  private final Counters counters;
  /** The open connections of each device (a device may hold several, each with its own client id). */
  private final Map<String, List<Connection>> connections = new ConcurrentHashMap<>();
  private MqttServer server;
  /** The same endpoint over TLS, when {@link #alsoOverTls} was called; -1 = off. */
  private int tlsPort = -1;
  private io.vertx.core.net.KeyCertOptions tlsKeyCert;
  private MqttServer tlsServer;
  private final org.vitrine.hub.ops.RateLimit speakerErrors = new org.vitrine.hub.ops.RateLimit(1000);
  /** Rejections from one source are logged once a minute with a count, not one by one. */
  private final org.vitrine.hub.ops.RejectionLog rejections = new org.vitrine.hub.ops.RejectionLog(LOG);
  private final org.vitrine.hub.ops.AddressCounter perAddress;
  private final SessionRegistry sessions;
  /** Sessions one device may hold at once (a device and its reconnect, a spare): more is a misconfiguration or a copy. */
  static final int SESSIONS_PER_DEVICE = 8;
  /** A connection must send CONNECT this soon after opening. */
  static final int CONNECT_TIMEOUT_SECONDS = 10;
  private long sweeper = -1;

  public MqttGateway(HubConfig.Mqtt config, CatalogHolder catalog, Counters counters) {
    this(config, catalog, counters, 256);
  }

  public MqttGateway(HubConfig.Mqtt config, CatalogHolder catalog, Counters counters, int connectionsPerAddress) {
    this(config, catalog, counters, connectionsPerAddress, null);
  }

  /**
   * @param redis where persistent sessions are kept across restarts ({@code vitrine:mqtt:*}); null = in memory only
   */
  public MqttGateway(HubConfig.Mqtt config, CatalogHolder catalog, Counters counters, int connectionsPerAddress,
      io.vertx.redis.client.Redis redis) {
    this.config = config;
    this.catalog = catalog;
    this.counters = counters;
    this.perAddress = new org.vitrine.hub.ops.AddressCounter(connectionsPerAddress);
    this.sessions = new SessionRegistry(redis == null ? SessionStore.NONE : new RedisSessionStore(redis, counters),
        SessionBounds.DEFAULT, counters, rejections);
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<DeviceMessage>consumer(Addresses.DEVICE_PUBLISH, this::onDeviceMessage);
    vertx.eventBus().consumer(Addresses.CATALOG_CHANGED, m -> onCatalogChanged());
    vertx.eventBus().<HermesPublish>consumer(Addresses.DEVICE_PUBLISH_TOPIC, m -> {
      HermesPublish p = m.body();
      int delivered = sessions.deliver(p.device(), p.topic(), p.payload(), 0);
      if (m.replyAddress() != null) {
        m.reply(delivered);
      }
    });
    // persistent sessions come back before the first device does; without them the endpoint still starts
    Future<Integer> loaded = sessions.load(id -> catalog.get().device(id).isPresent())
        .onSuccess(n -> LOG.info("MQTT sessions kept from before: {}", n))
        .otherwise(e -> {
          LOG.warn("MQTT sessions could not be read back ({}): devices start without them", e.toString());
          return 0;
        });
    return loaded.compose(n -> listen());
  }

  private Future<?> listen() {
    server = MqttServer.create(vertx, new MqttServerOptions()
        .setHost(config.host).setPort(config.port).setMaxMessageSize(DECODER_LIMIT).setTimeoutOnConnect(CONNECT_TIMEOUT_SECONDS)
        // an empty client id reaches onConnect as such: the hub assigns one and tells the client (MQTT-3.1.3-7)
        .setAutoClientId(false));
    server.endpointHandler(this::onConnect);
    // a protocol error (garbage, a packet before CONNECT, a broken frame): one line, no stack, summarised per minute
    server.exceptionHandler(e -> {
      counters.increment("mqtt.protocol-errors");
      rejections.warn("an MQTT client", "mqtt-protocol-error", e.toString());
    });
    // keep-alive as a server enforces it: a session silent for 1.5 x its (capped) keep-alive is closed
    sweeper = vertx.setPeriodic(5000, id -> {
      long now = System.currentTimeMillis();
      connections.values().forEach(list -> list.forEach(c -> {
        if (c.keepAliveSeconds > 0 && now - c.lastHeard > c.keepAliveSeconds * 1500L) {
          counters.increment("mqtt.keepalive-expired");
          LOG.info("device {}: nothing heard for 1.5 x its keep-alive of {} s: closing", c.device, c.keepAliveSeconds);
          close(c);
        }
      }));
      sessions.sweep(now);
      rejections.flush();
      org.vitrine.hub.ops.ProtocolNoiseFilter.flush();
    });
    Future<MqttServer> plain = server.listen().onSuccess(s -> LOG.info("MQTT endpoint listening on {}:{}", config.host, s.actualPort()));
    if (tlsPort < 0) {
      return plain;
    }
    // same handler: the same authentication, topics, sessions and limits, only encrypted
    MqttServerOptions tlsOptions = new MqttServerOptions().setHost(config.host).setPort(tlsPort)
        .setMaxMessageSize(DECODER_LIMIT).setTimeoutOnConnect(CONNECT_TIMEOUT_SECONDS).setAutoClientId(false)
        .setSsl(true).setKeyCertOptions(tlsKeyCert);
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
    // the hub stops: every session's connection ends now (persistent ones are written with their
    // expiry counting from here), and those writes land before Redis closes
    connections.values().forEach(list -> list.forEach(sessions::detach));
    return Future.join(server == null ? Future.succeededFuture() : server.close(),
        tlsServer == null ? Future.succeededFuture() : tlsServer.close()).transform(v -> sessions.flush());
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
    return java.util.Set.copyOf(connections.keySet());
  }

  /**
   * A device deleted in the console, or whose password changed, is disconnected at once: its
   * credentials no longer hold. A deleted device's sessions end too.
   */
  private void onCatalogChanged() {
    connections.forEach((id, list) -> {
      Device now = catalog.get().device(id).orElse(null);
      for (Connection c : list) {
        if (now == null || !java.util.Objects.equals(now.passwordHash(), c.passwordHash)) {
          LOG.info("device {} {}: disconnecting it", id, now == null ? "was deleted" : "has new credentials");
          close(c);
        }
      }
    });
    sessions.forgetDevicesNotIn(id -> catalog.get().device(id).isPresent());
  }

  public int connectedDevices() {
    return connections.values().stream().mapToInt(List::size).sum();
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
    Connack connack;
    try {
      connack = Connack.of(endpoint.protocolVersion(), endpoint.isCleanSession(), endpoint.connectProperties(), sessions.bounds());
    } catch (Connack.Refused r) {
      counters.increment("mqtt.protocol-errors");
      rejections.warn(device.id() + "@" + from, "mqtt-protocol-error", "CONNECT with " + r.getMessage() + ": refused");
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR
          : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
      return;
    }
    // MQTT-3.1.3-6/7: an empty client id gets one made by the hub, told in the MQTT 5 CONNACK. (With
    // clean session off Vert.x has refused it already: 3.1.1 0x02 identifier rejected, MQTT-3.1.3-8; 5 0x85.)
    String assigned = null;
    if (endpoint.clientIdentifier() == null || endpoint.clientIdentifier().isEmpty()) {
      assigned = "vitrine-" + java.util.UUID.randomUUID();
      endpoint.setClientIdentifier(assigned);
    }
    String clientId = endpoint.clientIdentifier();
    List<Connection> current = connections.getOrDefault(device.id(), List.of());
    // a connection with the same client id is taken over (MQTT-3.1.4-3; 3.1.1 MQTT-3.1.4-2), it counts not against the limit
    int others = (int) current.stream().filter(c -> !c.session.clientId().equals(clientId)).count();
    if (others >= SESSIONS_PER_DEVICE || !perAddress.tryAcquire(from)) {
      counters.increment("mqtt.connect.refused");
      rejections.warn(from, "mqtt-connection-limit", others >= SESSIONS_PER_DEVICE
          ? "device " + device.id() + " already has " + others + " sessions" : "too many MQTT connections from this address");
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    int effectiveKeepAlive = keepAliveTooLong ? config.maxKeepAliveSeconds : keepAlive;
    SessionRegistry.Opened opened = sessions.open(device.id(), clientId, endpoint.isCleanSession(), connack.sessionExpirySeconds());
    Connection c = new Connection(device, endpoint, from, connack, effectiveKeepAlive, opened.session());
    endpoint.publishAutoAck(false);
    endpoint.pingHandler(v -> c.lastHeard = System.currentTimeMillis());
    endpoint.publishHandler(msg -> {
      c.lastHeard = System.currentTimeMillis();
      onPublish(c, msg);
    });
    endpoint.publishReleaseHandler(id -> onPublishRelease(c, id));
    endpoint.publishAcknowledgeHandler(id -> sessions.acknowledged(c, id));
    endpoint.subscribeHandler(msg -> onSubscribe(c, msg));
    endpoint.unsubscribeHandler(msg -> onUnsubscribe(c, msg));
    endpoint.disconnectMessageHandler(msg -> onDisconnect(c, msg));
    endpoint.exceptionHandler(e -> {
      counters.increment("mqtt.protocol-errors");
      rejections.warn(device.id() + "@" + from, "mqtt-protocol-error", e.toString());
    });
    endpoint.closeHandler(v -> {
      perAddress.release(from);
      connections.computeIfPresent(device.id(), (k, list) -> {
        list.remove(c);
        return list.isEmpty() ? null : list;
      });
      sessions.detach(c);
      LOG.info("device {} disconnected", device.id());
      if (!connections.containsKey(device.id())) {
        vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(device.id(), device.kind(), false, System.currentTimeMillis()));
      }
    });
    boolean first = current.isEmpty();
    connections.computeIfAbsent(device.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(c);
    if (opened.previous() != null) {
      takeOver(opened.previous());
    }
    if (v5) {
      endpoint.accept(opened.present(), connack.properties(sessions.bounds(), DECODER_LIMIT,
          keepAliveTooLong ? effectiveKeepAlive : 0, assigned));
    } else {
      endpoint.accept(opened.present());
    }
    sessions.attach(c);
    if (first) {
      vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(device.id(), device.kind(), true, System.currentTimeMillis()));
    }
    counters.increment("mqtt.connect.accepted");
    LOG.info("device {} connected from {} (MQTT {}{}, client id '{}'{}{})", device.id(), from, v5 ? "5" : "3.1.1",
        endpoint.isSsl() ? " over TLS" : "", org.vitrine.hub.ops.LogText.safe(clientId),
        opened.present() ? ", session resumed" : "", opened.session().persistent()
            ? ", session kept " + opened.session().expirySeconds() + " s after disconnect" : "");
  }

  /** The older connection of a client id that connected again: MQTT 5 DISCONNECT 0x8E Session taken over, 3.1.1 closed. */
  private void takeOver(Connection previous) {
    counters.increment("mqtt.sessions.taken-over");
    LOG.info("device {}: client id '{}' connected again: its connection from {} is closed (session taken over)",
        previous.device, org.vitrine.hub.ops.LogText.safe(previous.session.clientId()), previous.from);
    connections.computeIfPresent(previous.device, (k, list) -> {
      list.remove(previous);
      return list.isEmpty() ? null : list;
    });
    disconnect(previous, MqttDisconnectReasonCode.SESSION_TAKEN_OVER);
  }

  /** MQTT 5: a DISCONNECT may set a new Session Expiry Interval (not from 0: a protocol error, MQTT-3.14.2-2). */
  private void onDisconnect(Connection c, io.vertx.mqtt.messages.MqttDisconnectMessage msg) {
    if (!c.v5() || msg.properties() == null) {
      return;
    }
    MqttProperties.MqttProperty<?> p = msg.properties().getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
    if (p instanceof MqttProperties.IntegerProperty i
        && !sessions.expiryOnDisconnect(c, Math.min(Integer.toUnsignedLong(i.value()), sessions.bounds().maxExpirySeconds()))) {
      counters.increment("mqtt.protocol-errors");
      rejections.warn(c.source(), "mqtt-protocol-error", "DISCONNECT sets a session expiry though CONNECT had 0 (MQTT-3.14.2-2)");
    }
  }

  /**
   * A client broke the protocol: one WARN line (a minute per client and kind, RejectionLog), then
   * MQTT 5 DISCONNECT with the reason code, 3.1.1 the connection closed (there is no DISCONNECT
   * from a 3.1.1 server).
   */
  private void protocolError(Connection c, MqttDisconnectReasonCode code, String what) {
    counters.increment("mqtt.protocol-errors");
    rejections.warn(c.source(), "mqtt-protocol-error", what + (c.v5()
        ? ": disconnected (0x" + Integer.toHexString(code.value() & 0xff) + " " + code + ")" : ": connection closed"));
    disconnect(c, code);
  }

  private static void disconnect(Connection c, MqttDisconnectReasonCode code) {
    try {
      if (c.v5()) {
        c.endpoint.disconnect(code, MqttProperties.NO_PROPERTIES);
      } else {
        c.endpoint.close();
      }
    } catch (IllegalStateException | IllegalArgumentException alreadyClosed) {
      // closed meanwhile: nothing more to say
    }
  }

  private static void close(Connection c) {
    try {
      c.endpoint.close();
    } catch (IllegalStateException | IllegalArgumentException alreadyClosed) {
      // closed meanwhile
    }
  }

  private void onPublish(Connection c, MqttPublishMessage msg) {
    if (c.v5() && msg.properties() != null
        && msg.properties().getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value()) != null) {
      // the CONNACK said Topic Alias Maximum 0 (MQTT-3.3.2-8, §3.3.2.3.4)
      protocolError(c, MqttDisconnectReasonCode.TOPIC_ALIAS_INVALID, "PUBLISH with a topic alias, though the hub allows none");
      return;
    }
    if (c.v5() && msg.isRetain()) {
      // the CONNACK said Retain Available 0 (MQTT-3.2.2-14, §3.3.1.3)
      protocolError(c, MqttDisconnectReasonCode.RETAIN_NOT_SUPPORTED, "a retained PUBLISH, though the hub keeps no retained messages");
      return;
    }
    if (msg.qosLevel() == MqttQoS.EXACTLY_ONCE && c.session.qos2Pending(msg.messageId())) {
      // MQTT-4.3.3-9 (3.1.1 MQTT-4.3.3-2): a re-send before PUBREL is acknowledged again, never processed
      // again; while the first is not kept yet, its own PUBREC answers both
      counters.increment("mqtt.qos2.duplicates");
      Future<?> first = c.session.qos2BeingKept(msg.messageId());
      if (first == null) {
        c.endpoint.publishReceived(msg.messageId());
      } else {
        AckOrder.Waiting again = c.acks.arrived(msg.messageId(), 2);
        first.onComplete(ar -> {
          c.acks.decided(again, ar.succeeded() ? null : NOT_KEPT);
          answerInOrder(c);
        });
      }
      return;
    }
    if (msg.qosLevel() != MqttQoS.AT_MOST_ONCE
        && c.acks.qos1Waiting() + c.session.qos2PendingCount() >= sessions.bounds().receiveMaximum()) {
      // QoS 1 until PUBACK and QoS 2 until PUBCOMP count against the Receive Maximum the CONNACK gave (MQTT-3.3.4-7)
      protocolError(c, MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than " + sessions.bounds().receiveMaximum()
          + " QoS 1 and 2 publishes unacknowledged (Receive Maximum, MQTT-3.3.4-7)");
      return;
    }
    if (msg.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      // held from now on, so a re-send is never processed twice, whenever the PUBREC goes out
      c.session.qos2Received(msg.messageId());
    }
    // answered in arrival order once what it carries is kept (AckOrder)
    AckOrder.Waiting answer = msg.qosLevel() == MqttQoS.AT_MOST_ONCE ? null : c.acks.arrived(msg.messageId(), msg.qosLevel().value());
    Future<?> kept = Future.succeededFuture();
    String device = c.device;
    String kind = c.kind;
    String reject = null;
    String code = null;
    int size = msg.payload().length();
    Topics.Route route = Topics.route(device, kind, c.siteId, msg.topicName());
    if (route == Topics.Route.FOREIGN_SITE) {
      code = "unknown-site";
      reject = "speaker '" + device + "' has Hermes siteId '" + c.siteId + "' (conf/store.yaml); "
          + msg.topicName() + " names another site: publish audio on " + Topics.audioTopic(c.siteId);
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
      vertx.eventBus().send(Addresses.VOICE_AUDIO, new AudioFrame(device, c.siteId, msg.payload().getBytes(),
          System.currentTimeMillis()));
    } else if (route == Topics.Route.DEVICE_EVENT) {
      try {
        Device d = catalog.get().device(device).orElseThrow(() -> new SightingParser.Rejection("topic-not-allowed",
            "device '" + device + "' is no longer in the store"));
        StoreEvent e = ShelfEventParser.parse(msg.payload().getBytes(), d, System.currentTimeMillis());
        counters.increment("devices.events." + e.type());
        // rules act on it at once; the log keeps it, and the device is acknowledged once it is kept
        vertx.eventBus().publish(Addresses.STORE_EVENT, e, new DeliveryOptions().addHeader(Addresses.KEPT_HEADER, "1"));
        kept = vertx.eventBus().request(Addresses.EVENT_KEEP, e, Relay.KEEP);
      } catch (SightingParser.Rejection r) {
        code = r.code;
        reject = r.getMessage();
      }
    } else if (route == Topics.Route.COMMERCE) {
      // read (and refused, with a notice on the device's errors topic) by commerce's own parsers;
      // a gate's passage is acknowledged once commerce has claimed it in Redis
      org.vitrine.hub.events.DeviceReport report = new org.vitrine.hub.events.DeviceReport(device, kind,
          msg.payload().getBytes(), System.currentTimeMillis());
      if (answer == null) {
        vertx.eventBus().send(Addresses.COMMERCE_DEVICE, report);
      } else {
        kept = vertx.eventBus().request(Addresses.COMMERCE_DEVICE, report, Relay.KEEP);
      }
    } else if (route == Topics.Route.HERMES_CONTROL) {
      vertx.eventBus().send(Addresses.VOICE_CONTROL, new HermesPublish(device, msg.topicName(), msg.payload().getBytes()));
    } else {
      try {
        Sighting s = parse(c, msg);
        if (s == null) {
          counters.increment("sightings.ignored." + kind); // e.g. a Frigate event about a car, or its end
        } else {
          if (s.shopper() != null && catalog.get().shopper(s.shopper()).isEmpty()) {
            // Not lost: the person is still counted, just not as a known shopper.
            notice(device, "unknown-shopper", "no consenting shopper '" + s.shopper() + "': counted as anonymous", msg.topicName());
            counters.increment("sightings.unknown-shopper");
            s = new Sighting(s.device(), s.zone(), s.track(), null, s.confidence(), s.ts(), s.trace(), s.embedding(), s.quality());
          }
          counters.increment("sightings.accepted");
          if (answer == null) {
            vertx.eventBus().send(Addresses.SIGHTING, s);
          } else {
            kept = vertx.eventBus().request(Addresses.SIGHTING, s, Relay.KEEP); // replied once it is kept
          }
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
        notice(device, code, reject, msg.topicName());
      } else if (speakerErrors.allow(device + "/" + code)) {
        // A misconfigured satellite sends ~15 frames a second: tell it (and the log) at most once a second.
        rejections.warn(device, "mqtt-rejected-" + code, "on " + msg.topicName() + ": " + reject);
        notice(device, code, reject, msg.topicName());
        String site = Topics.audioSite(msg.topicName());
        publishToTopic(device, Hermes.ERROR_ASR, Json.bytes(Hermes.error(reject, site == null ? c.siteId : site, code, null)));
      }
    }
    if (answer == null) {
      return;
    }
    if (code != null) {
      c.acks.decided(answer, code);
      answerInOrder(c);
      return;
    }
    if (answer.qos == 2) {
      c.session.qos2Keeping(answer.packetId, kept);
    }
    kept.onComplete(ar -> {
      if (ar.failed()) {
        counters.increment("mqtt.refused.not-kept");
        rejections.warn(c.device, "mqtt-not-kept", "on " + msg.topicName() + ": refused, not acknowledged: "
            + ar.cause().getMessage());
      }
      c.acks.decided(answer, ar.succeeded() ? null : NOT_KEPT);
      answerInOrder(c);
    });
  }

  /** The refusal code of a publish the hub could not keep (Redis down, a step too slow). */
  static final String NOT_KEPT = "not-kept";

  /** Answers the publishes that can be answered now, in the order they came. */
  private void answerInOrder(Connection c) {
    for (AckOrder.Waiting w : c.acks.answerable()) {
      if (!c.endpoint.isConnected()) {
        // gone before its answers were decided: the client sends them again on its next connection
        return;
      }
      if (NOT_KEPT.equals(w.refusal()) && !c.v5()) {
        // MQTT 3.1.1 has no negative PUBACK: without one the client keeps the message and sends it
        // again on its next connection, so the hub closes this one rather than acknowledge a loss
        c.session.qos2Released(w.packetId);
        c.endpoint.close();
        return;
      }
      acknowledge(c, w.packetId, w.qos, w.refusal());
    }
  }

  /** The sighting in the payload, read as the device's kind writes it; null = nothing to count. */
  private Sighting parse(Connection c, MqttPublishMessage msg) throws SightingParser.Rejection {
    long now = System.currentTimeMillis();
    byte[] payload = msg.payload().getBytes();
    Device d = catalog.get().device(c.device).orElse(null);
    if (d == null) {
      throw new SightingParser.Rejection("topic-not-allowed", "device '" + c.device + "' is no longer in the store's conf");
    }
    return switch (c.kind) {
      case Device.FRIGATE -> FrigateParser.parse(payload, d, now);
      case Device.DOUBLE_TAKE -> DoubleTakeParser.parse(payload, msg.topicName(), d, now);
      default -> SightingParser.parse(payload, d.id(), d.zone(), now);
    };
  }

  private void acknowledge(Connection c, int packetId, int qos, String rejectCode) {
    MqttEndpoint endpoint = c.endpoint;
    boolean refusedQos2 = qos == 2 && c.v5() && rejectCode != null;
    if (refusedQos2) {
      // MQTT 5: a PUBREC of 0x80 or more ends the exchange: no PUBREL follows, the packet id is free (MQTT-4.3.3)
      c.session.qos2Released(packetId);
    }
    if (!endpoint.isConnected()) {
      return;
    }
    if (qos == 1) {
      if (c.v5()) {
        endpoint.publishAcknowledge(packetId, pubAckCode(rejectCode), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishAcknowledge(packetId);
      }
    } else if (qos == 2) {
      if (refusedQos2) {
        PubReplies.pubrec(endpoint, packetId, MqttPubRecReasonCode.valueOf(pubAckCode(rejectCode).name()));
      } else {
        endpoint.publishReceived(packetId);
      }
    }
  }

  /** PUBREL: the QoS 2 packet id is free again (MQTT-4.3.3-11); unknown ids get MQTT 5 0x92. */
  private void onPublishRelease(Connection c, int packetId) {
    c.lastHeard = System.currentTimeMillis();
    if (c.session.qos2Released(packetId) || !c.v5()) {
      c.endpoint.publishComplete(packetId);
    } else {
      PubReplies.pubcomp(c.endpoint, packetId, MqttPubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
    }
  }

  private static MqttPubAckReasonCode pubAckCode(String rejectCode) {
    if (rejectCode == null) {
      return MqttPubAckReasonCode.SUCCESS;
    }
    return switch (rejectCode) {
      case "topic-not-allowed" -> MqttPubAckReasonCode.NOT_AUTHORIZED;
      case "payload-too-large" -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
      case NOT_KEPT -> MqttPubAckReasonCode.UNSPECIFIED_ERROR;
      default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
    };
  }

  private void onSubscribe(Connection c, MqttSubscribeMessage msg) {
    c.lastHeard = System.currentTimeMillis();
    if (msg.topicSubscriptions().isEmpty()) {
      // MQTT-3.8.3-2 (3.1.1 MQTT-3.8.3-3): at least one topic filter
      protocolError(c, MqttDisconnectReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
      return;
    }
    int identifier = 0;
    if (c.v5() && msg.properties() != null) {
      MqttProperties.MqttProperty<?> p = msg.properties().getProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value());
      if (p instanceof MqttProperties.IntegerProperty i) {
        identifier = i.value();
        if (identifier <= 0) {
          protocolError(c, MqttDisconnectReasonCode.PROTOCOL_ERROR, "SUBSCRIBE with Subscription Identifier 0 (§3.8.2.1.2)");
          return;
        }
      }
    }
    List<MqttQoS> v3codes = new ArrayList<>();
    List<MqttSubAckReasonCode> v5codes = new ArrayList<>();
    for (MqttTopicSubscription sub : msg.topicSubscriptions()) {
      String filter = sub.topicName();
      if (filter.startsWith("$share/")) {
        // the CONNACK said Shared Subscription Available 0 (§3.8.3.1)
        counters.increment("mqtt.subscribe.refused");
        rejections.warn(c.device, "mqtt-subscribe-refused", "shared subscription '" + filter + "': the hub has none");
        v3codes.add(MqttQoS.FAILURE);
        v5codes.add(MqttSubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
      } else if (Topics.maySubscribe(c.device, c.kind, c.siteId, filter)) {
        int qos = Math.min(1, sub.qualityOfService().value());
        if (c.session.subscribe(filter, qos, identifier)) {
          v3codes.add(MqttQoS.valueOf(qos));
          v5codes.add(MqttSubAckReasonCode.qosGranted(MqttQoS.valueOf(qos)));
        } else {
          counters.increment("mqtt.subscribe.refused");
          rejections.warn(c.device, "mqtt-subscribe-refused", "more than " + sessions.bounds().maxSubscriptions()
              + " subscriptions in one session: '" + filter + "' refused");
          v3codes.add(MqttQoS.FAILURE);
          v5codes.add(MqttSubAckReasonCode.QUOTA_EXCEEDED);
        }
      } else {
        counters.increment("mqtt.subscribe.refused");
        rejections.warn(c.device, "mqtt-subscribe-refused", "may not subscribe to '" + filter + "' (only under "
            + Topics.prefix(c.device) + (Device.SPEAKER.equals(c.kind) ? " and " + Topics.speakerFilters(c.siteId) : "") + ")");
        v3codes.add(MqttQoS.FAILURE);
        v5codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED);
      }
    }
    sessions.changed(c.session);
    if (c.v5()) {
      c.endpoint.subscribeAcknowledge(msg.messageId(), v5codes, MqttProperties.NO_PROPERTIES);
    } else {
      c.endpoint.subscribeAcknowledge(msg.messageId(), v3codes);
    }
  }

  /** UNSUBACK; MQTT 5 with one reason code per filter: 0x00 Success or 0x11 No subscription existed (§3.11.3). */
  private void onUnsubscribe(Connection c, MqttUnsubscribeMessage msg) {
    c.lastHeard = System.currentTimeMillis();
    if (msg.topics().isEmpty()) {
      // MQTT-3.10.3-2: at least one topic filter
      protocolError(c, MqttDisconnectReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters");
      return;
    }
    List<MqttUnsubAckReasonCode> codes = new ArrayList<>();
    for (String filter : msg.topics()) {
      codes.add(c.session.unsubscribe(filter) ? MqttUnsubAckReasonCode.SUCCESS : MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED);
    }
    sessions.changed(c.session);
    if (c.v5()) {
      c.endpoint.unsubscribeAcknowledge(msg.messageId(), codes, MqttProperties.NO_PROPERTIES);
    } else {
      c.endpoint.unsubscribeAcknowledge(msg.messageId());
    }
  }

  private void notice(String device, String code, String message, String topic) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("v", 1);
    body.put("error", code);
    body.put("message", message);
    body.put("topic", topic);
    sessions.deliver(device, Topics.of(device, Topics.ERRORS), Json.bytes(body), 1);
  }

  private int publishToTopic(String device, String topic, byte[] payload) {
    return sessions.deliver(device, topic, payload, 0);
  }

  private void onDeviceMessage(Message<DeviceMessage> m) {
    DeviceMessage dm = m.body();
    int delivered = sessions.deliver(dm.device(), Topics.of(dm.device(), dm.channel()),
        dm.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8), dm.qos());
    if (m.replyAddress() != null) {
      m.reply(delivered);
    }
  }
}
