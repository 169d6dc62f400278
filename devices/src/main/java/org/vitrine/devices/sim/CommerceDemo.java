package org.vitrine.devices.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The walk-out-and-pay demo (docs/commerce.md): one demo member checks in for real (a face at the
 * entrance camera, the QR code's token, member id and secret), takes a running top from the
 * apparel shelf (its RFID reader stops seeing the tag), picks up sneakers in footwear and puts them
 * back, and walks out through the exit gate with the top and a tote bag (the portal reads both):
 * the hub charges her member account and the receipt arrives on her phone page, whose link is
 * logged. Only when the conf has a gate, a portal reader in its zone, the apparel reader and the
 * footwear shelf; everything on the simulation's event loop.
 */
final class CommerceDemo {

    private static final Logger LOG = LoggerFactory.getLogger(CommerceDemo.class);
    static final String MEMBER = "chloe";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Device(String id, String kind, String zone, String password) {
    }

    private final Vertx vertx;
    private final SimOptions options;
    private final Map<String, Device> devices;
    private final Map<String, String> gtins;
    private final BiConsumer<String, JsonObject> camera;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, MqttClient> clients = new HashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private long sightingTimer = -1;
    private String zoneNow;
    private int round;
    private String key;

    private CommerceDemo(Vertx vertx, SimOptions options, Map<String, Device> devices, Map<String, String> gtins,
            BiConsumer<String, JsonObject> camera, int httpPort) {
        this.vertx = vertx;
        this.options = options;
        this.devices = devices;
        this.gtins = gtins;
        this.camera = camera;
        this.httpPort = httpPort;
    }

    /** The demo, when the store has what it needs (and the member is a demo shopper); empty otherwise. */
    static Optional<CommerceDemo> of(Vertx vertx, SimOptions options, StoreLayout layout, BiConsumer<String, JsonObject> camera,
            Map<String, String> env) {
        try {
            Path dir = options.confDir();
            JsonNode store = YAML.readTree(dir.resolve("store.yaml").toFile());
            Map<String, Device> byRole = new HashMap<>();
            String gateZone = null;
            for (JsonNode d : store.path("devices")) {
                Device dev = new Device(d.path("id").asText(), d.path("kind").asText(), d.path("zone").asText(null),
                        d.path("password").asText(null));
                switch (dev.kind()) {
                    case "gate" -> {
                        byRole.putIfAbsent("gate", dev);
                        gateZone = gateZone == null ? dev.zone() : gateZone;
                    }
                    case "rfid" -> byRole.putIfAbsent("rfid:" + dev.zone(), dev);
                    case "shelf" -> byRole.putIfAbsent("shelf:" + dev.zone(), dev);
                    default -> { }
                }
            }
            Device gate = byRole.get("gate");
            Device portal = gateZone == null ? null : byRole.get("rfid:" + gateZone);
            Device apparel = byRole.get("rfid:apparel");
            Device footwear = byRole.get("shelf:footwear");
            if (gate == null || portal == null || apparel == null || footwear == null || !layout.shoppers().contains(MEMBER)
                    || !Files.isRegularFile(dir.resolve("products.yaml")) || layout.cameraIn("entrance").isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> gtins = new HashMap<>();
            for (JsonNode p : YAML.readTree(dir.resolve("products.yaml").toFile()).path("products")) {
                if (p.hasNonNull("gtin")) {
                    gtins.put(p.path("id").asText(), p.path("gtin").asText());
                }
            }
            if (!gtins.keySet().containsAll(List.of("running-top", "tote-bag", "city-sneaker"))) {
                return Optional.empty();
            }
            Map<String, Device> roles = Map.of("gate", gate, "portal", portal, "apparel", apparel, "footwear", footwear);
            int port = Integer.parseInt(env.getOrDefault("VITRINE_HTTP_PORT", "8080"));
            return Optional.of(new CommerceDemo(vertx, options, roles, gtins, camera, port));
        } catch (Exception e) {
            LOG.info("walk-out-and-pay demo off: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Connects the shelf, readers and gate, then walks the member round after round (once with --once). */
    void start() {
        List<Future<?>> connected = new ArrayList<>();
        devices.values().forEach(d -> connected.add(connect(d)));
        Future.join(connected).onComplete(x -> after(2_000, this::round));
    }

    void stop() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        if (sightingTimer >= 0) {
            vertx.cancelTimer(sightingTimer);
        }
        clients.values().forEach(c -> c.disconnect().otherwiseEmpty());
    }

    private Future<?> connect(Device d) {
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(d.id() + "-sim").setUsername(d.id())
                .setPassword(d.password()).setAutoKeepAlive(true));
        clients.put(d.id(), c);
        if (d.kind().equals("gate")) {
            c.publishHandler(m -> LOG.info("walk-out-and-pay demo: the gate screen shows \"{}\"",
                    new JsonObject(m.payload()).getString("text")));
        }
        return c.connect(options.mqttPort(), options.mqttHost()).compose(ok -> d.kind().equals("gate")
                ? c.subscribe("vitrine/v1/devices/" + d.id() + "/display", 1) : Future.succeededFuture())
                .onFailure(e -> LOG.warn("walk-out-and-pay demo: {} could not connect: {}", d.id(), e.getMessage()));
    }

    private long scaled(long ms) {
        return Math.max(50, Math.round(ms / options.speed()));
    }

    private void after(long ms, Runnable r) {
        long[] id = new long[1];
        id[0] = vertx.setTimer(scaled(ms), t -> {
            timers.remove(id[0]);
            r.run();
        });
        timers.add(id[0]);
    }

    private void round() {
        round++;
        // 1. at the entrance: the camera sees her face (a camera agent's embedding), she checks in on her phone
        float[] face = face();
        be("entrance");
        for (int i = 0; i < 3; i++) {
            after(i * 400L, () -> camera.accept("entrance", new JsonObject().put("v", 1).put("ts", System.currentTimeMillis())
                    .put("track", "t-demo-" + MEMBER + "-" + round).put("quality", 0.9).put("embedding", toJson(face))));
        }
        after(1_500, () -> checkIn(0));
    }

    private void checkIn(int attempt) {
        vertx.executeBlocking(() -> {
            String url = decode(get("/api/checkin/qr.png"));
            String token = url.substring(url.indexOf("?t=") + 3);
            JsonObject body = new JsonObject().put("token", token).put("consent", true).put("member", MEMBER).put("secret", MEMBER + "-card");
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base() + "/api/checkin")).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
            if (key != null) {
                req.header("X-Vitrine-Shopper-Key", key);
            }
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return r;
        }, false).onSuccess(r -> {
            JsonObject j = r.body().startsWith("{") ? new JsonObject(r.body()) : new JsonObject();
            if (r.statusCode() == 201) {
                key = j.getString("key");
                LOG.info("walk-out-and-pay demo: {} checked in. Her phone: {}/checkin/#member={}&key={} (basket and receipt, live)",
                        MEMBER, base(), MEMBER, key);
                walk();
            } else if (attempt < 10) {
                after(1_000, () -> checkIn(attempt + 1));
            } else {
                LOG.warn("walk-out-and-pay demo: check-in refused ({} {}): the demo walk is skipped", r.statusCode(), j.getString("message"));
                again();
            }
        }).onFailure(e -> {
            if (attempt < 10) {
                after(1_000, () -> checkIn(attempt + 1));
            } else {
                LOG.warn("walk-out-and-pay demo: the hub's HTTP port {} does not answer ({})", httpPort, e.toString());
            }
        });
    }

    private void walk() {
        long serial = round * 10L;
        String top1 = epc("running-top", serial + 1);
        String top2 = epc("running-top", serial + 2);
        // 2. apparel: the shelf reader sees two running tops; after 4 s one of them is gone (she took it)
        be("apparel");
        for (int i = 0; i < 12; i++) {
            boolean stillThere = i < 4;
            after(i * 1_000L, () -> tags("apparel", stillThere ? new String[] {top1, top2} : new String[] {top2}));
        }
        // 3. footwear: she picks up the City Sneaker, then puts it back
        after(12_000, () -> be("footwear"));
        after(14_000, () -> shelf("pickup", "city-sneaker"));
        after(20_000, () -> shelf("putback", "city-sneaker"));
        // 4. the exit: the portal reads the top and a tote bag, then the gate sees her pass
        after(24_000, () -> be("checkout"));
        after(27_000, () -> tags("portal", top1, epc("tote-bag", serial + 9)));
        after(27_400, () -> publish("gate", "passages", new JsonObject().put("v", 1).put("passage", "p-demo-" + round + "-"
                + System.currentTimeMillis()).put("direction", "out").put("ts", System.currentTimeMillis())));
        after(31_000, () -> {
            be(null); // she left: no more sightings
            again();
        });
    }

    private void again() {
        if (!options.once()) {
            after(180_000, this::round);
        }
    }

    /** Where she is now: the camera of that zone reports her every 2 s (null: nowhere). */
    private void be(String zone) {
        zoneNow = zone;
        if (sightingTimer >= 0) {
            vertx.cancelTimer(sightingTimer);
            sightingTimer = -1;
        }
        if (zone == null || zone.equals("entrance")) {
            return; // at the entrance her face speaks for her
        }
        Runnable seen = () -> camera.accept(zoneNow, new JsonObject().put("v", 1).put("ts", System.currentTimeMillis())
                .put("track", "t-demo-" + MEMBER + "-" + zoneNow).put("shopper", MEMBER).put("confidence", 0.95));
        seen.run();
        sightingTimer = vertx.setPeriodic(scaled(2_000), t -> seen.run());
    }

    private void tags(String reader, String... epcs) {
        JsonArray events = new JsonArray();
        for (int i = 0; i < epcs.length; i++) {
            events.add(new JsonObject().put("data", new JsonObject().put("eventNum", i + 1).put("format", "epc")
                    .put("idHex", epcs[i].toLowerCase()).put("antenna", 1).put("peakRssi", -58).put("reads", 3))
                    .put("timestamp", Instant.now().toString().replace("Z", "+0000")).put("type", "INVENTORY"));
        }
        publish(reader, "tags", events);
    }

    private void shelf(String type, String product) {
        publish("footwear", "events", new JsonObject().put("v", 1).put("type", type).put("product", product)
                .put("ts", System.currentTimeMillis()));
    }

    private void publish(String role, String channel, Object json) {
        Device d = devices.get(role);
        MqttClient c = clients.get(d.id());
        if (c != null && c.isConnected()) {
            c.publish("vitrine/v1/devices/" + d.id() + "/" + channel, Buffer.buffer(json.toString()),
                    io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, false, false);
        }
    }

    private String epc(String product, long serial) {
        return sgtin96(gtins.get(product), 7, serial);
    }

    /** The SGTIN-96 EPC (GS1 TDS) of a GTIN with a 7-digit company prefix: what the item's tag holds. */
    static String sgtin96(String gtin, int companyDigits, long serial) {
        String g = "0".repeat(14 - gtin.length()) + gtin;
        int partition = 12 - companyDigits;
        int companyBits = new int[] {40, 37, 34, 30, 27, 24, 20}[partition];
        int itemBits = 44 - companyBits;
        long company = Long.parseLong(g.substring(1, 1 + companyDigits));
        long item = Long.parseLong(g.charAt(0) + g.substring(1 + companyDigits, 13));
        BigInteger bits = BigInteger.valueOf(0x30).shiftLeft(88).or(BigInteger.valueOf(1).shiftLeft(85))
                .or(BigInteger.valueOf(partition).shiftLeft(82)).or(BigInteger.valueOf(company).shiftLeft(38 + itemBits))
                .or(BigInteger.valueOf(item).shiftLeft(38)).or(BigInteger.valueOf(serial));
        return String.format("%024X", bits);
    }

    private float[] face() {
        Random r = new Random(MEMBER.hashCode());
        float[] f = new float[128];
        double norm = 0;
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
            norm += f[i] * f[i];
        }
        for (int i = 0; i < f.length; i++) {
            f[i] /= (float) Math.sqrt(norm);
        }
        return f;
    }

    private static JsonArray toJson(float[] f) {
        JsonArray a = new JsonArray();
        for (float v : f) {
            a.add(v);
        }
        return a;
    }

    private String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    private byte[] get(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Reads the QR code of the check-in, as the member's phone camera does. */
    private static String decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(),
                pixels))), Map.of(DecodeHintType.TRY_HARDER, true)).getText();
    }
}
