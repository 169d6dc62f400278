package org.vitrine.hub.eventlog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.redis.Keys;

/**
 * The raw logs' retention, exactly: at start and every hour, entries older than
 * {@code eventLog.retentionDays} leave {@code vitrine:events}, {@code vitrine:proof-of-play} and
 * {@code vitrine:touches} (XTRIM MINID, stream ids are their arrival times). The appends trim
 * approximately ({@code MINID ~}, whole stream nodes only); this makes the bound exact. The daily
 * analytics aggregates are kept much longer ({@code analytics.keepDays}).
 */
public final class LogRetention extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
  private static final long PERIOD_MILLIS = 3600_000L;
  private static final List<String> STREAMS = List.of(Keys.EVENTS, Keys.PROOF_OF_PLAY, Keys.TOUCHES);

  private final Redis redis;
  private final long retentionMillis;
  private long timer = -1;

  public LogRetention(Redis redis, int retentionDays) {
    this.redis = redis;
    this.retentionMillis = retentionDays * 86_400_000L;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(PERIOD_MILLIS, id -> trim());
    return trim();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** Trims every raw stream now; answers how many entries went. */
  public Future<Long> trim() {
    long cutoff = System.currentTimeMillis() - retentionMillis;
    List<Request> trims = STREAMS.stream()
        .map(s -> Request.cmd(Command.XTRIM).arg(s).arg("MINID").arg(cutoff)).toList();
    return redis.batch(trims).map(answers -> {
      long removed = answers.stream().mapToLong(r -> r == null ? 0 : r.toLong()).sum();
      if (removed > 0) {
        LOG.info("event log retention: {} entries older than {} days removed", removed, retentionMillis / 86_400_000L);
      }
      return removed;
    }).onFailure(e -> LOG.warn("event log retention failed: {}", e.toString()));
  }
}
