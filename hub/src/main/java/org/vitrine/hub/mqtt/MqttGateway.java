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

  public MqttGateway(HubConfig.Mqtt config, CatalogHolder catalog, Counters counters) {
    this.config = config;
    this.catalog = catalog;
    this.counters = counters;
  }

  /** One connected device and what it subscribed to (filter → granted QoS). */
  private record Session(String device, String kind, String siteId, String passwordHash, MqttEndpoint endpoint,
      Map<String, Integer> subscriptions) {
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
        .setHost(config.host).setPort(config.port).setMaxMessageSize(DECODER_LIMIT));
    server.endpointHandler(this::onConnect);
    server.exceptionHandler(e -> LOG.warn("MQTT connection error: {}", e.toString()));
    Future<MqttServer> plain = server.listen().onSuccess(s -> LOG.info("MQTT endpoint listening on {}:{}", config.host, s.actualPort()));
    if (tlsPort < 0) {
      return plain;
    }
    // same handler: the same authentication, topics and sessions, only encrypted
    tlsServer = MqttServer.create(vertx, new MqttServerOptions().setHost(config.host).setPort(tlsPort)
        .setMaxMessageSize(DECODER_LIMIT).setSsl(true).setKeyCertOptions(tlsKeyCert));
    tlsServer.endpointHandler(this::onConnect);
    // a handshake error may quote what the client sent (e.g. plain MQTT on this port)
    tlsServer.exceptionHandler(e -> LOG.warn("MQTT over TLS connection error: {}", org.vitrine.hub.ops.LogText.safe(e.toString())));
    return plain.compose(p -> tlsServer.listen())
        .onSuccess(s -> LOG.info("MQTT over TLS listening on {}:{}", config.host, s.actualPort()));
  }

  @Override
  public Future<?> stop() {
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
    Device device = user == null ? null : catalog.get().device(user).orElse(null);
    if (device == null || !device.acceptsPassword(password)) {
      counters.increment("mqtt.connect.refused");
      LOG.warn("MQTT connect refused from {}: {} (client id '{}')", endpoint.remoteAddress(),
          user == null ? "no username" : device == null ? "unknown device '" + user + "'" : "wrong password for '" + user + "'",
          endpoint.clientIdentifier());
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
          : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    Session session = new Session(device.id(), device.kind(), device.siteId(), device.passwordHash(), endpoint,
        new ConcurrentHashMap<>());
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(msg -> onPublish(session, msg));
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(msg -> onSubscribe(session, msg));
    endpoint.unsubscribeHandler(msg -> {
      msg.topics().forEach(session.subscriptions()::remove);
      endpoint.unsubscribeAcknowledge(msg.messageId());
    });
    endpoint.exceptionHandler(e -> LOG.warn("MQTT device {}: {}", device.id(), e.toString()));
    endpoint.closeHandler(v -> {
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
    endpoint.accept(false);
    if (first) {
      vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(device.id(), device.kind(), true, System.currentTimeMillis()));
    }
    counters.increment("mqtt.connect.accepted");
    LOG.info("device {} connected (MQTT {}{}, client id '{}')", device.id(), v5 ? "5" : "3.1.1", endpoint.isSsl() ? " over TLS" : "",
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
        LOG.warn("rejected publish from device {} on {}: {}: {}", device, msg.topicName(), code, reject);
        notice(session, code, reject, msg.topicName());
      } else if (speakerErrors.allow(device + "/" + code)) {
        // A misconfigured satellite sends ~15 frames a second: tell it (and the log) at most once a second.
        LOG.warn("rejected publish from speaker {} on {}: {}: {}", device, msg.topicName(), code, reject);
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
        LOG.warn("device {} may not subscribe to '{}' (only under {}{})", session.device(), filter, Topics.prefix(session.device()),
            Device.SPEAKER.equals(session.kind()) ? " and " + Topics.speakerFilters(session.siteId()) : "");
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
