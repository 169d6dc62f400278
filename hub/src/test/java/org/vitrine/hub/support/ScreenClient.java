package org.vitrine.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A screen as the hub sees it: a real WebSocket client speaking the screen protocol. */
public final class ScreenClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private volatile Short closeStatus;
  private volatile String closeReason;
  private Vertx vertx;
  private String screenId;
  private io.vertx.core.eventbus.MessageConsumer<Object> decisions;
  private final java.util.Map<String, java.util.Optional<String>> shoppers = new java.util.concurrent.ConcurrentHashMap<>();

  private ScreenClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
    ws.closeHandler(v -> {
      closeStatus = ws.closeStatusCode();
      closeReason = ws.closeReason();
    });
  }

  /** Connects without saying hello (for protocol tests). */
  public static ScreenClient open(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/screen"))
        .await();
    return new ScreenClient(client, ws);
  }

  /**
   * Connects and identifies as {@code screenId} with the screen's token (issued by the test hub
   * on that port, as an admin would); returns once the welcome arrived.
   */
  public static ScreenClient connect(Vertx vertx, int port, String screenId) {
    return connect(vertx, port, screenId, TestHub.onHttpPort(port).screenToken(screenId));
  }

  /** Connects and identifies as {@code screenId} with {@code token}; returns once the welcome arrived. */
  public static ScreenClient connect(Vertx vertx, int port, String screenId, String token) {
    ScreenClient c = open(vertx, port);
    c.vertx = vertx;
    c.screenId = screenId;
    // what the hub decided for this screen, with whom each play is for (the screen itself is never told)
    c.decisions = vertx.eventBus().<Object>consumer(org.vitrine.hub.events.Addresses.screen(screenId), m -> {
      if (m.body() instanceof org.vitrine.hub.events.ScreenCommand cmd && cmd.playId() != null && cmd.reason() != null) {
        c.shoppers.put(cmd.playId(), java.util.Optional.ofNullable(cmd.reason().shopper()));
      }
    });
    c.decisions.completion().await();
    c.send(new JsonObject().put("type", "hello").put("v", 1).put("screen", screenId).put("token", token));
    JsonObject welcome = c.next(m -> true, Duration.ofSeconds(10));
    assertThat(welcome.getString("type")).as("first frame after hello").isEqualTo("welcome");
    return c;
  }

  /**
   * Whom the hub made this play for (null = nobody), from what the hub decided, since the frame
   * the screen got names no shopper; a play re-sent on connect is looked up in the director.
   */
  public String shopperOf(JsonObject play) {
    assertThat(play.getJsonObject("reason") == null ? null : play.getJsonObject("reason").getString("shopper"))
        .as("a play frame names no shopper").isNull();
    String playId = play.getString("playId");
    java.util.Optional<String> seen = shoppers.get(playId);
    if (seen != null) {
      return seen.orElse(null);
    }
    org.vitrine.hub.events.ScreenCommand now = vertx.eventBus()
        .<org.vitrine.hub.events.ScreenCommand>request(org.vitrine.hub.events.Addresses.SCREEN_STATE, screenId).await().body();
    assertThat(now.playId()).as("the play %s is neither one the hub sent while this client watched nor the current one", playId)
        .isEqualTo(playId);
    return now.reason() == null ? null : now.reason().shopper();
  }

  public void send(JsonObject msg) {
    sendText(msg.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text).await();
  }

  /** The next frame matching {@code p}, skipping others; fails after the timeout. */
  public JsonObject next(Predicate<JsonObject> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
        if (m == null) {
          throw new AssertionError("no matching frame within " + timeout + "; frames seen: " + seen);
        }
        seen.add(m);
        if (p.test(m)) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject next(String type, Duration timeout) {
    return next(m -> type.equals(m.getString("type")), timeout);
  }

  /**
   * Waits for the connect-time frames and drops them, including a running play the hub re-sends
   * (the screen's current rule or voice answer, asked for right after the playlist is sent): tests
   * that share one hub start from what the screen shows, not from a previous test's answer.
   */
  public ScreenClient settled() {
    next("playlist", Duration.ofSeconds(10));
    // ask the director what the session asked it (same address, answered in order): a running
    // play is then awaited by its id, however slow the machine, instead of a fixed drain
    org.vitrine.hub.events.ScreenCommand now = vertx.eventBus()
        .<org.vitrine.hub.events.ScreenCommand>request(org.vitrine.hub.events.Addresses.SCREEN_STATE, screenId).await().body();
    if ("play".equals(now.type())) {
      next(m -> "play".equals(m.getString("type")) && now.playId().equals(m.getString("playId")), Duration.ofSeconds(10));
    }
    // anything else the hub had already queued for this screen
    JsonObject m;
    while ((m = inbox.poll()) != null) {
      seen.add(m);
    }
    return this;
  }

  /** Asserts that no frame of this type arrives during {@code d}. */
  public void expectNo(String type, Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        JsonObject m = inbox.poll(left, TimeUnit.NANOSECONDS);
        if (m != null) {
          seen.add(m);
          assertThat(m.getString("type")).as("unexpected frame %s", m).isNotEqualTo(type);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Stops reading the socket, as a frozen browser does: the hub's writes back up into TCP and its own queue. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  /** Every frame that arrives until none has for {@code quiet}. */
  public List<JsonObject> drain(Duration quiet) {
    List<JsonObject> got = new ArrayList<>();
    try {
      JsonObject m;
      while ((m = inbox.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)) != null) {
        seen.add(m);
        got.add(m);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return got;
  }

  /** Waits until the hub closed the socket; returns the close status. */
  public short awaitClose(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeStatus == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(closeStatus).as("socket closed by hub").isNotNull();
    return closeStatus;
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  @Override
  public void close() {
    if (decisions != null) {
      decisions.unregister();
    }
    if (!ws.isClosed()) {
      ws.close().await();
    }
    client.close().await();
  }
}
