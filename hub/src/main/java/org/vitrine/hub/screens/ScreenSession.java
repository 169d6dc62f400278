package org.vitrine.hub.screens;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.CredentialsChanged;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.Paired;
import org.vitrine.hub.events.PlaylistChanged;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.ScreenReport;
import org.vitrine.hub.ops.LogText;
import org.vitrine.hub.ops.TokenBucket;
import org.vitrine.hub.pairing.Credentials;
import org.vitrine.hub.pairing.Pairing;

/**
 * One screen's WebSocket: the protocol of docs/contracts/websocket-screens.md. This is the
 * trust boundary of screens: a socket is a screen only after a hello with that screen's token (or
 * it asks for a pairing code and waits); what it reports is bounded in size, rate and values; and
 * what it is sent carries no member id.
 */
final class ScreenSession {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenSession.class);
  static final short HELLO_FIRST = 4400;
  static final short UNAUTHORIZED = 4401;
  static final short UNKNOWN_SCREEN = 4404;
  static final short HELLO_TIMEOUT = 4408;
  static final short TOO_MANY = 4429;
  /** The largest frame a screen sends: a played report is a few hundred bytes. */
  static final int MAX_TEXT = 4096;
  /** Frames a screen may send: a burst of 60 (the offline queue is sent after welcome at this pace), then 10/s. */
  static final double BURST = 60;
  static final double PER_SECOND = 10;
  /** Touches fire rules: 5 at once, then 2/s. */
  static final double TOUCH_BURST = 5;
  static final double TOUCH_PER_SECOND = 2;
  /** Reports dated this far from the hub's clock are refused (a screen's clock may drift, not by a day). */
  static final long MAX_AGE_MILLIS = 24 * 3_600_000L;
  static final long MAX_AHEAD_MILLIS = 5 * 60_000L;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  private final ScreenGateway.Shared shared;
  private final ServerWebSocket ws;
  private final String from;
  private final TokenBucket frames = new TokenBucket(BURST, PER_SECOND);
  private final TokenBucket touches = new TokenBucket(TOUCH_BURST, TOUCH_PER_SECOND);
  private MessageConsumer<org.vitrine.hub.events.CatalogChanged> catalogConsumer;
  private MessageConsumer<CredentialsChanged> credentialConsumer;
  private MessageConsumer<Paired> pairingConsumer;
  private Screen screen;
  private long credentialIssuedAt;
  private boolean verifying;
  private String pairingCode;
  private long helloTimer;
  private long pairingTimer = -1;
  private long lastRateError;
  private long overLimit;
  private MessageConsumer<Object> consumer;
  /** Latest command not yet written because the socket is congested: slow screens skip, not queue. */
  private ScreenCommand pending;

  ScreenSession(ScreenGateway.Shared shared, ServerWebSocket ws) {
    this.shared = shared;
    this.ws = ws;
    this.from = ws.remoteAddress() == null ? "?" : ws.remoteAddress().hostAddress();
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> reject("invalid-message", "binary frames are not part of the protocol; send JSON text"));
    ws.exceptionHandler(e -> LOG.debug("screen socket error: {}", e.toString()));
    ws.closeHandler(v -> close());
    helloTimer = shared.vertx().setTimer(shared.helloSeconds() * 1000L, id -> {
      if (screen == null && pairingCode == null && !ws.isClosed()) {
        shared.counters().increment("ws.rejected.hello-timeout");
        shared.rejections().warn(from, "screen-hello-timeout", "no hello within " + shared.helloSeconds() + " s: closing with 4408");
        ws.close(HELLO_TIMEOUT, "no hello within " + shared.helloSeconds() + " s");
      }
    });
  }

  String screenId() {
    return screen == null ? null : screen.id();
  }

  private void onText(String text) {
    if (!frames.take()) {
      rateLimited();
      return;
    }
    if (text.length() > MAX_TEXT) {
      reject("too-large", "a frame may have at most " + MAX_TEXT + " characters, this one has " + text.length());
      return;
    }
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
      if (verifying || pairingCode != null) {
        reject("invalid-message", verifying ? "wait for welcome" : "this page waits to be paired: nothing else is accepted");
      } else if (type.equals("hello")) {
        hello(msg);
      } else if (type.equals("pair")) {
        pair();
      } else {
        shared.counters().increment("ws.rejected.hello-first");
        shared.rejections().warn(from, "screen-hello-first", "sent '" + type + "' before hello: closing with 4400");
        ws.close(HELLO_FIRST, "the first frame must be hello (or pair)");
      }
      return;
    }
    switch (type) {
      case "played", "touch" -> report(type, msg);
      case "showing" -> showing(msg);
      case "hello" -> reject("invalid-message", "already identified as screen '" + screen.id() + "'");
      default -> reject("unknown-type", "unknown message type '" + LogText.safe(type) + "' (expected played, touch or showing)");
    }
  }

  /** Over the frame rate: the frame is dropped (told at most once a second); a screen over it for 30 s is closed. */
  private void rateLimited() {
    shared.counters().increment("ws.rejected.rate-limited");
    long now = System.currentTimeMillis();
    if (overLimit == 0) {
      overLimit = now;
    } else if (now - overLimit > 30_000) {
      shared.rejections().warn(from, "screen-flood", "over " + PER_SECOND + " frames/s for 30 s: closing with 4429");
      ws.close(TOO_MANY, "too many frames");
      return;
    }
    if (now - lastRateError >= 1000) {
      lastRateError = now;
      shared.rejections().warn(from, "screen-rate-limited", "more than " + PER_SECOND + " frames a second: dropped");
      error("rate-limited", "more than " + (int) PER_SECOND + " frames a second: this one was dropped");
    }
  }

  private void hello(JsonNode msg) {
    String id = msg.path("screen").asText("");
    String token = msg.path("token").isTextual() ? msg.get("token").asText() : null;
    Screen s = shared.catalog().get().screen(id).orElse(null);
    if (s == null) {
      shared.counters().increment("ws.rejected.unknown-screen");
      shared.rejections().warn(from, "screen-unknown", "unknown screen '" + id + "': closing with 4404");
      ws.close(UNKNOWN_SCREEN, "unknown screen '" + abbreviate(id) + "'");
      return;
    }
    verifying = true;
    shared.credentials().check(Credentials.SCREEN, s.id(), token).onComplete(ar -> {
      verifying = false;
      if (ws.isClosed()) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("screen {}: credentials cannot be checked now ({}): closing, it will retry", s.id(), ar.cause().toString());
        ws.close((short) 1011, "the hub cannot check credentials now");
        return;
      }
      if (ar.result() == null) {
        shared.counters().increment("ws.rejected.unauthorized");
        shared.rejections().warn(from, "screen-unauthorized", (token == null ? "no token" : "a wrong or revoked token")
            + " for screen '" + s.id() + "': closing with 4401");
        ws.close(UNAUTHORIZED, token == null ? "not paired: show a pairing code and pair this screen in the console"
            : "this screen's token is not (or no longer) valid: pair it again");
        return;
      }
      identified(s, ar.result());
    });
  }

  private void identified(Screen s, long issuedAt) {
    shared.vertx().cancelTimer(helloTimer);
    screen = s;
    credentialIssuedAt = issuedAt;
    shared.online().connected(s.id());
    shared.credentials().seen(Credentials.SCREEN, s.id(), from, true);
    catalogConsumer = shared.vertx().eventBus().consumer(Addresses.CATALOG_CHANGED, m -> onCatalogChanged());
    credentialConsumer = shared.vertx().eventBus().consumer(Addresses.CREDENTIALS_CHANGED, m -> onCredentialsChanged(m.body()));
    consumer = shared.vertx().eventBus().consumer(Addresses.screen(s.id()), m -> {
      if (m.body() instanceof ScreenCommand cmd) {
        send(cmd);
      } else if (m.body() instanceof PlaylistChanged) {
        write(Json.write(PlaylistMessage.of(shared.catalog().get(), screen.zone())));
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
    write(Json.write(PlaylistMessage.of(shared.catalog().get(), s.zone())));
    LOG.info("screen {} connected from {}", s.id(), from);
    // Consumer first, then ask for the current state: nothing published in between is missed.
    consumer.completion().compose(v -> shared.vertx().eventBus().<ScreenCommand>request(Addresses.SCREEN_STATE, s.id()))
        .onSuccess(reply -> {
          if ("play".equals(reply.body().type())) {
            send(reply.body());
          }
        })
        .onFailure(e -> LOG.warn("screen {}: no current state: {}", s.id(), e.toString()));
  }

  /** A player without a credential asks for a code to show; an admin's pairing sends it its token here. */
  private void pair() {
    if (!shared.pairingWaiters().tryAcquire(from)) {
      shared.counters().increment("ws.rejected.pairing-limit");
      shared.rejections().warn(from, "screen-pairing-limit", "too many pages waiting to be paired from this address: closing with 4429");
      ws.close(TOO_MANY, "too many pages wait to be paired from this address");
      return;
    }
    shared.vertx().cancelTimer(helloTimer);
    String waiter = "screen-" + java.util.UUID.randomUUID();
    pairingCode = "";
    pairingConsumer = shared.vertx().eventBus().consumer(Addresses.pairing(waiter), m -> {
      Paired p = m.body();
      ws.writeTextMessage(Json.write(Map.of("type", "paired", "screen", p.id(), "token", p.token()))).onComplete(ar -> {
        if (ar.succeeded()) {
          m.reply("ok");
          LOG.info("a player from {} was paired as screen {}", from, p.id());
          ws.close((short) 1000, "paired");
        } else {
          m.fail(1, "the page is gone");
        }
      });
    });
    pairingConsumer.completion().onSuccess(v -> newCode(waiter));
  }

  private void newCode(String waiter) {
    if (ws.isClosed()) {
      return;
    }
    shared.pairing().open(Credentials.SCREEN, waiter, from).onSuccess(code -> {
      pairingCode = code;
      if (ws.isClosed()) {
        shared.pairing().close(code);
        return;
      }
      long expiresAt = System.currentTimeMillis() + Pairing.CODE_MILLIS;
      write(Json.write(Map.of("type", "pairing", "code", code.substring(0, 3) + "-" + code.substring(3), "expiresAt", expiresAt)));
      // a new code shortly before this one expires, for as long as the page waits
      pairingTimer = shared.vertx().setTimer(Pairing.CODE_MILLIS - 15_000, id -> newCode(waiter));
    }).onFailure(e -> {
      LOG.warn("no pairing code for {}: {}", from, e.toString());
      ws.close((short) 1011, "no pairing code now: try again");
    });
  }

  private void report(String type, JsonNode msg) {
    try {
      if (type.equals("touch") && !touches.take()) {
        shared.counters().increment("ws.rejected.touch-rate");
        return; // a touch flood must not fire rules; dropped silently past the frame budget's own warning
      }
      ScreenReport r = type.equals("played") ? played(msg) : touch(msg);
      shared.vertx().eventBus().send(Addresses.SCREEN_REPORT, r);
    } catch (IllegalArgumentException e) {
      reject("invalid-message", type + ": " + e.getMessage());
    }
  }

  private ScreenReport played(JsonNode m) {
    String content = id(m, "content", true);
    long now = System.currentTimeMillis();
    long started = epoch(m, "startedAt", now);
    long ended = epoch(m, "endedAt", now);
    if (ended < started) {
      throw new IllegalArgumentException("endedAt is before startedAt");
    }
    if (ended - started > MAX_AGE_MILLIS) {
      throw new IllegalArgumentException("a play lasts at most 24 h");
    }
    String playId = id(m, "playId", false);
    return new ScreenReport("played", screen.id(), content, playId, started, ended, reasonOf(playId, m.path("reason")),
        null, null, null);
  }

  /**
   * Why a reported play played: the reason the hub sent with it when this instance remembers the
   * playId (with its shopper), else only the kind and rule the screen names (never a shopper).
   */
  private Map<String, Object> reasonOf(String playId, JsonNode claimed) {
    ScreenCommand.Reason known = shared.plays().reason(screen.id(), playId);
    if (known != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = Json.MAPPER.convertValue(known, Map.class);
      return m;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    String kind = claimed.path("kind").asText("playlist");
    m.put("kind", kind.equals("rule") || kind.equals("voice") ? kind : "playlist");
    String rule = claimed.path("rule").asText(null);
    if (rule != null && org.vitrine.hub.catalog.Ids.PATTERN.matcher(rule).matches()) {
      m.put("rule", rule);
    }
    return m;
  }

  private ScreenReport touch(JsonNode m) {
    double x = unit(m, "x");
    double y = unit(m, "y");
    String content = id(m, "content", false);
    long now = System.currentTimeMillis();
    // a touch happens now: a screen's own time is kept only when it is close (queued offline touches are old)
    long ts = m.path("ts").canConvertToLong() ? epoch(m, "ts", now) : now;
    return new ScreenReport("touch", screen.id(), content, null, null, null, null, x, y, ts);
  }

  private static String id(JsonNode m, String f, boolean required) {
    if (!m.path(f).isTextual()) {
      if (required || !m.path(f).isMissingNode() && !m.path(f).isNull()) {
        throw new IllegalArgumentException(f + " must be " + (required ? "" : "absent or ") + "an id (letters, digits, - _ . :, at most 128)");
      }
      return null;
    }
    String v = m.get(f).asText();
    if (!ID.matcher(v).matches()) {
      throw new IllegalArgumentException(f + " must be an id (letters, digits, - _ . :, at most 128)");
    }
    return v;
  }

  private static long epoch(JsonNode m, String f, long now) {
    if (!m.path(f).isIntegralNumber()) {
      throw new IllegalArgumentException(f + " must be epoch milliseconds");
    }
    long t = m.get(f).asLong();
    if (t < now - MAX_AGE_MILLIS || t > now + MAX_AHEAD_MILLIS) {
      throw new IllegalArgumentException(f + " must be within the last 24 h (the screen's clock is off, or the report is too old)");
    }
    return t;
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
    shared.plays().sent(screen.id(), cmd);
    if (ws.writeQueueFull()) {
      boolean first = pending == null;
      pending = cmd;
      shared.counters().increment("ws.congested");
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

  private String frame(ScreenCommand cmd) {
    Object[] last = LAST_FRAME.get();
    if (last[0] != cmd) {
      last[0] = cmd;
      last[1] = Json.write(forScreen(cmd));
    }
    return (String) last[1];
  }

  /**
   * The command as a screen may see it: no member id in the reason (proof of play knows it from
   * {@link PlayMemory}); a content greeting filled in with the shopper's first name.
   */
  private ScreenCommand forScreen(ScreenCommand cmd) {
    ScreenCommand.Reason r = cmd.reason();
    if (r == null || r.shopper() == null) {
      return cmd.content() == null || cmd.content().greeting() == null ? cmd
          : new ScreenCommand(cmd.type(), cmd.playId(), cmd.content().forScreen(null), cmd.seconds(), cmd.until(), r);
    }
    String name = shared.catalog().get().shopper(r.shopper()).map(ShopperProfile::name).orElse(null);
    ContentItem content = cmd.content() == null ? null : cmd.content().forScreen(name);
    return new ScreenCommand(cmd.type(), cmd.playId(), content, cmd.seconds(), cmd.until(),
        new ScreenCommand.Reason(r.kind(), r.rule(), null, r.trace(), r.cause(), r.intent(), r.siteId()));
  }

  private void write(String text) {
    ws.writeTextMessage(text).onFailure(e -> LOG.debug("write to screen failed: {}", e.toString()));
  }

  private void reject(String code, String message) {
    shared.counters().increment("ws.rejected." + code);
    shared.rejections().warn(screen == null ? from : screen.id() + "@" + from, "screen-" + code, message);
    error(code, message);
  }

  private void error(String code, String message) {
    write(Json.write(Map.of("type", "error", "error", code, "message", message)));
  }

  /** The console's live map shows what the screen really shows; who a play is for comes from the hub's memory. */
  private void showing(JsonNode m) {
    String content;
    String playId;
    try {
      content = id(m, "content", true);
      playId = id(m, "playId", false);
    } catch (IllegalArgumentException e) {
      reject("invalid-message", "showing: " + e.getMessage());
      return;
    }
    ContentItem item = shared.catalog().get().content(content).orElse(null);
    boolean play = "play".equals(m.path("kind").asText());
    ScreenCommand.Reason known = play ? shared.plays().reason(screen.id(), playId) : null;
    String kind = !play ? "playlist" : known != null ? known.kind() : "voice".equals(m.path("reason").path("kind").asText()) ? "voice" : "rule";
    String rule = known != null ? known.rule() : null;
    String title = item != null ? item.title() : content;
    shared.vertx().eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(screen.id(), screen.zone(), content,
        title, kind, rule, known == null ? null : known.shopper(), System.currentTimeMillis()));
  }

  /** A console edit may have moved this screen to another zone or deleted it. */
  private void onCatalogChanged() {
    Screen now = shared.catalog().get().screen(screen.id()).orElse(null);
    if (now == null) {
      LOG.info("screen {} was deleted: closing its socket with 4404", screen.id());
      ws.close(UNKNOWN_SCREEN, "screen '" + abbreviate(screen.id()) + "' was deleted");
    } else if (!now.zone().equals(screen.zone())) {
      screen = now;
      write(Json.write(PlaylistMessage.of(shared.catalog().get(), now.zone())));
    } else {
      screen = now;
    }
  }

  /** This screen's credential was revoked or replaced (paired anew elsewhere): this socket's token no longer holds. */
  private void onCredentialsChanged(CredentialsChanged c) {
    if (!Credentials.SCREEN.equals(c.kind()) || screen == null || !c.id().equals(screen.id())) {
      return;
    }
    shared.credentials().issuedAt(Credentials.SCREEN, screen.id()).onSuccess(issued -> {
      if (issued == null || issued != credentialIssuedAt) {
        LOG.info("screen {}: its token was {}: closing its socket with 4401", screen.id(), issued == null ? "revoked" : "replaced");
        ws.close(UNAUTHORIZED, issued == null ? "this screen's token was revoked" : "this screen was paired again elsewhere");
      }
    });
  }

  private void close() {
    shared.vertx().cancelTimer(helloTimer);
    if (pairingTimer >= 0) {
      shared.vertx().cancelTimer(pairingTimer);
    }
    if (pairingConsumer != null) {
      pairingConsumer.unregister();
      shared.pairingWaiters().release(from);
      if (pairingCode != null && !pairingCode.isEmpty()) {
        shared.pairing().close(pairingCode);
      }
    }
    if (consumer != null) {
      consumer.unregister();
      catalogConsumer.unregister();
      credentialConsumer.unregister();
      shared.online().disconnected(screen.id());
      shared.credentials().seen(Credentials.SCREEN, screen.id(), from, false);
      LOG.info("screen {} disconnected", screen.id());
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.split("\n")[0];
  }

  private static String abbreviate(String s) {
    return LogText.safe(s.length() > 64 ? s.substring(0, 64) + "…" : s);
  }
}
