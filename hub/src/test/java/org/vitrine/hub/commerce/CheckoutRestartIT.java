package org.vitrine.hub.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Eventually;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.StoreDevices;
import org.vitrine.hub.support.TestHub;

/**
 * A hub that stops in the middle of a checkout (after the money moved, before the receipt; and at
 * a moment nobody chose, right after a passage) charges no basket twice and loses none: the
 * checkout is resumed at start with the same idempotency keys, and the gate's re-sent passage
 * gets the same answer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class CheckoutRestartIT {

  private static long captures(TestHub hub, String account) {
    return hub.hub.ledger().entries(0, System.currentTimeMillis(), 100_000).await().stream()
        .filter(e -> e.kind().equals("capture") && e.account().equals(account)).count();
  }

  private static void placed(Vertx vertx, TestHub hub, String member, float[] face, String camera, String zone) {
    try (Camera cam = Camera.demo(vertx, hub.mqttPort(), camera)) {
      Eventually.value(() -> {
        cam.seesFace("t-" + member + "-" + zone, face, 0.9);
        return hub.hub.presenceStore().stored().await().getOrDefault(member, "");
      }, s -> s.contains("\"zone\":\"" + zone + "\""), Duration.ofSeconds(10));
    }
  }

  @Test
  void aCheckoutInterruptedAfterTheCaptureIsFinishedOnceAfterTheRestart(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    Path data = Files.createTempDirectory("vitrine-checkout-restart").resolve("redis");
    float[] anna = Faces.person(401);
    float[] ben = Faces.person(402);
    String account;
    String benAccount;

    // GIVEN a hub where Anna (checked in, €200 on her account) took the Trail Runner X and reached the gate
    TestHub first = TestHub.start(vertx, conf, data, 300);
    try (Camera door = Camera.demo(vertx, first.mqttPort(), "cam-entrance");
         StoreDevices shelf = StoreDevices.connect(first.mqttPort(), "shelf-footwear")) {
      Rest rest = new Rest(first.httpPort());
      Checkins.checkIn(rest, door, "t-anna-door", anna, "anna");
      placed(vertx, first, "anna", anna, "cam-footwear", "footwear");
      account = first.hub.ledger().accountOf("anna").await();
      first.hub.ledger().topUp("topup-restart-anna", account, 20000, "EUR", "test").await();
      shelf.shelf("pickup", "trail-runner-x");
      Eventually.value(() -> first.hub.checkouts().basket("anna").await(), b -> b != null && b.lines().size() == 1);
      placed(vertx, first, "anna", anna, "cam-checkout", "checkout");

      // WHEN the hub's checkout got as far as the capture for passage p-crash-1, and the hub stopped before the receipt
      // (the steps the gate's passage runs, here run by hand up to that point)
      Basket basket = first.hub.checkouts().basket("anna").await();
      long at = System.currentTimeMillis() - 60_000;
      Receipt receipt = Receipts.of(basket, account, "Vitrine demo", "EUR", "member account", "gate-exit", at);
      assertThat(first.hub.checkouts().claimPassage("gate-exit", "p-crash-1").await()).isNull();
      CheckoutStore.Checkout c = first.hub.checkouts().close(new CheckoutStore.Checkout(basket, "anna", account, receipt,
          "gate-exit", "p-crash-1", at)).await();
      String id = c.basket().id();
      assertThat(first.hub.ledger().authorise("auth:" + id, account, receipt.total(), "EUR").await().status()).isEqualTo("authorised");
      assertThat(first.hub.ledger().capture("cap:" + id, "auth:" + id, account, receipt.total(), Receipts.vatOf(receipt), "EUR",
          "basket " + id).await().status()).isEqualTo("captured");

      // AND Ben, checked in with €100, took the Street Court Low and walks out through the gate as the hub stops, at a moment nobody chose
      Checkins.checkIn(rest, door, "t-ben-door", ben, "ben");
      placed(vertx, first, "ben", ben, "cam-apparel", "apparel");
      benAccount = first.hub.ledger().accountOf("ben").await();
      first.hub.ledger().topUp("topup-restart-ben", benAccount, 10000, "EUR", "test").await();
      try (StoreDevices footwearShelf = StoreDevices.connect(first.mqttPort(), "shelf-footwear")) {
        placed(vertx, first, "ben", ben, "cam-footwear", "footwear");
        footwearShelf.shelf("pickup", "street-court-low");
        Eventually.value(() -> first.hub.checkouts().basket("ben").await(), b -> b != null && b.lines().size() == 1);
      }
      placed(vertx, first, "ben", ben, "cam-checkout", "checkout");
    }
    // (Anna's own passage was the one decided above: she has passed, so the gate's next passage is Ben's)
    try (StoreDevices gate = StoreDevices.connect(first.mqttPort(), "gate-exit")) {
      gate.passage("p-ben-1");
      first.close();
    } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
      // the hub went away under the client: that is the point
    }

    // THEN a new start on the same data finishes Anna's checkout: one capture, a receipt, no basket left open
    TestHub second = TestHub.start(vertx, conf, data, 300);
    try (StoreDevices gate = StoreDevices.connect(second.mqttPort(), "gate-exit")) {
      assertThat(Eventually.value(() -> second.hub.checkouts().receipts(account, 10).await(), l -> l.size() == 1))
          .extracting(Receipt::total).containsExactly(12900L);
      assertThat(captures(second, account)).isEqualTo(1);
      assertThat(second.hub.checkouts().basket("anna").await()).isNull();
      assertThat(second.hub.checkouts().unfinished().await()).noneMatch(x -> x.shopper().equals("anna"));
      assertThat((Long) second.hub.ledger().account(account).await().get("balance")).isEqualTo(20000 - 12900);

      // WHEN the gate re-sends both passages (it never got its answers)
      // Ben is placed at the gate again by its camera: this hub never saw him pass
      placed(vertx, second, "ben", ben, "cam-checkout", "checkout");
      gate.passage("p-crash-1");
      JsonObject annaAnswer = gate.next("display", 10);
      assertThat(annaAnswer.getString("text")).isEqualTo("Paid — €129.00, receipt on your phone");
      gate.passage("p-ben-1");
      JsonObject benAnswer = gate.next("display", 10);
      // THEN Ben's shoes are charged exactly once too, whatever the first hub had done of his checkout
      assertThat(benAnswer.getString("passage")).isEqualTo("p-ben-1");
      assertThat(benAnswer.getString("text")).isEqualTo("Paid — €89.00, receipt on your phone");
      Eventually.value(() -> second.hub.checkouts().receipts(benAccount, 10).await(), l -> l.size() == 1);
      assertThat(captures(second, benAccount)).isEqualTo(1);
      assertThat(captures(second, account)).isEqualTo(1);
      assertThat(second.hub.checkouts().basket("ben").await()).isNull();
      // AND the ledger still sums to zero
      var check = second.hub.ledger().check().await();
      assertThat(check.get("balancesSum")).isZero();
      assertThat(check.get("entriesSum")).isZero();
    } finally {
      second.close();
    }
  }
}
