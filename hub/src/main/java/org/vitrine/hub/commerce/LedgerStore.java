package org.vitrine.hub.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;

/**
 * The embedded payment provider: a member-account ledger, double-entry in Redis. Every posting is
 * a set of legs that sum to zero (member account, {@code store:sales}, {@code store:vat}, {@code
 * store:cash} for top-ups), written with its idempotency key's answer in one Lua script: a script
 * checks everything before its first write, so a refusal writes nothing and a success writes all
 * (Redis runs a script alone). The same key gives the stored answer and moves nothing again.
 *
 * <p>A member account may go down to minus its credit limit; authorisations hold amounts until
 * captured. All balances, and all entries, sum to zero ({@link #check()}).
 */
public final class LedgerStore implements PaymentProvider {

  public static final String SALES = "store:sales";
  public static final String VAT = "store:vat";
  public static final String CASH = "store:cash";

  private static final SecureRandom RANDOM = new SecureRandom();

  // KEYS: accounts, limits; ARGV: member, new account id, default credit limit
  private static final String ACCOUNT = """
      local a = redis.call('HGET', KEYS[1], ARGV[1])
      if a then return a end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
      return ARGV[2]
      """;

  // KEYS: ops, balances, held, limits, currencies; ARGV: key, account, amount, currency
  private static final String AUTHORISE = """
      local done = redis.call('HGET', KEYS[1], ARGV[1])
      if done then return done end
      local cur = redis.call('HGET', KEYS[5], ARGV[2])
      if cur and cur ~= ARGV[4] then
        return cjson.encode({status='refused', reason='account is in ' .. cur .. ', not ' .. ARGV[4], amount=0, available=0})
      end
      local amount = tonumber(ARGV[3])
      local available = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0') + tonumber(redis.call('HGET', KEYS[4], ARGV[2]) or '0')
          - tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '0')
      if amount > available then
        -- not remembered: after a top-up the same checkout may be authorised
        return cjson.encode({status='declined', reason='not enough on the account', amount=amount, available=available})
      end
      redis.call('HINCRBY', KEYS[3], ARGV[2], amount)
      local r = cjson.encode({status='authorised', account=ARGV[2], amount=amount, currency=ARGV[4], available=available - amount})
      redis.call('HSET', KEYS[1], ARGV[1], r)
      return r
      """;

  // KEYS: ops, balances, held, currencies, entries
  // ARGV: 1 key, 2 kind (capture|refund|topup), 3 currency, 4 transaction, 5 reference, 6 at, 7 the key it
  // builds on (authorisation / capture / ''), 8 amount, 9 refund lines ("" = none), 10 leg count, then account, amount per leg
  private static final String POST = """
      local done = redis.call('HGET', KEYS[1], ARGV[1])
      if done then return done end
      local kind, cur, amount = ARGV[2], ARGV[3], tonumber(ARGV[8])
      local function refuse(why) return cjson.encode({status='refused', reason=why, amount=0, available=0}) end
      local legs, sum = {}, 0
      for i = 0, tonumber(ARGV[10]) - 1 do
        local acct, amt = ARGV[11 + 2 * i], tonumber(ARGV[12 + 2 * i])
        local c = redis.call('HGET', KEYS[4], acct)
        if c and c ~= cur then return refuse('account ' .. acct .. ' is in ' .. c .. ', not ' .. cur) end
        sum = sum + amt
        legs[#legs + 1] = {acct, amt}
      end
      if sum ~= 0 then return refuse('legs do not sum to zero') end
      local member = legs[1][1]
      local refundedKey, lines = nil, nil
      if kind == 'capture' then
        local auth = redis.call('HGET', KEYS[1], ARGV[7])
        if not auth then return refuse('no authorisation ' .. ARGV[7]) end
        local a = cjson.decode(auth)
        if a.status ~= 'authorised' or a.account ~= member or a.amount ~= amount or a.currency ~= cur then
          return refuse('capture does not match its authorisation')
        end
        redis.call('HINCRBY', KEYS[3], member, -amount)
      elseif kind == 'refund' then
        local cap = redis.call('HGET', KEYS[1], ARGV[7])
        if not cap then return refuse('no capture ' .. ARGV[7]) end
        local c = cjson.decode(cap)
        if c.status ~= 'captured' or c.account ~= member or c.currency ~= cur then return refuse('refund does not match its capture') end
        refundedKey = 'refunded:' .. ARGV[7]
        local refunded = tonumber(redis.call('HGET', KEYS[1], refundedKey) or '0')
        if refunded + amount > c.amount then return refuse('more than was paid would be refunded') end
        if ARGV[9] ~= '' then
          lines = redis.call('HGET', KEYS[1], 'lines:' .. ARGV[7]) or ','
          for n in string.gmatch(ARGV[9], '[^,]+') do
            if string.find(lines, ',' .. n .. ',', 1, true) then return refuse('line ' .. n .. ' was refunded already') end
          end
        end
      end
      -- every check passed: from here on, only writes
      if refundedKey then redis.call('HINCRBY', KEYS[1], refundedKey, amount) end
      if lines then redis.call('HSET', KEYS[1], 'lines:' .. ARGV[7], lines .. ARGV[9] .. ',') end
      for _, leg in ipairs(legs) do
        redis.call('HINCRBY', KEYS[2], leg[1], leg[2])
        redis.call('HSETNX', KEYS[4], leg[1], cur)
        redis.call('XADD', KEYS[5], '*', 'tx', ARGV[4], 'kind', kind, 'account', leg[1], 'amount', leg[2], 'currency', cur,
            'ref', ARGV[5], 'at', ARGV[6])
      end
      local status = kind == 'capture' and 'captured' or (kind == 'refund' and 'refunded' or 'posted')
      local r = cjson.encode({status=status, account=member, amount=amount, currency=cur, transaction=ARGV[4], available=0})
      redis.call('HSET', KEYS[1], ARGV[1], r)
      return r
      """;

