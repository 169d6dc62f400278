package org.vitrine.hub.identity;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;
import org.vitrine.hub.redis.Scan;

/**
 * A shopper's traces in Redis, removed: the one place that knows every key, hash field and stream
 * entry that can name a shopper ({@link #eraseShopper}). A key added for a shopper anywhere must be
 * added here too; ErasureIT scans the whole keyspace to prove nothing is left.
 */
public final class ErasureStore {

  private final Redis redis;

  public ErasureStore(Redis redis) {
    this.redis = redis;
  }

  /** Proof-of-play entries read per XRANGE page while looking for a shopper's plays. */
  private static final int STREAM_PAGE = 1000;

  /**
   * What an erasure removes. {@link #VISIT}: what a check-in collected (face, consent, phone key)
   * and what the visit left (presence, caps, screen states, stream entries, notices, screen-now),
   * asked for with the phone's key or by an admin; the loyalty profile, the visit count, the conf
   * base and the member's secret stay. {@link #EVERYTHING}: that and the loyalty profile, the
   * visit count, the conf base field, and a tombstone so the next loyalty export does not bring
   * the member back (an admin, or the member system).
   */
  public enum Erase { VISIT, EVERYTHING }

  /**
   * Removes the traces of a shopper from Redis ({@link Erase} says which). This is the one place
   * that knows every key holding a shopper: a key added for a shopper must be added here too
   * (ErasureIT scans the whole keyspace to prove it). Idempotent. Returns how many of each were
   * removed.
   */
  public Future<Map<String, Long>> eraseShopper(String shopper, Erase scope) {
    Map<String, Long> removed = new LinkedHashMap<>();
    List<Request> first = new ArrayList<>(List.of(
        Request.cmd(Command.DEL).arg(Keys.face(shopper)),
        Request.cmd(Command.DEL).arg(Keys.consent(shopper)),
        Request.cmd(Command.DEL).arg(Keys.shopperKey(shopper)),
        Request.cmd(Command.HDEL).arg(Keys.PRESENCE).arg(shopper)));
    List<String> names = new ArrayList<>(List.of("faces", "consent", "phoneKey", "presence"));
    if (scope == Erase.EVERYTHING) {
      first.add(Request.cmd(Command.HDEL).arg(Keys.SHOPPERS).arg(shopper));
      first.add(Request.cmd(Command.HDEL).arg(Keys.VISITS).arg(shopper));
      names.addAll(List.of("profile", "visits"));
      // a tombstone (a one-way hash, not the id): the next conf import must not bring the profile back
      first.add(Request.cmd(Command.SADD).arg(Keys.ERASED).arg(Keys.erasedMark(shopper)));
      first.add(Request.cmd(Command.HDEL).arg(Keys.confBase(Keys.SHOPPERS)).arg(shopper));
    }
    return redis.batch(first)
        .compose(r -> {
          for (int i = 0; i < names.size(); i++) {
            removed.put(names.get(i), r.get(i).toLong());
          }
          return Scan.keys(redis, Keys.capsOf(shopper));
        })
        .compose(caps -> {
          removed.put("caps", (long) caps.size());
          return del(caps);
        })
        .compose(v -> redis.send(Request.cmd(Command.HGETALL).arg(Keys.SCREEN_STATE)).map(Responses::asMap))
        .compose(states -> {
          List<String> showingThem = states.entrySet().stream()
              .filter(e -> shopper.equals(shopperOfPlay(e.getValue())))
              .map(Map.Entry::getKey).toList();
          removed.put("screenStates", (long) showingThem.size());
          return hdel(Keys.SCREEN_STATE, showingThem);
        })
        .compose(v -> eraseFromStream(Keys.PROOF_OF_PLAY, shopper))
        .compose(plays -> {
          removed.put("proofOfPlay", plays);
          return eraseFromStream(Keys.EVENTS, shopper);
        })
        .compose(events -> {
          removed.put("events", events);
          return eraseSightings(shopper);
        })
        .compose(sightings -> {
          removed.put("sightings", sightings);
          return eraseNoticesAndNow(shopper);
        })
        .map(n -> {
          removed.put("notices", n);
          return removed;
        });
  }

