package org.vitrine.hub.screens;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.PlaylistChanged;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.ScreenReport;
import org.vitrine.hub.ops.Counters;

/** One screen's WebSocket: the protocol of ARCHITECTURE.md ("WebSocket: screens"). */
final class ScreenSession {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenSession.class);
  static final short UNKNOWN_SCREEN = 4404;
  static final short HELLO_FIRST = 4400;

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final OnlineScreens online;
  private MessageConsumer<org.vitrine.hub.events.CatalogChanged> catalogConsumer;
  private Screen screen;
  private MessageConsumer<Object> consumer;
  /** Latest command not yet written because the socket is congested: slow screens skip, not queue. */
  private ScreenCommand pending;

  ScreenSession(Vertx vertx, ServerWebSocket ws, CatalogHolder catalog, Counters counters, OnlineScreens online) {
    this.vertx = vertx;
    this.ws = ws;
    this.catalog = catalog;
    this.counters = counters;
    this.online = online;
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> reject("invalid-message", "binary frames are not part of the protocol; send JSON text"));
    ws.exceptionHandler(e -> LOG.debug("screen socket error: {}", e.toString()));
    ws.closeHandler(v -> close());
  }

  private void onText(String text) {
    JsonNode msg;
    try {
      msg = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      reject("bad-json", "frame is not JSON: " + firstLine(e.getMessage()));
      return;
    }
    if (msg == null || !msg.isObject() || !msg.path("type").isTextual()) {
      reject("invalid-message", "frame must be a JSON object with a string field 'type'");
      return;
    }
    String type = msg.get("type").asText();
    if (screen == null) {
      if (!type.equals("hello")) {
        counters.increment("ws.rejected.hello-first");
        LOG.warn("screen socket from {} sent '{}' before hello: closing", ws.remoteAddress(), type);
        ws.close(HELLO_FIRST, "the first frame must be hello");
        return;
      }
      hello(msg);
      return;
    }
    switch (type) {
      case "played", "touch" -> report(type, msg);
      case "showing" -> showing(msg);
      case "hello" -> reject("invalid-message", "already identified as screen '" + screen.id() + "'");
      default -> reject("unknown-type", "unknown message type '" + type + "' (expected played, touch or showing)");
    }
  }

  private void hello(JsonNode msg) {
    String id = msg.path("screen").asText("");
    Screen s = catalog.get().screen(id).orElse(null);
    if (s == null) {
      counters.increment("ws.rejected.unknown-screen");
      LOG.warn("unknown screen '{}' from {}: closing with 4404", id, ws.remoteAddress());
      ws.close(UNKNOWN_SCREEN, "unknown screen '" + abbreviate(id) + "'");
      return;
    }
    screen = s;
    online.connected(s.id());
    catalogConsumer = vertx.eventBus().consumer(Addresses.CATALOG_CHANGED, m -> onCatalogChanged());
    consumer = vertx.eventBus().consumer(Addresses.screen(s.id()), m -> {
      if (m.body() instanceof ScreenCommand cmd) {
        send(cmd);
      } else if (m.body() instanceof PlaylistChanged) {
        write(Json.write(PlaylistMessage.of(catalog.get(), screen.zone())));
      }
    });
    Map<String, Object> welcome = new LinkedHashMap<>();
    welcome.put("type", "welcome");
    welcome.put("v", 1);
    welcome.put("screen", s.id());
    welcome.put("zone", s.zone());
    welcome.put("name", s.name());
    welcome.put("serverTime", System.currentTimeMillis());
    write(Json.write(welcome));
    write(Json.write(PlaylistMessage.of(catalog.get(), s.zone())));
    LOG.info("screen {} connected from {}", s.id(), ws.remoteAddress());
    // Consumer first, then ask for the current state: nothing published in between is missed.
    consumer.completion().compose(v -> vertx.eventBus().<ScreenCommand>request(Addresses.SCREEN_STATE, s.id()))
        .onSuccess(reply -> {
          if ("play".equals(reply.body().type())) {
            send(reply.body());
          }
        })
        .onFailure(e -> LOG.warn("screen {}: no current state: {}", s.id(), e.toString()));
  }

  private void report(String type, JsonNode msg) {
    try {
      ScreenReport r = type.equals("played") ? played(msg) : touch(msg);
      vertx.eventBus().send(Addresses.SCREEN_REPORT, r);
    } catch (IllegalArgumentException e) {
      reject("invalid-message", type + ": " + e.getMessage());
    }
  }

  private ScreenReport played(JsonNode m) {
    String content = requiredText(m, "content");
    long started = requiredLong(m, "startedAt");
    long ended = requiredLong(m, "endedAt");
    if (ended < started) {
      throw new IllegalArgumentException("endedAt is before startedAt");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> reason = m.path("reason").isObject() ? Json.MAPPER.convertValue(m.get("reason"), Map.class) : null;
    String playId = m.path("playId").isTextual() ? m.get("playId").asText() : null;
    return new ScreenReport("played", screen.id(), content, playId, started, ended, reason, null, null, null);
  }

  private ScreenReport touch(JsonNode m) {
    double x = unit(m, "x");
    double y = unit(m, "y");
    String content = m.path("content").isTextual() ? m.get("content").asText() : null;
    long ts = m.path("ts").canConvertToLong() ? m.get("ts").asLong() : System.currentTimeMillis();
    return new ScreenReport("touch", screen.id(), content, null, null, null, null, x, y, ts);
  }

  private static String requiredText(JsonNode m, String f) {
    if (!m.path(f).isTextual() || m.get(f).asText().isBlank()) {
      throw new IllegalArgumentException(f + " must be a non-empty string");
    }
    return m.get(f).asText();
  }

  private static long requiredLong(JsonNode m, String f) {
    if (!m.path(f).isIntegralNumber()) {
      throw new IllegalArgumentException(f + " must be epoch milliseconds");
    }
    return m.get(f).asLong();
  }

  private static double unit(JsonNode m, String f) {
    if (!m.path(f).isNumber() || m.get(f).asDouble() < 0 || m.get(f).asDouble() > 1) {
      throw new IllegalArgumentException(f + " must be a number from 0 to 1");
    }
    return m.get(f).asDouble();
  }

  private void send(ScreenCommand cmd) {
    if (ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      boolean first = pending == null;
      pending = cmd;
      counters.increment("ws.congested");
      if (first) {
        ws.drainHandler(v -> {
          ScreenCommand latest = pending;
          pending = null;
          if (latest != null) {
            write(frame(latest));
          }
        });
      }
      return;
    }
    write(frame(cmd));
  }

  /** A play goes to every screen of a zone: serialise it once per event-loop thread, not per screen. */
  private static final ThreadLocal<Object[]> LAST_FRAME = ThreadLocal.withInitial(() -> new Object[2]);

  private static String frame(ScreenCommand cmd) {
    Object[] last = LAST_FRAME.get();
    if (last[0] != cmd) {
      last[0] = cmd;
      last[1] = Json.write(cmd);
    }
    return (String) last[1];
  }

  private void write(String text) {
    ws.writeTextMessage(text).onFailure(e -> LOG.debug("write to screen failed: {}", e.toString()));
  }

  private void reject(String code, String message) {
    counters.increment("ws.rejected." + code);
    LOG.warn("screen {} sent a bad frame: {}: {}", screen == null ? "(not identified)" : screen.id(), code, message);
    error(code, message);
  }

  private void error(String code, String message) {
    write(Json.write(Map.of("type", "error", "error", code, "message", message)));
  }

  /** The console's live map shows what the screen really shows; nothing is stored per item. */
  private void showing(JsonNode m) {
    String content = m.path("content").asText(null);
    if (content == null) {
      reject("invalid-message", "showing: content (an id) is required");
      return;
    }
    ContentItem item = catalog.get().content(content).orElse(null);
    JsonNode reason = m.path("reason");
    boolean play = "play".equals(m.path("kind").asText());
    String kind = play ? reason.path("kind").asText("rule") : "playlist";
    vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(screen.id(), screen.zone(), content,
        item == null ? content : item.title(), kind, play ? reason.path("rule").asText(null) : null,
        play ? reason.path("shopper").asText(null) : null, System.currentTimeMillis()));
  }

  /** A console edit may have moved this screen to another zone or deleted it. */
  private void onCatalogChanged() {
    Screen now = catalog.get().screen(screen.id()).orElse(null);
    if (now == null) {
      LOG.info("screen {} was deleted: closing its socket with 4404", screen.id());
      ws.close(UNKNOWN_SCREEN, "screen '" + abbreviate(screen.id()) + "' was deleted");
    } else if (!now.zone().equals(screen.zone())) {
      screen = now;
      write(Json.write(PlaylistMessage.of(catalog.get(), now.zone())));
    } else {
      screen = now;
    }
  }

  private void close() {
    if (consumer != null) {
      consumer.unregister();
      catalogConsumer.unregister();
      online.disconnected(screen.id());
      LOG.info("screen {} disconnected", screen.id());
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.split("\n")[0];
  }

  private static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
