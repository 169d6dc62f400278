package org.vitrine.hub.eventlog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;

/**
 * The append-only store event log ({@code vitrine:events}, a Redis stream): every zone entry and
 * exit and every {@link StoreEvent} (touch, pickup, check-in, voice), exactly as the rules saw them,
 * so replay (and analytics) work on what really happened. Entries older than the retention are
 * trimmed as new ones arrive (XADD MINID).
 */
public final class EventLog extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  private static final int PAGE = 2000;

  private final Redis redis;
  private final Counters counters;
  private final long retentionMillis;
  private final RateLimit warnings = new RateLimit(1000);

  private final long sightingMillis;

  public EventLog(Redis redis, Counters counters, int retentionDays, int sightingHours) {
    this.redis = redis;
    this.counters = counters;
    this.retentionMillis = retentionDays * 24L * 3600_000L;
    this.sightingMillis = sightingHours * 3600_000L;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<org.vitrine.hub.events.ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> dropPending(m.body().shopper()));
    if (sightingMillis > 0) {
      // after identity: anonymous people are a track id only, recognised ones their shopper id
      vertx.eventBus().<Sighting>localConsumer(Addresses.PRESENCE_SIGHTED, m -> appendSighting(m.body()));
    }
    vertx.eventBus().<ZoneChange>consumer(Addresses.PRESENCE_CHANGED, m -> {
      ZoneChange c = m.body();
      if (c.from() != null) {
        append(new StoreEvent("leave", c.from(), c.shopper(), c.fromDevice(), null, null, null, null, c.at(), c.trace()));
      }
      if (c.to() != null) {
        append(new StoreEvent("enter", c.to(), c.shopper(), c.device(), null, null, null, null, c.at(), c.trace()));
      }
    });
    // an order is what content effectiveness is measured against: logged like the other store events
    vertx.eventBus().<org.vitrine.hub.events.VoiceOrder>consumer(Addresses.VOICE_ORDER, m -> append(order(m.body())));
    return vertx.eventBus().<StoreEvent>consumer(Addresses.STORE_EVENT, m -> append(m.body())).completion();
  }

  private void append(StoreEvent e) {
    Request r = Request.cmd(Command.XADD).arg(Keys.EVENTS)
        .arg("MINID").arg("~").arg(System.currentTimeMillis() - retentionMillis).arg("*");
    fields(e).forEach((k, v) -> r.arg(k).arg(v));
    counters.increment("eventlog.appended");
    enqueue(r, e.shopper());
  }

  /** Appends wait up to FLUSH_MILLIS and go to Redis as one pipeline: one round trip for many events. */
  private static final long FLUSH_MILLIS = 50;
  private static final int FLUSH_SIZE = 256;
  /** An append waiting for the pipeline, with the shopper it names (null: nobody). */
  private record Pending(Request request, String shopper) {
  }

  private final List<Pending> buffer = new ArrayList<>();
  private long flushTimer = -1;

  private void enqueue(Request r, String shopper) {
    buffer.add(new Pending(r, shopper));
    if (buffer.size() >= FLUSH_SIZE) {
      flush();
    } else if (flushTimer < 0) {
      flushTimer = vertx.setTimer(FLUSH_MILLIS, id -> {
        flushTimer = -1;
        flush();
      });
    }
  }

  private Future<?> flush() {
    if (buffer.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> batch = buffer.stream().map(Pending::request).toList();
    buffer.clear();
    return redis.batch(batch).onFailure(err -> {
      counters.increment("eventlog.failed", batch.size());
      if (warnings.allow("append")) {
        LOG.warn("event log append of {} entries failed: {}", batch.size(), err.toString());
      }
    });
  }

  /** "Forget me": appends still waiting that name the shopper are dropped, not written after the erasure. */
  private void dropPending(String shopper) {
    buffer.removeIf(p -> shopper.equals(p.shopper()));
  }

  /** The appends still waiting are written before the hub closes Redis. */
  @Override
  public Future<?> stop() {
    return flush().recover(e -> Future.succeededFuture());
  }

  static StoreEvent order(org.vitrine.hub.events.VoiceOrder o) {
    Map<String, String> slots = new LinkedHashMap<>();
    slots.put("order", o.id());
    slots.put("total", String.valueOf(o.total()));
    slots.put("currency", String.valueOf(o.currency()));
    slots.put("lines", Json.write(o.lines()));
    return new StoreEvent("order", o.zone(), null, null, null, null, null, slots, o.confirmedAt(), o.id());
  }

  private void appendSighting(Sighting s) {
    Request r = Request.cmd(Command.XADD).arg(Keys.SIGHTINGS)
        .arg("MINID").arg("~").arg(System.currentTimeMillis() - sightingMillis).arg("*")
        .arg("zone").arg(s.zone()).arg("device").arg(s.device()).arg("track").arg(s.track());
    if (s.shopper() != null) {
      r.arg("shopper").arg(s.shopper());
    }
    r.arg("at").arg(s.ts());
    enqueue(r, s.shopper());
  }

  static Map<String, String> fields(StoreEvent e) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("type", e.type());
    put(f, "zone", e.zone());
    put(f, "shopper", e.shopper());
    put(f, "device", e.device());
    put(f, "screen", e.screen());
    put(f, "intent", e.intent());
    put(f, "product", e.product());
    if (e.slots() != null && !e.slots().isEmpty()) {
      f.put("slots", Json.write(e.slots()));
    }
    f.put("at", Long.toString(e.at()));
    put(f, "trace", e.trace());
    return f;
  }

  private static void put(Map<String, String> f, String k, String v) {
    if (v != null) {
      f.put(k, v);
    }
  }

  /** The events logged from {@code fromMillis} on, oldest first (for replay). */
  public static Future<List<StoreEvent>> since(Redis redis, long fromMillis, int max) {
    return page(redis, Long.toString(Math.max(0, fromMillis)), new ArrayList<>(), max);
  }

  private static Future<List<StoreEvent>> page(Redis redis, String start, List<StoreEvent> sofar, int max) {
    return redis.send(Request.cmd(Command.XRANGE).arg(Keys.EVENTS).arg(start).arg("+").arg("COUNT").arg(PAGE))
        .compose(page -> {
          String last = null;
          for (Response entry : page) {
            last = entry.get(0).toString();
            sofar.add(event(Responses.asMap(entry.get(1))));
          }
          if (page.size() < PAGE || sofar.size() >= max) {
            return Future.succeededFuture(sofar.size() > max ? sofar.subList(0, max) : sofar);
          }
          return page(redis, "(" + last, sofar, max);
        });
  }

  @SuppressWarnings("unchecked")
  static StoreEvent event(Map<String, String> f) {
    Map<String, String> slots = f.containsKey("slots") ? Json.read(f.get("slots"), Map.class) : null;
    return new StoreEvent(f.get("type"), f.get("zone"), f.get("shopper"), f.get("device"), f.get("screen"),
        f.get("intent"), f.get("product"), slots, Long.parseLong(f.getOrDefault("at", "0")), f.get("trace"));
  }
}
