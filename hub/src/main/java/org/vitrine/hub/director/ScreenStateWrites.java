package org.vitrine.hub.director;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;

/**
 * The director's writes of what each screen shows ({@code vitrine:screen-state}), coalesced: within
 * a short window only each screen's last state counts, and the window goes to Redis as one HSET and
 * one HDEL. One write per play per screen was about 12,000 Redis commands a second at 5000 screens
 * and filled the client's wait queue (bench/README.md). The state only serves a restart, which
 * therefore may miss the last window's changes: those screens resume their playlist. Pending
 * states are written at stop.
 */
final class ScreenStateWrites {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenStateWrites.class);
  static final long WINDOW_MILLIS = 50;

  private final Vertx vertx;
  private final ScreenStateStore store;
  private final Counters counters;
  private final RateLimit warnings = new RateLimit(1000);
  /** screen → its stored play as JSON, or null when it went back to the playlist. */
  private final Map<String, String> pending = new LinkedHashMap<>();
  private long timer = -1;

  ScreenStateWrites(Vertx vertx, ScreenStateStore store, Counters counters) {
    this.vertx = vertx;
    this.store = store;
    this.counters = counters;
  }

  void showing(String screen, String storedPlayJson) {
    pending.put(screen, storedPlayJson);
    arm();
  }

  void backToPlaylist(String screen) {
    pending.put(screen, null);
    arm();
  }

  /** Writes what is pending now. */
  Future<Void> flush() {
    timer = -1;
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, String> save = new HashMap<>();
    List<String> clear = new ArrayList<>();
    pending.forEach((screen, json) -> {
      if (json == null) {
        clear.add(screen);
      } else {
        save.put(screen, json);
      }
    });
    pending.clear();
    return Future.all(store.save(save), store.clear(clear)).<Void>mapEmpty()
        .onFailure(e -> {
          counters.increment("redis.failed.screen-state");
          if (warnings.allow("screen-state")) {
            LOG.warn("screen state write of {} screen(s) failed: {} (a restart resumes their playlist)",
                save.size() + clear.size(), e.toString());
          }
        });
  }

  private void arm() {
    if (timer < 0) {
      timer = vertx.setTimer(WINDOW_MILLIS, id -> flush());
    }
  }
}
