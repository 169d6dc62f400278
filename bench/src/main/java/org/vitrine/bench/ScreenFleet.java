package org.vitrine.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.HdrHistogram.Histogram;

/**
 * A share of the screens, all on this verticle's event loop: connects them with bounded
 * concurrency, says hello, and completes its start once every one got its welcome. Frames are
 * classified by prefix (the hub writes {@code "type"} first) and never fully parsed.
 */
final class ScreenFleet extends VerticleBase {

  private static final String PLAY = "{\"type\":\"play\"";
  private static final String RESUME = "{\"type\":\"resume\"";
  private static final String WELCOME = "{\"type\":\"welcome\"";
  private static final String PLAYLIST = "{\"type\":\"playlist\"";

  private final int port;
  private final String[] screenIds;
  private final java.util.Map<String, String> tokens;
  private final int[] zoneOf;
  private final PlayTracker tracker;
  private final int concurrency;
  private final Histogram loopLag;
  private final Promise<Void> allWelcomed = Promise.promise();
  private WebSocketClient client;
  private int next;
  private int welcomed;
  private int failed;
  private String firstError;
  volatile boolean stopping;

  /** The store CA to trust (wss://), or null for plain ws://. */
  private final java.nio.file.Path caPem;

  ScreenFleet(int port, java.nio.file.Path caPem, String[] screenIds, java.util.Map<String, String> tokens, int[] zoneOf,
      PlayTracker tracker, int concurrency, Histogram loopLag) {
    this.caPem = caPem;
    this.port = port;
    this.screenIds = screenIds;
    this.tokens = tokens;
    this.zoneOf = zoneOf;
    this.tracker = tracker;
    this.concurrency = concurrency;
    this.loopLag = loopLag;
  }

  @Override
  public Future<?> start() {
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(screenIds.length + 16)
        .setConnectTimeout(10_000)
        .setTcpNoDelay(true)
        .setMaxFrameSize(65536).setMaxMessageSize(65536)
        .setSsl(caPem != null).setVerifyHost(true)
        .setTrustOptions(caPem == null ? null : new io.vertx.core.net.PemTrustOptions().addCertPath(caPem.toString())));
    LagProbe.install(vertx, loopLag, tracker);
    if (screenIds.length == 0) {
      allWelcomed.complete();
    }
    for (int i = 0; i < Math.min(concurrency, screenIds.length); i++) {
      connectNext();
    }
    return allWelcomed.future();
  }

  int welcomed() {
    return welcomed;
  }

  private void connectNext() {
    if (next >= screenIds.length) {
      return;
    }
    int idx = next++;
    String id = screenIds[idx];
    int zone = zoneOf[idx];
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/screen").setTimeout(15_000))
        .onComplete(ar -> {
          if (ar.failed()) {
            fail(id, ar.cause().toString());
            return;
          }
          WebSocket ws = ar.result();
          boolean[] hasWelcome = new boolean[1];
          ws.textMessageHandler(text -> onFrame(zone, text, hasWelcome));
          ws.exceptionHandler(e -> {
          });
          ws.closeHandler(v -> {
            if (!stopping) {
              tracker.screenCloses.incrementAndGet();
              if (!hasWelcome[0]) {
                fail(id, "closed before welcome: " + ws.closeStatusCode() + " " + ws.closeReason());
              }
            }
          });
          ws.writeTextMessage("{\"type\":\"hello\",\"v\":1,\"screen\":\"" + id + "\",\"token\":\"" + tokens.get(id) + "\"}");
        });
  }

  private void onFrame(int zone, String text, boolean[] hasWelcome) {
    long now = System.nanoTime();
    if (text.startsWith(PLAY)) {
      tracker.onPlay(zone, text, now);
    } else if (text.startsWith(RESUME)) {
      tracker.onResume(zone, now);
    } else if (text.startsWith(PLAYLIST)) {
      // the zone playlist: nothing to measure
    } else if (text.startsWith(WELCOME)) {
      if (!hasWelcome[0]) {
        hasWelcome[0] = true;
        welcomed++;
        settled();
      }
    } else if (text.contains("\"type\":\"play\"")) {
      tracker.onPlay(zone, text, now);
    } else if (text.contains("\"type\":\"resume\"")) {
      tracker.onResume(zone, now);
    } else if (text.contains("\"type\":\"error\"")) {
      tracker.errorFrames.incrementAndGet();
    } else {
      tracker.otherFrames.incrementAndGet();
    }
  }

  private void fail(String id, String why) {
    failed++;
    if (firstError == null) {
      firstError = "screen " + id + ": " + why;
    }
    settled();
  }

  private void settled() {
    if (welcomed + failed == screenIds.length) {
      if (failed == 0) {
        allWelcomed.tryComplete();
      } else {
        allWelcomed.tryFail(failed + " of " + screenIds.length + " screens did not connect; first: " + firstError);
      }
    } else {
      connectNext();
    }
  }
}