  private final Redis redis;
  private final long defaultCreditLimit;

  public LedgerStore(Redis redis, long defaultCreditLimit) {
    this.redis = redis;
    this.defaultCreditLimit = defaultCreditLimit;
  }

  @Override
  public String method() {
    return "member account";
  }

  /** The member's ledger account id, made (with the default credit limit) at its first use. */
  public Future<String> accountOf(String member) {
    String fresh = "acct-" + HexFormat.of().formatHex(bytes(8));
    return redis.send(Request.cmd(Command.EVAL).arg(ACCOUNT).arg(2).arg(Keys.LEDGER_ACCOUNTS).arg(Keys.LEDGER_LIMITS)
        .arg(member).arg(fresh).arg(defaultCreditLimit)).map(Response::toString);
  }

  /** The member's account id, or null when they have none (never bought, or erased). */
  public Future<String> existingAccountOf(String member) {
    return redis.send(Request.cmd(Command.HGET).arg(Keys.LEDGER_ACCOUNTS).arg(member)).map(r -> r == null ? null : r.toString());
  }

  @Override
  public Future<Result> authorise(String key, String account, long amount, String currency) {
    Money.positive(amount, "amount");
    return redis.send(Request.cmd(Command.EVAL).arg(AUTHORISE).arg(5).arg(Keys.LEDGER_OPS).arg(Keys.LEDGER_BALANCES)
        .arg(Keys.LEDGER_HELD).arg(Keys.LEDGER_LIMITS).arg(Keys.LEDGER_CURRENCIES)
        .arg(key).arg(account).arg(amount).arg(currency)).map(LedgerStore::result);
  }

  @Override
  public Future<Result> capture(String key, String authKey, String account, long amount, long vat, String currency, String reference) {
    Money.positive(amount, "amount");
    if (vat < 0 || vat > amount) {
      throw new IllegalArgumentException("vat: must be within 0.." + amount);
    }
    return post(key, "capture", currency, reference, authKey, amount, "",
        List.of(Map.entry(account, -amount), Map.entry(SALES, amount - vat), Map.entry(VAT, vat)));
  }

  @Override
  public Future<Result> refund(String key, String captureKey, long amount, long vat, String currency, String reason) {
    return refundLines(key, captureKey, amount, vat, currency, reason, null, List.of());
  }

  /** A refund of some receipt lines ({@code lines}, each refunded at most once in all), to the account that paid. */
  public Future<Result> refundLines(String key, String captureKey, long amount, long vat, String currency, String reason,
      String account, List<Integer> lines) {
    Money.positive(amount, "amount");
    if (vat < 0 || vat > amount) {
      throw new IllegalArgumentException("vat: must be within 0.." + amount);
    }
    Future<String> payer = account != null ? Future.succeededFuture(account)
        : redis.send(Request.cmd(Command.HGET).arg(Keys.LEDGER_OPS).arg(captureKey))
            .map(r -> r == null ? "?" : Json.read(r.toString(), JsonNode.class).path("account").asText("?"));
    return payer.compose(acct -> post(key, "refund", currency, reason, captureKey, amount,
        String.join(",", lines.stream().map(String::valueOf).toList()),
        List.of(Map.entry(acct, amount), Map.entry(SALES, -(amount - vat)), Map.entry(VAT, -vat))));
  }

  /** Staff took {@code amount} in cash (or card at the till) for the member's account. */
  public Future<Result> topUp(String key, String account, long amount, String currency, String reference) {
    Money.positive(amount, "amount");
    return post(key, "topup", currency, reference, "", amount, "", List.of(Map.entry(account, amount), Map.entry(CASH, -amount)));
  }

