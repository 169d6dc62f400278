package org.vitrine.hub.commerce;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;
import org.vitrine.hub.checkin.CheckinApi;
import org.vitrine.hub.checkin.CheckinRepository;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.LogText;
import org.vitrine.hub.ops.RequestBudget;
import org.vitrine.hub.redis.FailureGate;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.web.Bodies;

/**
 * Commerce over HTTP (docs/contracts/http-routes.md, docs/commerce.md). The phone's routes
 * ({@link #addPhoneRoutes}): a member's basket and receipts, only for the phone that checked in
 * (its key, header {@value CheckinApi#SHOPPER_KEY_HEADER}), bounded per address, slowed after wrong
 * keys; they take no body. The operators' routes ({@link #addTo}, behind the console's login and
 * its audit log): accounts, top-ups, credit limits, refunds, the settlement export and the ledger
 * check, for admins.
 */
public final class CommerceApi {

  private static final Logger LOG = LoggerFactory.getLogger(CommerceApi.class);
  private static final Pattern ID = org.vitrine.hub.catalog.Ids.PATTERN;
  private static final Pattern RECEIPT = Pattern.compile("r-[0-9a-f]{16}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  private static final int RECEIPTS_SHOWN = 50;
  private static final int EXPORT_MAX = 100_000;

  private final CheckoutStore store;
  private final LedgerStore ledger;
  private final PriceBook prices;
  private final CheckinRepository checkins;
  private final FailureGate wrongKeys;
  private final RequestBudget budget;
  private final Counters counters;

  public CommerceApi(CheckoutStore store, LedgerStore ledger, PriceBook prices, CheckinRepository checkins, FailureGate wrongKeys,
      RequestBudget budget, Counters counters) {
    this.store = store;
    this.ledger = ledger;
    this.prices = prices;
    this.checkins = checkins;
    this.wrongKeys = wrongKeys;
    this.budget = budget;
    this.counters = counters;
  }

  // ---- the phone

  public void addPhoneRoutes(Router router) {
    router.get("/api/shoppers/:id/basket").handler(ctx -> asTheirPhone(ctx, id -> basket(ctx, id)));
    router.get("/api/shoppers/:id/receipts").handler(ctx -> asTheirPhone(ctx, id -> receipts(ctx, id)));
    router.get("/api/shoppers/:id/receipts/:receipt").handler(ctx -> asTheirPhone(ctx, id -> receipt(ctx, id)));
  }

  /** Lets the request through only for the phone holding the shopper's check-in key. */
  private void asTheirPhone(RoutingContext ctx, java.util.function.Consumer<String> then) {
    String address = CheckinApiAddress.of(ctx);
    long wait = budget.take(address);
    if (wait > 0) {
      counters.increment("commerce.phone.rate-limited");
      ApiErrors.tooMany(ctx, wait, "too many requests from here: please wait a moment");
      return;
    }
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      ApiErrors.invalid(ctx, "id", "shopper ids are " + org.vitrine.hub.catalog.Ids.RULE);
      return;
    }
    String key = ctx.request().getHeader(CheckinApi.SHOPPER_KEY_HEADER);
    if (key == null) {
      ApiErrors.unauthenticated(ctx, "only the phone that checked in (header " + CheckinApi.SHOPPER_KEY_HEADER + ") sees a basket");
      return;
    }
    wrongKeys.waitMillis(address).compose(w -> w > 0 ? Future.succeededFuture("wait:" + w)
        : checkins.isShopperKey(id, key).compose(ok -> ok ? Future.succeededFuture("ok") : wrongKeys.failed(address).map("bad-key")))
        .onSuccess(v -> {
          if (v.equals("ok")) {
            then.accept(id);
          } else if (v.startsWith("wait:")) {
            ApiErrors.tooMany(ctx, Long.parseLong(v.substring(5)), "too many keys that did not match from here: please wait a moment");
          } else {
            counters.increment("commerce.phone.refused");
            LOG.info("{} {} from {} refused: a key that is not, or no longer, the shopper's", ctx.request().method(),
                LogText.safe(ctx.request().path()), LogText.safe(address));
            ApiErrors.unauthenticated(ctx, "this key is not, or no longer, valid (check-ins end after the visit)");
          }
        }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void basket(RoutingContext ctx, String shopper) {
    store.basket(shopper).onSuccess(b -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("shopper", shopper);
      body.put("basket", b == null ? null : b.id());
      List<Map<String, Object>> lines = new ArrayList<>();
      long total = 0;
      if (b != null) {
        for (Basket.Line l : b.lines()) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("product", l.product());
          line.put("name", l.name());
          line.put("price", l.unitPrice());
          prices.product(l.product()).map(PriceBook.Item::image).ifPresent(img -> line.put("image", img));
          lines.add(line);
          total += l.unitPrice();
        }
      }
      body.put("lines", lines);
      body.put("total", total);
      body.put("currency", prices.currency());
      body.put("totalText", Money.format(total, prices.currency()));
      ctx.response().putHeader("cache-control", "no-store");
      ApiErrors.send(ctx, 200, body);
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void receipts(RoutingContext ctx, String shopper) {
    ledger.existingAccountOf(shopper).compose(acct -> acct == null ? Future.succeededFuture(List.<Receipt>of())
        : store.receipts(acct, RECEIPTS_SHOWN)).onSuccess(list -> {
          ctx.response().putHeader("cache-control", "no-store");
          ApiErrors.send(ctx, 200, Map.of("shopper", shopper, "receipts", list));
        }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void receipt(RoutingContext ctx, String shopper) {
    String id = ctx.pathParam("receipt");
    if (!RECEIPT.matcher(id).matches()) {
      ApiErrors.invalid(ctx, "receipt", "receipt ids are r- and 16 hex digits");
      return;
    }
    Future.all(ledger.existingAccountOf(shopper), store.receipt(id)).onSuccess(all -> {
      String acct = all.resultAt(0);
      Receipt r = all.resultAt(1);
      // another member's receipt is "not found" for this phone, exactly like one that does not exist
      if (r == null || acct == null || !acct.equals(r.account())) {
        ApiErrors.notFound(ctx, "no receipt " + id + " for this member");
        return;
      }
      ctx.response().putHeader("cache-control", "no-store");
      ApiErrors.send(ctx, 200, r);
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  // ---- the operators

  /** A top-up: minor units, the store's currency, the caller's idempotency key (a retried request tops up once). */
  record TopUp(long amount, String currency, String key, String note) {
  }

  record CreditLimit(long limit) {
  }

  /** A refund of a whole receipt (no lines) or of some of its lines (numbers from 1), with the caller's idempotency key. */
  record RefundRequest(String key, List<Integer> lines, String reason) {
  }

  public void addTo(Router router) {
    router.get("/api/ledger/accounts/:member").handler(ConsoleAuth.require(Role.ADMIN, "read member accounts"))
        .handler(this::account);
    router.post("/api/ledger/accounts/:member/top-ups").handler(ConsoleAuth.require(Role.ADMIN, "top up member accounts"))
        .handler(this::topUp);
    router.put("/api/ledger/accounts/:member/credit-limit").handler(ConsoleAuth.require(Role.ADMIN, "set credit limits"))
        .handler(this::creditLimit);
    router.post("/api/receipts/:receipt/refunds").handler(ConsoleAuth.require(Role.ADMIN, "refund"))
        .handler(this::refund);
    router.get("/api/ledger/export.csv").handler(ConsoleAuth.require(Role.ADMIN, "export the ledger")).handler(this::export);
    router.get("/api/ledger/check").handler(ConsoleAuth.require(Role.VIEWER, "check the ledger")).handler(this::check);
  }

  private String member(RoutingContext ctx) {
    String id = ctx.pathParam("member");
    if (!ID.matcher(id).matches()) {
      ApiErrors.invalid(ctx, "member", "member ids are " + org.vitrine.hub.catalog.Ids.RULE);
      return null;
    }
    return id;
  }

  private void account(RoutingContext ctx) {
    String member = member(ctx);
    if (member == null) {
      return;
    }
    ledger.existingAccountOf(member).onSuccess(acct -> {
      if (acct == null) {
        ApiErrors.notFound(ctx, "member '" + member + "' has no account yet (it opens with their first basket or top-up)");
        return;
      }
      ledger.account(acct).onSuccess(a -> {
        Map<String, Object> body = new LinkedHashMap<>(a);
        body.put("member", member);
        if (body.get("currency") == null) {
          body.put("currency", prices.currency());
        }
        ApiErrors.send(ctx, 200, body);
      }).onFailure(e -> ApiErrors.unavailable(ctx, e));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void topUp(RoutingContext ctx) {
    String member = member(ctx);
    TopUp t = member == null ? null : Bodies.read(ctx, TopUp.class);
    if (t == null) {
      return;
    }
    try {
      Money.positive(t.amount(), "amount");
      Money.sameCurrency(prices.currency(), t.currency());
      key(t.key());
      if (t.note() != null && t.note().length() > 200) {
        throw new IllegalArgumentException("note: at most 200 characters");
      }
    } catch (IllegalArgumentException e) {
      refuse(ctx, e);
      return;
    }
    String by = ConsoleAuth.nameOf(ctx.user());
    ledger.accountOf(member).compose(acct -> ledger.topUp("topup:" + t.key(), acct, t.amount(), t.currency(),
        "top-up by " + by + (t.note() == null ? "" : ": " + t.note()))).onSuccess(r -> posted(ctx, r, "top-up"))
        .onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void creditLimit(RoutingContext ctx) {
    String member = member(ctx);
    CreditLimit c = member == null ? null : Bodies.read(ctx, CreditLimit.class);
    if (c == null) {
      return;
    }
    if (c.limit() < 0 || c.limit() > Money.MAX) {
      refuse(ctx, new IllegalArgumentException("limit: must be within 0.." + Money.MAX + " minor units"));
      return;
    }
    ledger.accountOf(member).compose(acct -> ledger.setCreditLimit(acct, c.limit()).compose(v -> ledger.account(acct)))
        .onSuccess(a -> ApiErrors.send(ctx, 200, a)).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void refund(RoutingContext ctx) {
    String id = ctx.pathParam("receipt");
    if (!RECEIPT.matcher(id).matches()) {
      ApiErrors.invalid(ctx, "receipt", "receipt ids are r- and 16 hex digits");
      return;
    }
    RefundRequest req = Bodies.read(ctx, RefundRequest.class);
    if (req == null) {
      return;
    }
    try {
      key(req.key());
      if (req.lines() != null && (req.lines().contains(null) || req.lines().size() > 200)) {
        throw new IllegalArgumentException("lines: receipt line numbers (1, 2, …), each once");
      }
      if (req.reason() == null || req.reason().isBlank() || req.reason().length() > 200) {
        throw new IllegalArgumentException("reason: why the refund is given (up to 200 characters) is required, for the audit trail");
      }
    } catch (IllegalArgumentException e) {
      refuse(ctx, e);
      return;
    }
    store.receipt(id).onSuccess(r -> {
      if (r == null) {
        ApiErrors.notFound(ctx, "no receipt " + id);
        return;
      }
      List<Integer> lines = req.lines() == null || req.lines().isEmpty()
          ? r.lines().stream().map(Receipt.Line::n).toList() : req.lines();
      long[] back;
      try {
        back = Receipts.refundOf(r, lines);
      } catch (IllegalArgumentException e) {
        refuse(ctx, e);
        return;
      }
      String by = ConsoleAuth.nameOf(ctx.user());
      ledger.refundLines("refund:" + req.key(), "cap:" + r.basket(), back[0], back[1], r.currency(),
          "refund of " + id + " lines " + lines + " by " + by + ": " + req.reason(), r.account(), lines)
          .onSuccess(res -> {
            if (res.approved()) {
              Map<String, String> slots = new LinkedHashMap<>();
              slots.put("receipt", id);
              slots.put("amount", Long.toString(res.amount()));
              slots.put("currency", r.currency());
              slots.put("account", r.account());
              slots.put("lines", lines.toString());
              ctx.vertx().eventBus().publish(org.vitrine.hub.events.Addresses.STORE_EVENT, new org.vitrine.hub.events.StoreEvent(
                  "refund", null, null, r.gate(), null, null, null, slots, System.currentTimeMillis(), res.transaction()));
            }
            posted(ctx, res, "refund");
          }).onFailure(e -> ApiErrors.unavailable(ctx, e));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void posted(RoutingContext ctx, PaymentProvider.Result r, String what) {
    if (r.approved() || r.status().equals("posted")) {
      counters.increment("commerce." + what);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", r.status());
      body.put("amount", r.amount());
      body.put("transaction", r.transaction());
      ApiErrors.send(ctx, 201, body);
    } else {
      LOG.info("{} {} refused: {}", ctx.request().method(), LogText.safe(ctx.request().path()), LogText.safe(r.reason()));
      ApiErrors.send(ctx, 409, Map.of("error", r.status(), "message", what + " refused: " + r.reason()));
    }
  }

  private void export(RoutingContext ctx) {
    long from;
    long to;
    try {
      from = Math.max(0, time(ctx.queryParams().get("from"), 0));
      to = time(ctx.queryParams().get("to"), System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      refuse(ctx, e);
      return;
    }
    ledger.entries(from, to, EXPORT_MAX).onSuccess(entries -> {
      StringBuilder csv = new StringBuilder("time,transaction,kind,account,amount,currency,reference\r\n");
      for (LedgerStore.Entry e : entries) {
        csv.append(Instant.ofEpochMilli(e.at())).append(',').append(e.transaction()).append(',').append(e.kind()).append(',')
            .append(e.account()).append(',').append(e.amount()).append(',').append(e.currency()).append(',')
            .append(csvText(e.ref())).append("\r\n");
      }
      ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
          .putHeader("content-disposition", "attachment; filename=\"ledger.csv\"").end(csv.toString());
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void check(RoutingContext ctx) {
    ledger.check().onSuccess(c -> {
      Map<String, Object> body = new LinkedHashMap<>(c);
      body.put("balanced", c.get("balancesSum") == 0 && c.get("entriesSum") == 0);
      ApiErrors.send(ctx, 200, body);
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  /** A text cell of the export: quoted, quotes doubled, and never read as a spreadsheet formula. */
  static String csvText(String s) {
    String v = s == null ? "" : s;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }

  private static long time(String param, long otherwise) {
    if (param == null || param.isBlank()) {
      return otherwise;
    }
    try {
      return Instant.parse(param).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("from/to: an ISO 8601 instant such as 2026-12-03T00:00:00Z");
    }
  }

  private static void key(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("key: an idempotency key (8 to 64 letters, digits, - or _) is required: "
          + "a retried request with the same key is done once");
    }
  }

  private static void refuse(RoutingContext ctx, IllegalArgumentException e) {
    String msg = e.getMessage();
    int colon = msg.indexOf(':');
    LOG.info("{} {} refused: {}", ctx.request().method(), LogText.safe(ctx.request().path()), LogText.safe(msg));
    ApiErrors.invalid(ctx, colon > 0 ? msg.substring(0, colon) : "(body)", colon > 0 ? msg.substring(colon + 1).trim() : msg);
  }

  /** The client's address, as the check-in routes see it. */
  private static final class CheckinApiAddress {
    static String of(RoutingContext ctx) {
      io.vertx.core.net.SocketAddress a = ctx.request().remoteAddress();
      return a == null || a.host() == null ? "unknown" : a.host();
    }
  }
}
