package org.vitrine.hub.screens;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Map;
import org.vitrine.hub.redis.Keys;

/** The screens' reports in Redis: proof of play ({@code vitrine:proof-of-play}) and touches ({@code vitrine:touches}), capped streams. */
public final class ScreenReportStore {

  private static final String STREAM_MAXLEN = "100000";

  private final Redis redis;

  public ScreenReportStore(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> played(Map<String, String> fields) {
    return append(Keys.PROOF_OF_PLAY, fields);
  }

  public Future<Void> touched(Map<String, String> fields) {
    return append(Keys.TOUCHES, fields);
  }

  private Future<Void> append(String stream, Map<String, String> fields) {
    Request r = Request.cmd(Command.XADD).arg(stream).arg("MAXLEN").arg("~").arg(STREAM_MAXLEN).arg("*");
    fields.forEach((k, v) -> r.arg(k).arg(v == null ? "" : v));
    return redis.send(r).mapEmpty();
  }
}
