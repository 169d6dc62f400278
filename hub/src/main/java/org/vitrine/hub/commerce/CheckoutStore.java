package org.vitrine.hub.commerce;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;

/**
 * Baskets, checkouts, receipts and gate passages in Redis. A checkout moves the basket out of the
 * shopper's open basket and into {@code vitrine:checkouts} in one script (with the receipt it will
 * be paid by), so a pickup arriving meanwhile opens a new basket and nothing is charged twice or
 * lost; the checkout is removed when its receipt is stored (one script again), and checkouts still
 * there at start are resumed with the same idempotency keys.
 */
public final class CheckoutStore {

  /** Open baskets lapse with the visit (as check-ins do). */
  private static final long BASKET_SECONDS = 12 * 3600;
  private static final long PASSAGE_SECONDS = 24 * 3600;

  /** A checkout begun: the closed basket, the shopper and their account, the receipt it is paid by, where. */
  public record Checkout(Basket basket, String shopper, String account, Receipt receipt, String gate, String passage, long at) {
  }

  // KEYS: basket, checkouts; ARGV: basket id, checkout JSON
  private static final String CLOSE = """
      local had = redis.call('HGET', KEYS[2], ARGV[1])
      if had then return had end
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
      local open = redis.call('GET', KEYS[1])
      if open and cjson.decode(open).id == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return ARGV[2]
      """;

  // KEYS: receipt, receipts of the account, checkouts; ARGV: receipt JSON, at, receipt id, basket id
  private static final String COMPLETE = """
      redis.call('SET', KEYS[1], ARGV[1], 'NX')
      redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
      redis.call('HDEL', KEYS[3], ARGV[4])
      return redis.call('GET', KEYS[1])
      """;

  // KEYS: basket, checkouts; ARGV: basket id, basket JSON, seconds
  private static final String REOPEN = """
      redis.call('HDEL', KEYS[2], ARGV[1])
      local open = redis.call('GET', KEYS[1])
      if not open then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
      return 1
      """;

  private final Redis redis;

  public CheckoutStore(Redis redis) {
    this.redis = redis;
  }

  /** The shopper's open basket, or null. */
  public Future<Basket> basket(String shopper) {
    return redis.send(Request.cmd(Command.GET).arg(Keys.basket(shopper)))
        .map(r -> r == null ? null : Json.read(r.toString(), Basket.class));
  }

  public Future<Void> save(Basket b) {
    return redis.send(Request.cmd(Command.SET).arg(Keys.basket(b.shopper())).arg(Json.write(b)).arg("EX").arg(BASKET_SECONDS))
        .mapEmpty();
  }

  /** Begins the checkout (idempotent per basket id): the stored checkout, which a retry must use as it is. */
  public Future<Checkout> close(Checkout c) {
    return redis.send(Request.cmd(Command.EVAL).arg(CLOSE).arg(2).arg(Keys.basket(c.shopper())).arg(Keys.CHECKOUTS)
        .arg(c.basket().id()).arg(Json.write(c))).map(r -> Json.read(r.toString(), Checkout.class));
  }

  /** The checkout is paid: its receipt kept for the account, the checkout done (idempotent). */
  public Future<Receipt> complete(Checkout c) {
    Receipt r = c.receipt();
    return redis.send(Request.cmd(Command.EVAL).arg(COMPLETE).arg(3).arg(Keys.receipt(r.id())).arg(Keys.receiptsOf(r.account()))
        .arg(Keys.CHECKOUTS).arg(Json.write(r)).arg(r.at()).arg(r.id()).arg(c.basket().id()))
        .map(x -> Json.read(x.toString(), Receipt.class));
  }

  /** The payment was declined: the basket is the shopper's open basket again (unless they opened a new one meanwhile). */
  public Future<Void> reopen(Checkout c) {
    return redis.send(Request.cmd(Command.EVAL).arg(REOPEN).arg(2).arg(Keys.basket(c.shopper())).arg(Keys.CHECKOUTS)
        .arg(c.basket().id()).arg(Json.write(c.basket())).arg(BASKET_SECONDS)).mapEmpty();
  }

  /** Checkouts begun and not finished (a crash or restart in the middle): to resume. */
  public Future<List<Checkout>> unfinished() {
    return redis.send(Request.cmd(Command.HVALS).arg(Keys.CHECKOUTS)).map(r -> {
      List<Checkout> out = new ArrayList<>();
      for (Response v : r) {
        out.add(Json.read(v.toString(), Checkout.class));
      }
      return out;
    });
  }

  /** Whether the checkout of this basket is still unfinished. */
  public Future<Boolean> unfinished(String basketId) {
    return redis.send(Request.cmd(Command.HEXISTS).arg(Keys.CHECKOUTS).arg(basketId)).map(r -> r.toInteger() == 1);
  }

  /** Claims a gate's passage: null when it is new (the caller decides and {@link #decided}), else what was decided (JSON). */
  public Future<String> claimPassage(String gate, String passage) {
    // SET NX, then GET only for a repeat: NX with GET needs Redis 7, an external Redis may be 6.2
    return redis.send(Request.cmd(Command.SET).arg(Keys.passage(gate, passage)).arg("{}").arg("NX").arg("EX").arg(PASSAGE_SECONDS))
        .compose(r -> r != null ? Future.succeededFuture((String) null)
            : redis.send(Request.cmd(Command.GET).arg(Keys.passage(gate, passage))).map(g -> g == null ? "{}" : g.toString()));
  }

  public Future<Void> decided(String gate, String passage, String outcomeJson) {
    return redis.send(Request.cmd(Command.SET).arg(Keys.passage(gate, passage)).arg(outcomeJson).arg("XX").arg("KEEPTTL")).mapEmpty();
  }

  public Future<Receipt> receipt(String id) {
    return redis.send(Request.cmd(Command.GET).arg(Keys.receipt(id))).map(r -> r == null ? null : Json.read(r.toString(), Receipt.class));
  }

  /** An account's receipts, newest first, at most {@code max}. */
  public Future<List<Receipt>> receipts(String account, int max) {
    return redis.send(Request.cmd(Command.ZREVRANGE).arg(Keys.receiptsOf(account)).arg(0).arg(max - 1)).compose(ids -> {
      if (ids.size() == 0) {
        return Future.succeededFuture(List.<Receipt>of());
      }
      Request mget = Request.cmd(Command.MGET);
      ids.forEach(id -> mget.arg(Keys.receipt(id.toString())));
      return redis.send(mget).map(rs -> {
        List<Receipt> out = new ArrayList<>();
        rs.forEach(x -> {
          if (x != null) {
            out.add(Json.read(x.toString(), Receipt.class));
          }
        });
        return out;
      });
    });
  }

  /** An EPC, GTIN or product that is not for sale here: counted under {@code what} ("gtin:<gtin-14>", …). */
  public Future<Void> noteUnknown(String what) {
    return redis.send(Request.cmd(Command.HINCRBY).arg(Keys.COMMERCE_UNKNOWN).arg(what).arg(1)).mapEmpty();
  }
}