  private Future<Result> post(String key, String kind, String currency, String reference, String on, long amount, String lines,
      List<Map.Entry<String, Long>> legs) {
    Request r = Request.cmd(Command.EVAL).arg(POST).arg(5).arg(Keys.LEDGER_OPS).arg(Keys.LEDGER_BALANCES).arg(Keys.LEDGER_HELD)
        .arg(Keys.LEDGER_CURRENCIES).arg(Keys.LEDGER_ENTRIES)
        .arg(key).arg(kind).arg(currency).arg("tx-" + HexFormat.of().formatHex(bytes(8))).arg(reference == null ? "" : reference)
        .arg(System.currentTimeMillis()).arg(on).arg(amount).arg(lines).arg(legs.size());
    legs.forEach(l -> r.arg(l.getKey()).arg(l.getValue()));
    return redis.send(r).map(LedgerStore::result);
  }

  /** Sets a member account's credit limit (minor units, 0..Money.MAX). */
  public Future<Void> setCreditLimit(String account, long limit) {
    if (limit < 0 || limit > Money.MAX) {
      throw new IllegalArgumentException("limit: must be within 0.." + Money.MAX + " minor units");
    }
    return redis.send(Request.cmd(Command.HSET).arg(Keys.LEDGER_LIMITS).arg(account).arg(limit)).mapEmpty();
  }

  /** An account now: balance, held, credit limit, available, currency (null until its first posting). */
  public Future<Map<String, Object>> account(String account) {
    return redis.batch(List.of(
        Request.cmd(Command.HGET).arg(Keys.LEDGER_BALANCES).arg(account),
        Request.cmd(Command.HGET).arg(Keys.LEDGER_HELD).arg(account),
        Request.cmd(Command.HGET).arg(Keys.LEDGER_LIMITS).arg(account),
        Request.cmd(Command.HGET).arg(Keys.LEDGER_CURRENCIES).arg(account))).map(rs -> {
          long balance = rs.get(0) == null ? 0 : rs.get(0).toLong();
          long held = rs.get(1) == null ? 0 : rs.get(1).toLong();
          long limit = rs.get(2) == null ? 0 : rs.get(2).toLong();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("account", account);
          out.put("balance", balance);
          out.put("held", held);
          out.put("creditLimit", limit);
          out.put("available", balance + limit - held);
          out.put("currency", rs.get(3) == null ? null : rs.get(3).toString());
          return out;
        });
  }

  /** One posting leg as stored. */
  public record Entry(String id, String transaction, String kind, String account, long amount, String currency, String ref, long at) {
  }

  /** The entries between two times (epoch ms, inclusive), oldest first, at most {@code max}. */
  public Future<List<Entry>> entries(long from, long to, int max) {
    return redis.send(Request.cmd(Command.XRANGE).arg(Keys.LEDGER_ENTRIES).arg(Long.toString(from)).arg(to + "-" + Long.MAX_VALUE)
        .arg("COUNT").arg(max)).map(r -> {
          List<Entry> out = new ArrayList<>();
          for (Response e : r) {
            Map<String, String> f = new LinkedHashMap<>();
            Response fields = e.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
              f.put(fields.get(i).toString(), fields.get(i + 1).toString());
            }
            out.add(new Entry(e.get(0).toString(), f.get("tx"), f.get("kind"), f.get("account"), Long.parseLong(f.get("amount")),
                f.get("currency"), f.get("ref"), Long.parseLong(f.getOrDefault("at", "0"))));
          }
          return out;
        });
  }

  /** The ledger's invariant: the sum of all balances and the sum of all entries (both must be 0), and how many entries. */
  public Future<Map<String, Long>> check() {
    return redis.batch(List.of(Request.cmd(Command.HVALS).arg(Keys.LEDGER_BALANCES),
        Request.cmd(Command.XRANGE).arg(Keys.LEDGER_ENTRIES).arg("-").arg("+"))).map(rs -> {
          long balances = 0;
          for (Response v : rs.get(0)) {
            balances += v.toLong();
          }
          long entries = 0;
          long count = 0;
          for (Response e : rs.get(1)) {
            Response fields = e.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
              if (fields.get(i).toString().equals("amount")) {
                entries += fields.get(i + 1).toLong();
                count++;
              }
            }
          }
          Map<String, Long> out = new LinkedHashMap<>();
          out.put("balancesSum", balances);
          out.put("entriesSum", entries);
          out.put("entries", count);
          return out;
        });
  }

  private static Result result(Response r) {
    JsonNode j = Json.read(r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
    return new Result(j.path("status").asText(), j.path("reason").asText(null), j.path("amount").asLong(),
        j.path("available").asLong(), j.path("transaction").asText(null));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