  /**
   * The sightings log: the shopper's recognised sightings and every sighting of the same camera
   * tracks (the same person just before or after being recognised). Two passes: find their
   * tracks, then delete.
   */
  private Future<Long> eraseSightings(String shopper) {
    java.util.Set<String> tracks = new java.util.HashSet<>();
    return scanStream(Keys.SIGHTINGS, "-", fields -> {
      if (shopper.equals(fields.get("shopper"))) {
        tracks.add(fields.get("device") + "|" + fields.get("track"));
      }
      return false;
    }, 0L).compose(none -> scanStream(Keys.SIGHTINGS, "-", fields -> shopper.equals(fields.get("shopper"))
        || tracks.contains(fields.get("device") + "|" + fields.get("track")), 0L));
  }

  /** Pages through a stream and XDELs the entries {@code theirs} selects; returns how many. */
  private Future<Long> scanStream(String stream, String start, java.util.function.Predicate<Map<String, String>> theirs,
      long sofar) {
    return redis.send(Request.cmd(Command.XRANGE).arg(stream).arg(start).arg("+").arg("COUNT").arg(STREAM_PAGE))
        .compose(page -> {
          List<String> ids = new ArrayList<>();
          String last = null;
          for (Response entry : page) {
            last = entry.get(0).toString();
            if (theirs.test(Responses.asMap(entry.get(1)))) {
              ids.add(last);
            }
          }
          Future<Void> deleted = Future.succeededFuture();
          if (!ids.isEmpty()) {
            Request xdel = Request.cmd(Command.XDEL).arg(stream);
            ids.forEach(xdel::arg);
            deleted = redis.send(xdel).mapEmpty();
          }
          long total = sofar + ids.size();
          if (page.size() < STREAM_PAGE) {
            return deleted.map(total);
          }
          String next = "(" + last;
          return deleted.compose(v -> scanStream(stream, next, theirs, total));
        });
  }

  /** Staff notices and the console's what-shows-now entries that name the shopper. */
  private Future<Long> eraseNoticesAndNow(String shopper) {
    return redis.batch(List.of(Request.cmd(Command.LRANGE).arg(Keys.NOTICES).arg(0).arg(-1),
            Request.cmd(Command.HGETALL).arg(Keys.SCREEN_NOW)))
        .compose(r -> {
          List<Request> batch = new ArrayList<>();
          long n = 0;
          for (Response notice : r.get(0)) {
            if (shopper.equals(textAt(notice.toString(), "shopper"))) {
              batch.add(Request.cmd(Command.LREM).arg(Keys.NOTICES).arg(0).arg(notice.toString()));
              n++;
            }
          }
          Responses.asMap(r.get(1)).forEach((screen, json) -> {
            if (shopper.equals(textAt(json, "shopper"))) {
              batch.add(Request.cmd(Command.HDEL).arg(Keys.SCREEN_NOW).arg(screen));
            }
          });
          long removed = n;
          return batch.isEmpty() ? Future.succeededFuture(removed) : redis.batch(batch).map(removed);
        });
  }

  private Future<Void> hdel(String key, List<String> fields) {
    if (fields.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.HDEL).arg(key);
    fields.forEach(r::arg);
    return redis.send(r).mapEmpty();
  }

  private Future<Void> del(List<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(Command.DEL);
    keys.forEach(r::arg);
    return redis.send(r).mapEmpty();
  }

  /**
   * XDELs a shopper's entries of a stream (proof of play, event log): those whose {@code shopper}
   * field, or whose {@code reason} JSON's shopper, is them.
   */
  private Future<Long> eraseFromStream(String stream, String shopper) {
    return scanStream(stream, "-", fields -> shopper.equals(fields.get("shopper"))
        || (fields.get("reason") != null && shopper.equals(textAt(fields.get("reason"), "shopper"))), 0L);
  }

  /** The shopper a stored screen state (director.StoredPlay JSON: command.reason.shopper) plays for, or null. */
  private static String shopperOfPlay(String storedPlayJson) {
    return textAt(storedPlayJson, "command", "reason", "shopper");
  }

  /** The text at a path in a JSON document, or null (also for JSON that does not parse). */
  private static String textAt(String json, String... path) {
    try {
      com.fasterxml.jackson.databind.JsonNode n = Json.MAPPER.readTree(json);
      for (String p : path) {
        n = n.path(p);
      }
      return n.isTextual() ? n.asText() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

}
