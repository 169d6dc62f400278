package org.vitrine.hub.commerce;

import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.BasketChanged;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.events.DeviceReport;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.LogText;
import org.vitrine.hub.presence.PresenceView;
import org.vitrine.hub.presence.Whereabouts;

/**
 * Baskets and the exit gate (docs/commerce.md). In: shelf pickups and put-backs ({@code
 * vitrine.store.event}), RFID tag reads and gate passages ({@code vitrine.commerce.device}). A
 * pickup goes to the basket of the checked-in shopper the cameras place in that zone (the presence
 * view); a gate passage settles the basket of the member passing, with what the exit portal read,
 * through the {@link PaymentProvider}; tagged items leaving with someone not recognised give the
 * gate a polite "please pay at the till" and staff a notice, never a name.
 *
 * <p>Each shopper's basket changes one after another (a queue per shopper), so a read-change-write
 * of a basket never races another. Money moves only through idempotency keys made from the basket
 * id, and checkouts left unfinished (Redis down, a crash) are resumed with the same keys.
 */
public final class CommerceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CommerceVerticle.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Unknown tags logged once each (then only counted), up to this many remembered. */
  private static final int LOGGED_UNKNOWN_MAX = 10_000;

  private final CheckoutStore store;
  private final LedgerStore ledger;
  private final PaymentProvider payments;
  private final PriceBook prices;
  private final PresenceView presence;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final HubConfig.Commerce config;
  /** Whether a shopper is checked in now (their consent from the QR check-in is valid): only they have baskets. */
  private final java.util.function.Function<String, Future<Boolean>> checkedIn;

  /** Per shopper: the tail of their queue of basket work. */
  private final Map<String, Future<?>> queues = new HashMap<>();
  /** Exit-portal reads not yet taken by a passage, per gate zone. */
  private final Map<String, ArrayDeque<PortalRead>> portal = new HashMap<>();
  /** Per shelf reader: tag → when last reported (tags on the shelf). */
  private final Map<String, Map<String, Long>> onShelf = new HashMap<>();
  /** Tags taken off a shelf → the shopper whose basket they went to (a put-back takes them out again). */
  private final Map<String, String> taken = new HashMap<>();
  /** Shopper → when they last passed a gate: someone who passed is not "passing" again until they re-enter the zone. */
  private final Map<String, Long> passed = new HashMap<>();
  private final Set<String> inFlight = new java.util.HashSet<>();
  /** Passages this instance is deciding now ("gate/passage"). */
  private final Set<String> deciding = new java.util.HashSet<>();
  private final Set<String> loggedUnknown = new java.util.HashSet<>();
  private long retryTimer = -1;
  private long shelfTimer = -1;

  private record PortalRead(String epc, PriceBook.Item item, long at) {
  }

  public CommerceVerticle(CheckoutStore store, LedgerStore ledger, PriceBook prices, PresenceView presence, CatalogHolder catalog,
      Counters counters, HubConfig.Commerce config, java.util.function.Function<String, Future<Boolean>> checkedIn) {
    this.checkedIn = checkedIn;
    this.store = store;
    this.ledger = ledger;
    this.payments = ledger;
    this.prices = prices;
    this.presence = presence;
    this.catalog = catalog;
    this.counters = counters;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<StoreEvent>localConsumer(Addresses.STORE_EVENT, m -> onStoreEvent(m.body()));
    vertx.eventBus().<DeviceReport>localConsumer(Addresses.COMMERCE_DEVICE, m -> {
      // the device is acknowledged once a passage's claim is in Redis (a claimed passage is decided
      // even after a crash); tag reads are the reader's live view, kept in memory
      Future<?> kept = onDevice(m.body());
      if (m.replyAddress() != null) {
        kept.onComplete(ar -> {
          if (ar.succeeded()) {
            m.reply("kept");
          } else {
            m.fail(500, String.valueOf(ar.cause().getMessage()));
          }
        });
      }
    });
    vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> {
      passed.remove(m.body().shopper());
      taken.values().removeIf(s -> s.equals(m.body().shopper()));
    });
    retryTimer = vertx.setPeriodic(config.retryMillis, id -> resumeUnfinished(false));
    shelfTimer = vertx.setPeriodic(Math.max(250, config.shelfDepartMillis / 3), id -> sweepShelves());
    // checkouts a crash or restart interrupted are finished before anything new is decided
    return resumeUnfinished(true).otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(shelfTimer);
    return Future.succeededFuture();
  }

  // ---- baskets

  private void onStoreEvent(StoreEvent e) {
    if (e == null || !("pickup".equals(e.type()) || "putback".equals(e.type())) || e.product() == null) {
      return;
    }
    Optional<PriceBook.Item> item = prices.product(e.product());
    if (item.isEmpty()) {
      counters.increment("commerce.unknown.product");
      noteUnknown("product:" + e.product(), "a " + e.type() + " of product '" + e.product() + "', which has no GTIN and price");
      return;
    }
    (e.shopper() != null ? checkedIn.apply(e.shopper()).map(in -> in ? e.shopper() : null) : attribute(e.zone(), false))
        .onSuccess(shopper -> {
      if (shopper == null) {
        // nobody checked in is there: nothing to put in a basket (an anonymous shopper pays at the till)
        counters.increment("commerce." + e.type() + ".unattributed");
      } else if ("pickup".equals(e.type())) {
        change(shopper, b -> b.add(item.get(), null, "shelf:" + e.device(), e.at()), "added");
      } else {
        change(shopper, b -> b.removeOne(item.get().id()), "removed");
      }
    });
  }

  /** Changes the shopper's basket in their queue; an unchanged basket is not written. */
  private Future<?> change(String shopper, java.util.function.UnaryOperator<Basket> how, String what) {
    return inQueue(shopper, () -> store.basket(shopper).compose(b -> {
      Basket before = b != null ? b : Basket.open(newBasketId(), shopper, System.currentTimeMillis());
      Basket after = how.apply(before);
      if (after.equals(before)) {
        return Future.succeededFuture();
      }
      counters.increment("commerce.basket." + what);
      return store.save(after).onSuccess(v -> vertx.eventBus().publish(Addresses.BASKET_CHANGED,
          new BasketChanged(shopper, after.id(), what, null, System.currentTimeMillis())));
    })).onFailure(err -> LOG.warn("basket of {} not changed ({}): {}", LogText.safe(shopper), what, LogText.safe(err.toString())));
  }

  private Future<?> inQueue(String shopper, Supplier<Future<?>> work) {
    Future<?> tail = queues.getOrDefault(shopper, Future.succeededFuture());
    Future<?> next = tail.transform(ignored -> work.get());
    queues.put(shopper, next);
    next.onComplete(ignored -> queues.remove(shopper, next));
    return next;
  }

  // ---- devices

  private Future<?> onDevice(DeviceReport r) {
    Device d = catalog.get().device(r.device()).orElse(null);
    if (d == null) {
      return Future.succeededFuture();
    }
    try {
      if (Device.GATE.equals(r.kind())) {
        GatePassages.Passage p = GatePassages.parse(r.payload(), r.receivedAt());
        counters.increment("commerce.passages");
        if (p.out()) {
          return onPassage(d, p);
        }
      } else {
        List<ZebraTagEvents.TagRead> reads = ZebraTagEvents.parse(r.payload(), r.receivedAt());
        counters.increment("commerce.rfid.reads", reads.size());
        boolean atGate = gateZones().contains(d.zone());
        for (ZebraTagEvents.TagRead read : reads) {
          PriceBook.Item item = itemOf(read.epc());
          if (item == null) {
            continue;
          }
          if (atGate) {
            ArrayDeque<PortalRead> q = portal.computeIfAbsent(d.zone(), z -> new ArrayDeque<>());
            q.addLast(new PortalRead(read.epc(), item, read.at()));
            while (q.size() > ZebraTagEvents.MAX_READS) {
              q.removeFirst();
            }
          } else {
            onShelfRead(d, read.epc(), item);
          }
        }
      }
    } catch (ZebraTagEvents.Refused e) {
      counters.increment("commerce.rejected." + e.code);
      LOG.warn("device {} refused: {} {}", LogText.safe(r.device()), e.code, LogText.safe(e.getMessage()));
      vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage(r.device(), "errors",
          Json.write(Map.of("v", 1, "code", e.code, "message", e.getMessage())), 0));
    }
    return Future.succeededFuture();
  }

  /** The product a tag is for, or null (counted and noted: never charged). */
  private PriceBook.Item itemOf(String epc) {
    Sgtin96 s;
    try {
      s = Sgtin96.decode(epc);
    } catch (Sgtin96.NotSgtin e) {
      counters.increment("commerce.unknown.epc");
      noteUnknown("epc-header:" + epc.substring(0, 2), "EPC " + epc + ": " + e.getMessage());
      return null;
    }
    PriceBook.Item item = prices.gtin(s.gtin()).orElse(null);
    if (item == null) {
      counters.increment("commerce.unknown.gtin");
      noteUnknown("gtin:" + s.gtin(), "EPC " + epc + " is GTIN " + s.gtin() + ", which is not in products.yaml");
    }
    return item;
  }

  private void noteUnknown(String what, String why) {
    store.noteUnknown(what);
    if (loggedUnknown.size() < LOGGED_UNKNOWN_MAX && loggedUnknown.add(what)) {
      LOG.info("not for sale, not charged: {}", LogText.safe(why));
    }
  }

  private Set<String> gateZones() {
    Set<String> zones = new java.util.HashSet<>();
    catalog.get().devices().stream().filter(d -> Device.GATE.equals(d.kind())).forEach(d -> zones.add(d.zone()));
    return zones;
  }

  // ---- shelf and fridge readers: a tag that stops being reported was taken, one that comes back was put back

  private void onShelfRead(Device reader, String epc, PriceBook.Item item) {
    onShelf.computeIfAbsent(reader.id(), r -> new HashMap<>()).put(epc, System.currentTimeMillis());
    String holder = taken.remove(epc);
    if (holder != null) {
      change(holder, b -> b.removeTag(epc), "removed");
    }
  }

  private void sweepShelves() {
    long now = System.currentTimeMillis();
    onShelf.forEach((readerId, tags) -> {
      Device reader = catalog.get().device(readerId).orElse(null);
      for (var it = tags.entrySet().iterator(); it.hasNext(); ) {
        var t = it.next();
        if (now - t.getValue() < config.shelfDepartMillis) {
          continue;
        }
        it.remove();
        PriceBook.Item item = itemOf(t.getKey());
        if (reader == null || item == null) {
          continue;
        }
        String epc = t.getKey();
        attribute(reader.zone(), false).onSuccess(shopper -> {
          if (shopper != null) {
            taken.put(epc, shopper);
            change(shopper, b -> b.add(item, epc, "rfid:" + readerId, now), "added");
          } else {
            counters.increment("commerce.pickup.unattributed");
          }
        });
      }
    });
  }

  // ---- the exit gate

  /** Decides a passage; the future completes once its claim is stored (the decision follows). */
  private Future<?> onPassage(Device gate, GatePassages.Passage p) {
    long started = System.nanoTime();
    String passageKey = gate.id() + "/" + p.id();
    if (deciding.contains(passageKey)) {
      counters.increment("commerce.passages.duplicate");
      return Future.succeededFuture(); // the answer of the first one is on its way
    }
    return store.claimPassage(gate.id(), p.id()).onSuccess(before -> {
      // claimed but never decided ("{}"): the instance deciding it stopped first; deciding again is safe,
      // since money only moves by the basket's idempotency keys
      if (before != null && !(before.equals("{}") && !deciding.contains(passageKey))) {
        // the same passage again (a re-send): the same answer, nothing decided twice
        counters.increment("commerce.passages.duplicate");
        if (!before.equals("{}") && !before.contains("\"kind\":\"none\"")) {
          vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage(gate.id(), "display", before, 1));
        }
        return;
      }
      if (before != null) {
        LOG.info("gate {} passage {} was claimed and not decided: deciding it now", LogText.safe(gate.id()), LogText.safe(p.id()));
      }
      deciding.add(passageKey);
      List<Basket.PortalItem> leaving = takePortalReads(gate.zone(), p.at());
      attribute(gate.zone(), true)
          .onSuccess(shopper -> decide(gate, p, shopper, leaving, started).onComplete(x -> deciding.remove(passageKey)))
          .onFailure(err -> deciding.remove(passageKey))
          .onFailure(err -> LOG.warn("gate {} passage {} not handled: {}", LogText.safe(gate.id()), LogText.safe(p.id()),
              LogText.safe(err.toString())));
    }).onFailure(err -> LOG.warn("gate {} passage {} not handled: {}", LogText.safe(gate.id()), LogText.safe(p.id()),
        LogText.safe(err.toString())));
  }

  private Future<?> decide(Device gate, GatePassages.Passage p, String shopper, List<Basket.PortalItem> leaving, long started) {
    Future<Map<String, Object>> outcome = shopper == null ? Future.succeededFuture(anonymous(gate, leaving))
        : inQueue(shopper, () -> settle(gate, p, shopper, leaving)).map(o -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) o;
          return m;
        });
    return outcome.onSuccess(o -> {
      if (shopper != null) {
        passed.put(shopper, System.currentTimeMillis());
      }
      if (o.isEmpty()) {
        // nothing to say (nobody checked in, nothing tagged): remembered, so a re-send is not decided again
        store.decided(gate.id(), p.id(), Json.write(Map.of("v", 1, "passage", p.id(), "kind", "none")));
        return;
      }
      o.put("v", 1);
      o.put("passage", p.id());
      String json = Json.write(o);
      store.decided(gate.id(), p.id(), json);
      vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage(gate.id(), "display", json, 1));
      counters.increment("commerce.gate." + o.get("kind"));
      counters.increment("commerce.gate.decide-micros", (System.nanoTime() - started) / 1000);
    }).onFailure(err -> {
      // the checkout stays stored and is retried; the shopper's receipt follows on their phone
      LOG.warn("gate {} passage {}: not settled yet ({}), retried", LogText.safe(gate.id()), LogText.safe(p.id()),
          LogText.safe(err.toString()));
      vertx.eventBus().send(Addresses.DEVICE_PUBLISH, new DeviceMessage(gate.id(), "display", Json.write(Map.of("v", 1,
          "passage", p.id(), "kind", "later", "text", "Thank you — your receipt will follow on your phone")), 1));
    });
  }

  /**
   * The checked-in shopper the cameras place in {@code zone}: of those there, the last one in who is
   * checked in (recognised shoppers who did not check in have no basket); at a gate, only those who
   * have not passed it since they came into its zone. Null when there is none.
   */
  private Future<String> attribute(String zone, boolean atGate) {
    List<Map.Entry<String, Whereabouts>> there = new ArrayList<>();
    for (Map.Entry<String, Whereabouts> e : presence.all().entrySet()) {
      Whereabouts w = e.getValue();
      if (zone.equals(w.zone()) && !(atGate && passed.getOrDefault(e.getKey(), Long.MIN_VALUE) >= w.since())) {
        there.add(e);
      }
    }
    there.sort((a, b) -> Long.compare(b.getValue().since(), a.getValue().since()));
    return firstCheckedIn(there.stream().map(Map.Entry::getKey).toList(), 0);
  }

  private Future<String> firstCheckedIn(List<String> shoppers, int i) {
    if (i >= shoppers.size()) {
      return Future.succeededFuture(null);
    }
    return checkedIn.apply(shoppers.get(i)).compose(in -> in ? Future.succeededFuture(shoppers.get(i)) : firstCheckedIn(shoppers, i + 1));
  }

  /** The portal's reads of the last window before the passage (each tag once), taken so the next passage does not see them. */
  private List<Basket.PortalItem> takePortalReads(String zone, long at) {
    ArrayDeque<PortalRead> q = portal.getOrDefault(zone, new ArrayDeque<>());
    Map<String, Basket.PortalItem> out = new LinkedHashMap<>();
    for (PortalRead r : q) {
      if (r.at() >= at - config.portalWindowMillis) {
        out.putIfAbsent(r.epc(), new Basket.PortalItem(r.epc(), r.item()));
      }
    }
    q.clear(); // older reads belonged to nobody's passage: they are not carried over to the next one
    return new ArrayList<>(out.values());
  }

  /** Tagged items with nobody checked in: the till, politely; staff told what left, never who. */
  private Map<String, Object> anonymous(Device gate, List<Basket.PortalItem> leaving) {
    if (leaving.isEmpty()) {
      return new LinkedHashMap<>();
    }
    List<String> names = leaving.stream().map(i -> i.item().name()).toList();
    vertx.eventBus().publish(Addresses.STAFF_NOTIFY, new StaffNotice("gate-" + newBasketId().substring(2), gate.zone(), null,
        "Exit " + gate.id() + ": " + names.size() + " tagged item" + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names)
            + ") left without a checked-in basket. Please offer help at the till.", null, System.currentTimeMillis()));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("kind", "till");
    o.put("text", "Please pay at the till — thank you!");
    return o;
  }

  private Future<Map<String, Object>> settle(Device gate, GatePassages.Passage p, String shopper, List<Basket.PortalItem> leaving) {
    // a passage decided again (its first decision was cut short) pays the checkout it already began
    return store.unfinished().compose(open -> {
      for (CheckoutStore.Checkout c : open) {
        if (c.gate().equals(gate.id()) && c.passage().equals(p.id())) {
          return pay(c);
        }
      }
      return settleAnew(gate, p, shopper, leaving);
    });
  }

  private Future<Map<String, Object>> settleAnew(Device gate, GatePassages.Passage p, String shopper, List<Basket.PortalItem> leaving) {
    return Future.all(ledger.accountOf(shopper), store.basket(shopper)).compose(all -> {
      String account = all.resultAt(0);
      Basket open = all.resultAt(1);
      long now = System.currentTimeMillis();
      Basket basket = (open != null ? open : Basket.open(newBasketId(), shopper, now)).withPortalReads(leaving, now);
      if (basket.isEmpty()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", "goodbye");
        o.put("text", "Goodbye — nothing to pay");
        return Future.succeededFuture(o);
      }
      Receipt receipt = Receipts.of(basket, account, catalog.get().store().name(), prices.currency(), payments.method(), gate.id(), now);
      return store.close(new CheckoutStore.Checkout(basket, shopper, account, receipt, gate.id(), p.id(), now))
          .compose(this::pay);
    });
  }

  /** Authorise, capture, keep the receipt: each step idempotent by the basket id, so a retry is always safe. */
  private Future<Map<String, Object>> pay(CheckoutStore.Checkout c) {
    String id = c.basket().id();
    Receipt r = c.receipt();
    if (!inFlight.add(id)) {
      return Future.failedFuture(new IllegalStateException("checkout " + id + " is being paid"));
    }
    Future<Map<String, Object>> done = payments.authorise("auth:" + id, c.account(), r.total(), r.currency()).compose(auth -> {
      if (!auth.approved()) {
        counters.increment("commerce.payment." + auth.status());
        LOG.info("basket {} at {}: payment {} ({})", id, LogText.safe(c.gate()), auth.status(), LogText.safe(auth.reason()));
        return store.reopen(c).map(v -> declined(c));
      }
      return payments.capture("cap:" + id, "auth:" + id, c.account(), r.total(), Receipts.vatOf(r), r.currency(), "basket " + id)
          .compose(cap -> {
            if (!cap.approved()) {
              // an authorisation that no longer matches: never charged, staff look at it
              LOG.warn("basket {}: capture refused ({})", id, LogText.safe(cap.reason()));
              return store.reopen(c).map(v -> declined(c));
            }
            return store.complete(c).map(kept -> paid(c, kept));
          });
    });
    return done.onComplete(x -> inFlight.remove(id));
  }

  private Map<String, Object> paid(CheckoutStore.Checkout c, Receipt r) {
    counters.increment("commerce.charged");
    long now = System.currentTimeMillis();
    Map<String, String> slots = new LinkedHashMap<>();
    slots.put("receipt", r.id());
    slots.put("amount", Long.toString(r.total()));
    slots.put("currency", r.currency());
    slots.put("account", r.account());
    String zone = catalog.get().device(c.gate()).map(Device::zone).orElse(null);
    vertx.eventBus().publish(Addresses.STORE_EVENT, new StoreEvent("charge", zone, c.shopper(), c.gate(), null, null, null, slots, now,
        c.basket().id()));
    vertx.eventBus().publish(Addresses.BASKET_CHANGED, new BasketChanged(c.shopper(), c.basket().id(), "settled", r.id(), now));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("kind", "paid");
    o.put("text", "Paid — " + Money.format(r.total(), r.currency()) + ", receipt on your phone");
    o.put("amount", r.total());
    o.put("currency", r.currency());
    return o;
  }

  private Map<String, Object> declined(CheckoutStore.Checkout c) {
    String zone = catalog.get().device(c.gate()).map(Device::zone).orElse(null);
    vertx.eventBus().publish(Addresses.STAFF_NOTIFY, new StaffNotice("gate-" + newBasketId().substring(2), zone, null,
        "Exit " + c.gate() + ": a member's account could not pay for their basket. Please help at the till.", null,
        System.currentTimeMillis()));
    vertx.eventBus().publish(Addresses.BASKET_CHANGED, new BasketChanged(c.shopper(), c.basket().id(), "declined", null,
        System.currentTimeMillis()));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("kind", "till");
    o.put("text", "Please pay at the till — thank you!");
    return o;
  }

  /** Checkouts left unfinished: paid with the same keys (never twice), or given back to the basket when declined. */
  private Future<Void> resumeUnfinished(boolean atStart) {
    return store.unfinished().compose(list -> {
      List<Future<?>> all = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (CheckoutStore.Checkout c : list) {
        if (!atStart && (inFlight.contains(c.basket().id()) || now - c.at() < config.retryMillis / 2)) {
          continue; // being paid right now, or just begun: its own chain finishes it
        }
        counters.increment("commerce.checkouts.resumed");
        LOG.info("resuming the checkout of basket {} (begun at {} on {})", c.basket().id(), c.at(), LogText.safe(c.gate()));
        // in the shopper's queue, and only if still unfinished there: a settle in flight may have finished it
        all.add(inQueue(c.shopper(), () -> store.unfinished(c.basket().id()).compose(open -> open
            ? pay(c) : Future.succeededFuture(Map.<String, Object>of()))).onSuccess(o -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) o);
          if (m.isEmpty()) {
            return;
          }
          m.put("v", 1);
          m.put("passage", c.passage());
          store.decided(c.gate(), c.passage(), Json.write(m));
        }));
      }
      return Future.join(all).<Void>mapEmpty();
    }).onFailure(err -> LOG.warn("unfinished checkouts not resumed now: {}", LogText.safe(err.toString())));
  }

  private static String newBasketId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return "b-" + HexFormat.of().formatHex(b);
  }
}
