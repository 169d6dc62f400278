package org.vitrine.hub.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.StoreDevices;
import org.vitrine.hub.support.TestHub;

/**
 * The commerce loop on a running hub, with real MQTT 5 clients (Paho) as shelf, exit portal and
 * gate, real cameras' face sightings and the real QR check-in: pick-up → exit → one charge and a
 * receipt; a put-back is not charged; tagged items with nobody checked in give the till message
 * and a staff notice without a name; duplicate passages are idempotent; refunds from the
 * operators' REST; unknown tags are counted, never charged; the ledger always sums to zero.
 */
@ExtendWith(HubExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommerceIT {

  private static TestHub hub;
  private static final String SHOE = "04012345000108"; // trail-runner-x, 129.00
  private static final String BAG = "04012345001709"; // tote-bag, 4.50
  private static String annaKey;
  private static String annaReceipt;

  private static String epc(String gtin, long serial) {
    return Sgtin96.encode(1, gtin, 7, serial);
  }

  private static Rest admin() {
    return new Rest(hub.httpPort()).asConsoleUser("admin");
  }

  /** Checks the member in at the entrance (QR check-in, face), then the camera of {@code zone} sees them there. */
  private static String checkInAndGo(Vertx vertx, String member, float[] face, String camera, String zone) throws Exception {
    Rest rest = new Rest(hub.httpPort());
    String key;
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      key = Checkins.checkIn(rest, door, "t-" + member + "-door", face, member).getString("key");
    }
    seenIn(vertx, member, face, camera, zone);
    return key;
  }

  private static void seenIn(Vertx vertx, String member, float[] face, String camera, String zone) {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), camera)) {
      Eventually.value(() -> {
        cam.seesFace("t-" + member + "-" + zone, face, 0.9);
        return hub.hub.presenceStore().stored().await().getOrDefault(member, "");
      }, s -> s.contains("\"zone\":\"" + zone + "\""), Duration.ofSeconds(10));
    }
  }

  private static JsonObject basket(String member, String key) {
    Rest.Answer a = new Rest(hub.httpPort()).withHeader("X-Vitrine-Shopper-Key", key).get("/api/shoppers/" + member + "/basket");
    assertThat(a.status()).as("basket answer %s", a.json()).isEqualTo(200);
    return a.json();
  }

  private static long entries(String kind) {
    return hub.hub.ledger().entries(0, System.currentTimeMillis(), 100_000).await().stream().filter(e -> e.kind().equals(kind)).count();
  }

  private static void balanced() {
    Map<String, Long> check = hub.hub.ledger().check().await();
    assertThat(check.get("balancesSum")).isZero();
    assertThat(check.get("entriesSum")).isZero();
  }

  @Test
  @Order(1)
  void aMemberPicksUpWalksOutAndIsChargedOnceWithAReceipt(Vertx vertx) throws Exception {
    // GIVEN Anna checked in, with €200 put on her member account by staff
    float[] anna = Faces.person(301);
    annaKey = checkInAndGo(vertx, "anna", anna, "cam-footwear", "footwear");
    Rest.Answer topUp = admin().post("/api/ledger/accounts/anna/top-ups",
        new JsonObject().put("amount", 20000).put("currency", "EUR").put("key", "topup-anna-0001").put("note", "cash at the till"));
    assertThat(topUp.status()).as("%s", topUp.json()).isEqualTo(201);
    // (the same top-up sent again is done once)
    assertThat(admin().post("/api/ledger/accounts/anna/top-ups",
        new JsonObject().put("amount", 20000).put("currency", "EUR").put("key", "topup-anna-0001")).status()).isEqualTo(201);
    assertThat(admin().get("/api/ledger/accounts/anna").json().getLong("balance")).isEqualTo(20000);

    try (StoreDevices shelf = StoreDevices.connect(hub.mqttPort(), "shelf-footwear");
         StoreDevices portal = StoreDevices.connect(hub.mqttPort(), "rfid-exit");
         StoreDevices gate = StoreDevices.connect(hub.mqttPort(), "gate-exit")) {
      // WHEN she picks up the Trail Runner X in footwear
      shelf.shelf("pickup", "trail-runner-x");
      // THEN it is in her basket, as her phone sees it
      JsonObject b = Eventually.value(() -> basket("anna", annaKey), j -> j.getJsonArray("lines").size() == 1);
      assertThat(b.getJsonArray("lines").getJsonObject(0).getString("name")).isEqualTo("Trail Runner X");
      assertThat(b.getString("totalText")).isEqualTo("€129.00");

      // WHEN she walks to the exit carrying the shoes and a tote bag, the portal reads both tags, and the gate sees her pass
      seenIn(vertx, "anna", anna, "cam-checkout", "checkout");
      portal.reads(epc(SHOE, 1001), epc(BAG, 1002));
      Thread.sleep(300); // the portal's reads reach the hub before the passage, as at a real gate
      gate.passage("p-anna-1");
      // THEN the gate screen says she paid, the total of both
      JsonObject shown = gate.next("display", 10);
      assertThat(shown.getString("kind")).isEqualTo("paid");
      assertThat(shown.getString("text")).isEqualTo("Paid — €133.50, receipt on your phone");

      // AND her phone has the itemised receipt; her basket is empty
      JsonArray receipts = Eventually.value(() -> new Rest(hub.httpPort()).withHeader("X-Vitrine-Shopper-Key", annaKey)
          .get("/api/shoppers/anna/receipts").json().getJsonArray("receipts"), r -> r.size() == 1);
      JsonObject receipt = receipts.getJsonObject(0);
      annaReceipt = receipt.getString("id");
      assertThat(receipt.getLong("total")).isEqualTo(13350);
      assertThat(receipt.getJsonArray("lines")).hasSize(2);
      assertThat(receipt.getString("method")).isEqualTo("member account");
      assertThat(receipt.getString("store")).isNotBlank();
      assertThat(receipt.getJsonArray("vat").getJsonObject(0).getLong("vat")).isEqualTo(2225);
      assertThat(receipt.encode()).doesNotContain("anna");
      assertThat(basket("anna", annaKey).getJsonArray("lines")).isEmpty();

      // WHEN the gate sends the same passage again (a re-send)
      gate.passage("p-anna-1");
      // THEN it shows the same answer, and nothing is charged again
      assertThat(gate.next("display", 10).getString("text")).isEqualTo("Paid — €133.50, receipt on your phone");
    }
    assertThat(entries("capture")).isEqualTo(3); // one capture: member, sales, VAT
    assertThat(admin().get("/api/ledger/accounts/anna").json().getLong("balance")).isEqualTo(20000 - 13350);
    balanced();
    // AND the charge is in the event log
    Eventually.value(() -> hub.hub.redis().send(Request.cmd(Command.XRANGE).arg(Keys.EVENTS).arg("-").arg("+")).await().toString(),
        s -> s.contains("charge") && s.contains(annaReceipt));
  }

  @Test
  @Order(2)
  void aPutBackIsNotCharged(Vertx vertx) throws Exception {
    float[] ben = Faces.person(302);
    String key = checkInAndGo(vertx, "ben", ben, "cam-footwear", "footwear");
    assertThat(admin().post("/api/ledger/accounts/ben/top-ups",
        new JsonObject().put("amount", 10000).put("currency", "EUR").put("key", "topup-ben-00001")).status()).isEqualTo(201);
    try (StoreDevices shelf = StoreDevices.connect(hub.mqttPort(), "shelf-footwear");
         StoreDevices gate = StoreDevices.connect(hub.mqttPort(), "gate-exit")) {
      // WHEN Ben picks up the Road Racer and the Street Court Low, and puts the Road Racer back
      shelf.shelf("pickup", "road-racer");
      shelf.shelf("pickup", "street-court-low");
      Eventually.value(() -> basket("ben", key), j -> j.getJsonArray("lines").size() == 2);
      shelf.shelf("putback", "road-racer");
      JsonObject b = Eventually.value(() -> basket("ben", key), j -> j.getJsonArray("lines").size() == 1);
      assertThat(b.getJsonArray("lines").getJsonObject(0).getString("product")).isEqualTo("street-court-low");
      // AND leaves
      seenIn(vertx, "ben", ben, "cam-checkout", "checkout");
      gate.passage("p-ben-1");
      // THEN only what he kept is charged
      assertThat(gate.next("display", 10).getString("text")).isEqualTo("Paid — €89.00, receipt on your phone");
    }
    assertThat(admin().get("/api/ledger/accounts/ben").json().getLong("balance")).isEqualTo(10000 - 8900);
    balanced();
  }

  @Test
  @Order(3)
  void taggedItemsWithNobodyCheckedInGetTheTillMessageAndAStaffNoticeWithoutAName(Vertx vertx) throws Exception {
    LinkedBlockingQueue<StaffNotice> notices = new LinkedBlockingQueue<>();
    var consumer = vertx.eventBus().<StaffNotice>consumer(Addresses.STAFF_NOTIFY, m -> notices.add(m.body()));
    long capturesBefore = entries("capture");
    try (StoreDevices portal = StoreDevices.connect(hub.mqttPort(), "rfid-exit");
         StoreDevices gate = StoreDevices.connect(hub.mqttPort(), "gate-exit")) {
      // GIVEN Anna and Ben, recognised at the exit earlier, have passed the gate already
      // WHEN someone not checked in walks out with a tagged bag (and two tags the store does not sell)
      portal.reads(epc(BAG, 2001), epc("09506000134352", 7), "E2801114200087CB77002222");
      Thread.sleep(300);
      gate.passage("p-anon-1");
      // THEN the gate politely asks to pay at the till
      JsonObject shown = gate.next("display", 10);
      assertThat(shown.getString("kind")).isEqualTo("till");
      assertThat(shown.getString("text")).isEqualTo("Please pay at the till — thank you!");
      // AND staff get a notice about what left, naming nobody
      StaffNotice n = notices.poll(10, TimeUnit.SECONDS);
      assertThat(n).isNotNull();
      assertThat(n.shopper()).isNull();
      assertThat(n.text()).contains("Tote Bag").contains("till").doesNotContain("anna").doesNotContain("ben");
      // AND nothing is charged; the unknown tags are counted and noted
      assertThat(entries("capture")).isEqualTo(capturesBefore);
      Map<String, String> unknown = org.vitrine.hub.redis.Responses.asMap(
          hub.hub.redis().send(Request.cmd(Command.HGETALL).arg(Keys.COMMERCE_UNKNOWN)).await());
      assertThat(unknown).containsKeys("gtin:09506000134352", "epc-header:E2");
      // AND a payload that is not a tag data event is refused with a notice on the reader's errors topic
      portal.publish("tags", "{\"data\":{\"format\":\"tid\",\"idHex\":\"e280\"},\"type\":\"SIMPLE\"}");
      assertThat(portal.next("errors", 10).getString("code")).isEqualTo("no-epc");
    } finally {
      consumer.unregister();
    }
    balanced();
  }

  @Test
  @Order(4)
  void refundsFromTheOperatorsRestGiveBackLinesOnceWithAnAuditTrail() {
    assertThat(annaReceipt).as("receipt of the first test").isNotNull();
    long before = admin().get("/api/ledger/accounts/anna").json().getLong("balance");
    // a viewer cannot refund; a refund without a key or reason is refused and writes nothing
    assertThat(new Rest(hub.httpPort()).asConsoleUser("viewer").post("/api/receipts/" + annaReceipt + "/refunds",
        new JsonObject().put("key", "refund-anna-1").put("reason", "x")).status()).isEqualTo(403);
    Rest.Answer noKey = admin().post("/api/receipts/" + annaReceipt + "/refunds", new JsonObject().put("reason", "damaged"));
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.json().getString("message")).contains("idempotency key");
    // WHEN an admin refunds line 2 (the tote bag)
    Rest.Answer line = admin().post("/api/receipts/" + annaReceipt + "/refunds",
        new JsonObject().put("key", "refund-anna-1").put("lines", new JsonArray().add(2)).put("reason", "bag was torn"));
    assertThat(line.status()).as("%s", line.json()).isEqualTo(201);
    assertThat(line.json().getLong("amount")).isEqualTo(450);
    // THEN the same line cannot be refunded again (another key), the same request is answered the same
    assertThat(admin().post("/api/receipts/" + annaReceipt + "/refunds", new JsonObject().put("key", "refund-anna-2")
        .put("lines", new JsonArray().add(2)).put("reason", "again")).status()).isEqualTo(409);
    assertThat(admin().post("/api/receipts/" + annaReceipt + "/refunds", new JsonObject().put("key", "refund-anna-1")
        .put("lines", new JsonArray().add(2)).put("reason", "bag was torn")).json().getLong("amount")).isEqualTo(450);
    // WHEN the rest is refunded, then more is asked
    Rest.Answer rest = admin().post("/api/receipts/" + annaReceipt + "/refunds", new JsonObject().put("key", "refund-anna-3")
        .put("lines", new JsonArray().add(1)).put("reason", "wrong size"));
    assertThat(rest.status()).isEqualTo(201);
    Rest.Answer more = admin().post("/api/receipts/" + annaReceipt + "/refunds", new JsonObject().put("key", "refund-anna-4")
        .put("reason", "everything"));
    // THEN never more than was paid goes back
    assertThat(more.status()).isEqualTo(409);
    assertThat(admin().get("/api/ledger/accounts/anna").json().getLong("balance")).isEqualTo(before + 13350);
    assertThat(entries("refund")).isEqualTo(6);
    balanced();
    // AND the audit log has who refunded
    String audit = hub.hub.redis().send(Request.cmd(Command.XRANGE).arg(Keys.AUDIT).arg("-").arg("+")).await().toString();
    assertThat(audit).contains("/api/receipts/" + annaReceipt + "/refunds").contains("admin");
    // AND the settlement export has every posting, for the POS
    org.vitrine.hub.support.Api.Answer csv = org.vitrine.hub.support.Api.as(hub.httpPort(), "admin").get("/api/ledger/export.csv");
    assertThat(csv.status()).isEqualTo(200);
    String[] rows = csv.body().split("\r\n");
    assertThat(rows[0]).isEqualTo("time,transaction,kind,account,amount,currency,reference");
    assertThat(rows).hasSize(1 + hub.hub.ledger().check().await().get("entries").intValue());
    assertThat(csv.body()).contains(",refund,").contains(",capture,").contains("\"refund of " + annaReceipt);
  }

  @Test
  @Order(5)
  void concurrentBasketsKeepTheLedgerBalancedAndChargeEachOnce() throws Exception {
    LedgerStore ledger = hub.hub.ledger();
    int accounts = 10;
    int basketsEach = 20;
    List<String> accts = new ArrayList<>();
    for (int a = 0; a < accounts; a++) {
      String acct = ledger.accountOf("load-" + a).await();
      accts.add(acct);
      ledger.topUp("topup-load-" + a, acct, 100_000, "EUR", "test").await();
    }
    // every basket is authorised and captured twice at once (a retry racing the first try)
    List<io.vertx.core.Future<?>> all = new ArrayList<>();
    for (int i = 0; i < basketsEach; i++) {
      for (int a = 0; a < accounts; a++) {
        String acct = accts.get(a);
        String id = "load-" + a + "-" + i;
        long amount = 100 + i;
        for (int attempt = 0; attempt < 2; attempt++) {
          all.add(ledger.authorise("auth:" + id, acct, amount, "EUR")
              .compose(r -> ledger.capture("cap:" + id, "auth:" + id, acct, amount, Receipts.vatIn(amount, 2000), "EUR", id)));
        }
      }
    }
    io.vertx.core.Future.join(all).await(60, TimeUnit.SECONDS);
    long each = 0;
    for (int i = 0; i < basketsEach; i++) {
      each += 100 + i;
    }
    for (String acct : accts) {
      assertThat((Long) ledger.account(acct).await().get("balance")).isEqualTo(100_000 - each);
      assertThat((Long) ledger.account(acct).await().get("held")).isZero();
    }
    balanced();
    // AND mixed currencies, negative and too large amounts are refused, writing nothing
    long countBefore = hub.hub.ledger().check().await().get("entries");
    assertThat(ledger.authorise("auth:mixed", accts.get(0), 100, "USD").await().status()).isEqualTo("refused");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.topUp("neg", accts.get(0), -5, "EUR", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.topUp("big", accts.get(0), Money.MAX + 1, "EUR", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(admin().post("/api/ledger/accounts/load-0/top-ups", new JsonObject().put("amount", 100).put("currency", "USD")
        .put("key", "topup-usd-0001")).status()).isEqualTo(400);
    assertThat(hub.hub.ledger().check().await().get("entries")).isEqualTo(countBefore);
    assertThat(admin().get("/api/ledger/check").json().getBoolean("balanced")).isTrue();
  }

  @Test
  @Order(6)
  void thePhonesRoutesAnswerOnlyTheirOwnPhone() {
    Rest anon = new Rest(hub.httpPort());
    assertThat(anon.get("/api/shoppers/anna/basket").status()).isEqualTo(401);
    assertThat(anon.withHeader("X-Vitrine-Shopper-Key", "not-her-key-0000000000").get("/api/shoppers/anna/receipts").status())
        .isEqualTo(401);
    // her key is not Ben's
    assertThat(anon.withHeader("X-Vitrine-Shopper-Key", annaKey).get("/api/shoppers/ben/receipts").status()).isEqualTo(401);
    // and another member's receipt is not found for her
    String bens = hub.hub.checkouts().receipts(hub.hub.ledger().existingAccountOf("ben").await(), 5).await().get(0).id();
    assertThat(anon.withHeader("X-Vitrine-Shopper-Key", annaKey).get("/api/shoppers/anna/receipts/" + bens).status())
        .isEqualTo(404);
    assertThat(anon.withHeader("X-Vitrine-Shopper-Key", annaKey).get("/api/shoppers/anna/receipts/" + annaReceipt).status())
        .isEqualTo(200);
  }

  @Test
  @Order(7)
  void aTagAShelfReaderStopsSeeingGoesToTheBasketAndComesOutWhenItIsBack(Vertx vertx) throws Exception {
    float[] david = Faces.person(303);
    String key = checkInAndGo(vertx, "david", david, "cam-apparel", "apparel");
    String top = "04012345001303"; // running-top, 35.00
    String first = epc(top, 3001);
    String second = epc(top, 3002);
    try (StoreDevices shelf = StoreDevices.connect(hub.mqttPort(), "rfid-apparel")) {
      // GIVEN the apparel shelf's reader reports two running tops every half second
      long until = System.currentTimeMillis() + 1500;
      while (System.currentTimeMillis() < until) {
        shelf.reads(first, second);
        Thread.sleep(500);
      }
      // WHEN David takes the first one: the reader no longer sees it
      JsonObject b = Eventually.value(() -> {
        try {
          shelf.reads(second); // the other top is still on the shelf
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
          throw new IllegalStateException(e);
        }
        return basket("david", key);
      }, j -> j.getJsonArray("lines").size() == 1, Duration.ofSeconds(10));
      // THEN it is in his basket
      assertThat(b.getJsonArray("lines").getJsonObject(0).getString("product")).isEqualTo("running-top");
      assertThat(hub.hub.checkouts().basket("david").await().lines().get(0).epc()).isEqualTo(first);
      // WHEN he puts it back: the reader sees it again
      shelf.reads(first, second);
      // THEN it leaves his basket
      Eventually.value(() -> basket("david", key), j -> j.getJsonArray("lines").isEmpty());
    }
  }
}
