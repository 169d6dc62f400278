package org.vitrine.bench;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.vitrine.hub.Hub;
import org.vitrine.hub.config.HubConfig;

/**
 * Gate passage → charge decided and receipt kept (docs/commerce.md, "Measured"). A hub in this
 * process on free ports with a fresh embedded Redis and the demo conf; the four demo members check
 * in for real (a face at the entrance camera, the QR code's token, their secret). Then, per member
 * in parallel: a camera places them in footwear, the shelf reports a pickup, the camera places them
 * at the checkout, the exit portal reads a tagged tote bag, and the gate reports a passage; the
 * time from the passage's PUBLISH to the gate's {@code display} answer (sent once the ledger has
 * captured and the receipt is stored) is recorded. All over real MQTT connections.
 *
 * <pre>java -cp bench/target/vitrine-bench.jar org.vitrine.bench.CheckoutBench [--passages 400] [--warmup 40]</pre>
 */
public final class CheckoutBench {

  private static final List<String> MEMBERS = List.of("anna", "ben", "chloe", "david");

  public static void main(String[] args) throws Exception {
    int passages = 400;
    int warmup = 40;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--passages" -> passages = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--passages N, --warmup N)");
      }
    }
    Path root = Path.of(System.getProperty("vitrine.root", "."));
    Path tmp = Files.createTempDirectory("vitrine-checkout-bench");
    Vertx vertx = Vertx.vertx();
    HubConfig config = new HubConfig();
    config.confDir = root.resolve("conf");
    config.http.host = "127.0.0.1";
    config.http.port = 0;
    config.mqtt.host = "127.0.0.1";
    config.mqtt.port = 0;
    config.redis.dataDir = tmp.resolve("redis").toString();
    config.tls.httpsPort = -1;
    config.tls.mqttsPort = -1;
    config.tls.dir = tmp.resolve("tls").toString();
    config.console.mediaDir = tmp.resolve("media").toString();
    config.demo = true;
    config.voice.enabled = false;
    config.checkin.requestsPerMinute = 60_000;
    config.checkin.faceSeconds = 2;
    config.confWatchMillis = 600_000; // conf does not change during the run
    Hub hub = Hub.start(vertx, config, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
    int http = hub.httpPort();
    int mqtt = hub.mqttPort();
    try {
      Map<String, MqttClient> devices = new ConcurrentHashMap<>();
      for (String id : List.of("cam-entrance", "cam-footwear", "cam-checkout", "shelf-footwear", "rfid-exit", "gate-exit")) {
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(id + "-bench").setUsername(id)
            .setPassword("demo-" + id).setMaxInflightQueue(10_000));
        c.connect(mqtt, "127.0.0.1").await(10, TimeUnit.SECONDS);
        devices.put(id, c);
      }
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      Map<String, CountDownLatch> answered = new ConcurrentHashMap<>();
      Map<String, String> texts = new ConcurrentHashMap<>();
      devices.get("gate-exit").publishHandler(m -> {
        JsonObject j = new JsonObject(m.payload());
        String p = j.getString("passage");
        Long t0 = sentAt.get(p);
        if (t0 != null && !texts.containsKey(p)) {
          texts.put(p, j.getString("text") + "|" + (System.nanoTime() - t0));
          answered.get(p).countDown();
        }
      });
      devices.get("gate-exit").subscribe("vitrine/v1/devices/gate-exit/display", 1).await(10, TimeUnit.SECONDS);

      // every demo member checks in for real; staff put enough on their accounts
      HttpClient client = HttpClient.newHttpClient();
      Random random = new Random(7);
      for (String m : MEMBERS) {
        float[] face = new float[128];
        double n = 0;
        for (int i = 0; i < face.length; i++) {
          face[i] = (float) random.nextGaussian();
          n += face[i] * face[i];
        }
        JsonArray emb = new JsonArray();
        for (float f : face) {
          emb.add(f / Math.sqrt(n));
        }
        Thread.sleep(2200); // the previous member's face has left the entrance (checkin.faceSeconds)
        int status = 0;
        String why = "";
        for (int attempt = 0; attempt < 40 && status != 201; attempt++) {
          publish(devices.get("cam-entrance"), "cam-entrance", "sightings", new JsonObject().put("v", 1)
              .put("ts", System.currentTimeMillis()).put("track", "t-" + m).put("embedding", emb).put("quality", 0.9));
          Thread.sleep(150);
          byte[] png = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/checkin/qr.png")).build(),
              HttpResponse.BodyHandlers.ofByteArray()).body();
          String url = decode(png);
          JsonObject body = new JsonObject().put("token", url.substring(url.indexOf("?t=") + 3)).put("consent", true)
              .put("member", m).put("secret", m + "-card");
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/checkin"))
              .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
              HttpResponse.BodyHandlers.ofString());
          status = r.statusCode();
          why = r.body();
        }
        if (status != 201) {
          throw new IllegalStateException(m + " could not check in (" + status + " " + why + ")");
        }
        String account = hub.ledger().accountOf(m).await();
        hub.ledger().topUp("bench-topup-" + m, account, 90_000_000_000L, "EUR", "bench").await();
      }

      Histogram all = new Histogram(60_000_000_000L, 3);
      // one shopper at a time through the one gate, as at a real exit (the cameras tell who is
      // passing by who came into the gate's zone last); members take turns
      long measuredStart = 0;
      long decideNanos = 0;
      for (int i = 0; i < warmup + passages; i++) {
        if (i == warmup) {
          measuredStart = System.nanoTime();
          decideNanos = 0;
        }
        String m = MEMBERS.get(i % MEMBERS.size());
        // footwear: the camera places them, the shelf reports a pickup, the basket has it
        publish(devices.get("cam-footwear"), "cam-footwear", "sightings", new JsonObject().put("v", 1).put("track", "t-" + m + "-f")
            .put("shopper", m).put("confidence", 0.95));
        waitFor(() -> hub.presenceView().whereIs(m).map(w -> w.zone().equals("footwear")).orElse(false));
        publish(devices.get("shelf-footwear"), "shelf-footwear", "events", new JsonObject().put("v", 1).put("type", "pickup")
            .put("product", "street-court-low"));
        try {
          waitFor(() -> {
            var b = hub.checkouts().basket(m).await();
            return b != null && !b.lines().isEmpty();
          });
        } catch (IllegalStateException e) {
          Thread.sleep(2500);
          System.out.println(hub.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HGETALL)
              .arg("vitrine:counters")).await());
          System.out.println(hub.presenceStore().stored().await());
          throw e;
        }
        // the exit: the camera places them at the gate, the portal reads a tote bag they carry
        publish(devices.get("cam-checkout"), "cam-checkout", "sightings", new JsonObject().put("v", 1).put("track", "t-" + m + "-c")
            .put("shopper", m).put("confidence", 0.95));
        waitFor(() -> hub.presenceView().whereIs(m).map(w -> w.zone().equals("checkout")).orElse(false));
        publish(devices.get("rfid-exit"), "rfid-exit", "tags", new JsonObject().put("data", new JsonObject().put("eventNum", i)
            .put("format", "epc").put("idHex", org.vitrine.hub.commerce.Sgtin96.encode(1, "04012345001709", 7, 100_000 + i)))
            .put("type", "PORTAL"));
        Thread.sleep(5); // the portal's read is in before the person crosses the gate's beam
        String passage = "p-" + m + "-" + i;
        answered.put(passage, new CountDownLatch(1));
        sentAt.put(passage, System.nanoTime());
        publish(devices.get("gate-exit"), "gate-exit", "passages", new JsonObject().put("v", 1).put("passage", passage));
        if (!answered.get(passage).await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no answer for " + passage);
        }
        String[] r = texts.get(passage).split("\\|");
        if (!r[0].equals("Paid — €93.50, receipt on your phone")) {
          throw new IllegalStateException(passage + ": " + r[0]);
        }
        if (i >= warmup) {
          all.recordValue(Long.parseLong(r[1]));
          decideNanos += Long.parseLong(r[1]);
        }
      }
      double seconds = (System.nanoTime() - measuredStart) / 1e9;
      var check = hub.ledger().check().await();
      System.out.printf("gate passage -> charge decided + receipt kept (gate display received), %d passages, %d members taking turns%n",
          all.getTotalCount(), MEMBERS.size());
      System.out.printf("  p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", all.getValueAtPercentile(50) / 1e6,
          all.getValueAtPercentile(90) / 1e6, all.getValueAtPercentile(99) / 1e6, all.getMaxValue() / 1e6);
      System.out.printf("  baskets settled: %.1f/s through one gate, each loop also a shelf visit, a pickup and the walk back;"
          + " the gate's own share (passage to answer) allows %.0f/s%n", all.getTotalCount() / seconds, all.getTotalCount() / (decideNanos / 1e9));
      System.out.printf("  ledger: %s%n", check);
      if (check.get("balancesSum") != 0 || check.get("entriesSum") != 0) {
        System.out.println("  LEDGER NOT BALANCED");
        System.exit(1);
      }
    } finally {
      hub.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check c) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.ok()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(1);
    }
  }

  private static void publish(MqttClient c, String device, String channel, JsonObject json) {
    synchronized (c) { // the client is used from this thread while the hub answers on its event loop
      c.publish("vitrine/v1/devices/" + device + "/" + channel, Buffer.buffer(json.encode()), MqttQoS.AT_LEAST_ONCE, false, false);
    }
  }

  private static String decode(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels))),
        Map.of(DecodeHintType.TRY_HARDER, true)).getText();
  }
}
