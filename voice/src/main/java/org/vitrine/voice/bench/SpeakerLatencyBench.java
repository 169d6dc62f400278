package org.vitrine.voice.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vitrine.voice.audio.Pcm;
import org.vitrine.voice.audio.WavChunk;
import org.vitrine.voice.bench.Speech.Voice;

/**
 * End of speech → intent → screen latency of a store speaker through the real hub (a program, not
 * a test). Starts {@code hub/target/vitrine-hub.jar} as a child process on the demo store (conf/,
 * free ports, a fresh data dir), connects the screen {@code apparel-1} over WebSocket and the
 * {@code apparel} speaker as a Hermes satellite over MQTT, then speaks questions synthesised with
 * espeak-ng (six voices, three with shop noise) streamed in real time as WAV audio frames of
 * {@code --chunk-ms} (a chunk is published when a microphone would have captured it). End of speech
 * is the time of the last voiced sample (|sample| > 300 in the clean rendering) in that real-time
 * stream; intent = hermes/nlu/intentParsed received by the satellite; screen = the {@code play}
 * received by the screen. Prints p50/p95/max and exits.
 *
 * <pre>java -cp voice/target/vitrine-voice-0.1.0-SNAPSHOT.jar org.vitrine.voice.bench.SpeakerLatencyBench
 *   [--rounds 1] [--chunk-ms 20] [--noise-vol 0.03] [--end-silence-ms N] [--hub-jar hub/target/vitrine-hub.jar] [--root .]</pre>
 */
public final class SpeakerLatencyBench {

  static final List<Voice> VOICES = List.of(
      new Voice("en-us", 160, 0),
      new Voice("en-gb+f3", 140, 0.03),
      new Voice("en-us+m3", 190, 0.03),
      new Voice("en-gb-scotland", 150, 0),
      new Voice("en-029", 150, 0.03),
      new Voice("en-us+klatt", 170, 0));
  /** Questions at the apparel speaker that put something on the apparel screens: text, Hermes intent. */
  static final String[][] QUESTIONS = {
      {"show me red dresses", "vitrine:ShowProducts"},
      {"where can I find running shoes", "vitrine:FindProduct"},
      {"show me blue denim", "vitrine:ShowProducts"},
      {"where are the sneakers", "vitrine:FindProduct"},
      {"what do you recommend for me", "vitrine:Recommend"},
      {"where is the cafe", "vitrine:FindProduct"},
  };
  static final int VOICED = 300;

  record Sample(String voice, String text, String expected, String intent, double intentMs, double screenMs) {
  }

  public static void main(String[] args) throws Exception {
    quietLogs();
    Map<String, String> o = options(args);
    Path root = Path.of(o.getOrDefault("root", System.getProperty("vitrine.root", "."))).toAbsolutePath().normalize();
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "1"));
    int chunkMs = Integer.parseInt(o.getOrDefault("chunk-ms", "20"));
    if (chunkMs < 10 || chunkMs > 128) {
      throw new IllegalArgumentException("--chunk-ms must be 10..128");
    }
    double noiseVol = Double.parseDouble(o.getOrDefault("noise-vol", "0.03"));
    Path hubJar = root.resolve(o.getOrDefault("hub-jar", "hub/target/vitrine-hub.jar"));
    Speech.requireTools();
    Path work = Files.createTempDirectory("speaker-latency");
    Speech speech = new Speech(work);

    // The questions first (espeak-ng + sox take a while; not while the hub is measured).
    List<Object[]> utterances = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (String[] q : QUESTIONS) {
        for (Voice voice : VOICES) {
          Voice v = voice.noiseVolume() > 0 ? new Voice(voice.name(), voice.wordsPerMinute(), noiseVol) : voice;
          byte[] pcm = speech.say(q[0], v, 0.5, 1.3);
          byte[] clean = v.noiseVolume() > 0 ? speech.say(q[0], new Voice(v.name(), v.wordsPerMinute(), 0), 0.5, 1.3) : pcm;
          utterances.add(new Object[] {v, q, pcm, lastVoicedSample(clean)});
        }
      }
    }
    System.out.printf(Locale.ROOT, "[speaker-latency] %d utterances synthesised; starting the hub%n", utterances.size());

    Path jar = snapshot(hubJar, work.resolve("hub"));
    int http = freePort();
    int mqtt = freePort();
    Path log = work.resolve("hub.log");
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-jar", jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("VITRINE_CONF_DIR", root.resolve("conf").toString());
    env.put("VITRINE_DATA_DIR", work.resolve("data").toString());
    env.put("VITRINE_HTTP_HOST", "127.0.0.1");
    env.put("VITRINE_HTTP_PORT", Integer.toString(http));
    env.put("VITRINE_MQTT_HOST", "127.0.0.1");
    env.put("VITRINE_MQTT_PORT", Integer.toString(mqtt));
    env.put("VITRINE_VOICE", "on");
    env.put("VITRINE_DEMO", "on"); // the bench pairs its screen as the demo admin
    env.put("VITRINE_VOSK_MODEL", root.resolve("voice/target/vosk-model").toString());
    if (o.containsKey("end-silence-ms")) {
      env.put("VITRINE_VOICE_END_SILENCE_MS", o.get("end-silence-ms"));
    }
    Process hub = pb.start();
    Thread killer = new Thread(() -> stop(hub));
    Runtime.getRuntime().addShutdownHook(killer);
    Vertx vertx = Vertx.vertx();
    try {
      awaitHealthy(hub, http, log);
      LinkedBlockingQueue<long[]> plays = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<Object[]> intents = new LinkedBlockingQueue<>();
      // Keep the client referenced for the whole run: Vert.x 5 closes a WebSocketClient (and its
      // sockets, with 1000) once it is garbage-collected, which stopped the screen after ~30 s.
      WebSocketClient wsClient = vertx.createWebSocketClient();
      WebSocket ws = null;
      for (int attempt = 1; ws == null; attempt++) {
        try {
          ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
              .setPort(http).setURI("/ws/screen")).await();
        } catch (RuntimeException e) {
          if (attempt == 5) {
            throw e;
          }
          Thread.sleep(500); // the hub has just started
        }
      }
      Map<String, Integer> received = new java.util.concurrent.ConcurrentSkipListMap<>();
      ws.textMessageHandler(t -> {
        long at = System.nanoTime();
        String type = new JsonObject(t).getString("type");
        received.merge(type, 1, Integer::sum);
        if ("play".equals(type)) {
          plays.add(new long[] {at});
        }
      });
      ws.exceptionHandler(e -> System.out.println("  [screen socket error] " + e));
      WebSocket screenWs = ws;
      ws.closeHandler(v -> System.out.printf("  [screen socket closed: %s %s; received %s]%n", screenWs.closeStatusCode(),
          screenWs.closeReason(), received));
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("v", 1).put("screen", "apparel-1")
          .put("token", screenToken(http, "apparel-1")).encode()).await();
      MqttClient sat = MqttClient.create(vertx, new MqttClientOptions().setClientId("bench-apparel-" + System.nanoTime())
          .setUsername("speaker-apparel").setPassword("demo-speaker-apparel").setMaxMessageSize(4 * 1024 * 1024));
      sat.connect(mqtt, "127.0.0.1").await();
      sat.publishHandler(m -> {
        long at = System.nanoTime();
        String name = m.topicName().equals("hermes/nlu/intentParsed")
            ? m.payload().toJsonObject().getJsonObject("intent").getString("intentName") : "not-recognized";
        intents.add(new Object[] {at, name});
      });
      sat.subscribe(Map.of("hermes/nlu/intentParsed", 0, "hermes/nlu/intentNotRecognized", 0)).await();

      // Warm-up (not counted): the first utterance pays for the recognizer's creation and JIT.
      stream(sat, (byte[]) utterances.get(0)[2], chunkMs);
      Thread.sleep(1500);
      plays.clear();
      intents.clear();

      List<Sample> samples = new ArrayList<>();
      for (Object[] u : utterances) {
        Voice v = (Voice) u[0];
        String[] q = (String[]) u[1];
        byte[] pcm = (byte[]) u[2];
        int lastVoiced = (int) u[3];
        long t0 = stream(sat, pcm, chunkMs);
        long endOfSpeech = t0 + Math.round((lastVoiced + 1) * 1e9 / Pcm.SAMPLE_RATE);
        Object[] intent = intents.poll(3, TimeUnit.SECONDS);
        long[] play = plays.poll(2, TimeUnit.SECONDS);
        String name = intent == null ? "none" : (String) intent[1];
        double intentMs = intent == null ? Double.NaN : ((long) intent[0] - endOfSpeech) / 1e6;
        double screenMs = play == null ? Double.NaN : (play[0] - endOfSpeech) / 1e6;
        samples.add(new Sample(v.label(), q[0], q[1], name, intentMs, screenMs));
        System.out.printf(Locale.ROOT, "  %-22s %-32s %-22s intent %7.1f ms  screen %7.1f ms%n", v.label(), q[0], name,
            intentMs, screenMs);
        Thread.sleep(300);
        // anything late or extra belongs to this utterance, not the next
        intents.clear();
        plays.clear();
      }
      ws.close();
      wsClient.close();
      sat.disconnect();
      report(samples, chunkMs, noiseVol, log);
    } finally {
      vertx.close();
      stop(hub);
      Runtime.getRuntime().removeShutdownHook(killer);
    }
  }

  /**
   * Publishes the PCM as WAV frames of chunkMs, each when a microphone would have captured it;
   * returns System.nanoTime() of the stream's sample 0.
   */
  static long stream(MqttClient sat, byte[] pcm, int chunkMs) {
    int chunk = Pcm.bytesFor(chunkMs);
    long t0 = System.nanoTime() + 20_000_000L;
    for (int at = 0; at < pcm.length; at += chunk) {
      int n = Math.min(chunk, pcm.length - at);
      long due = t0 + Math.round((at + n) * 1e9 / Pcm.BYTES_PER_SECOND);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      sat.publish("hermes/audioServer/apparel/audioFrame", Buffer.buffer(WavChunk.wrap(pcm, at, n)),
          MqttQoS.AT_MOST_ONCE, false, false);
    }
    return t0;
  }

  /** Index of the last sample louder than {@value #VOICED} (the end of the speech). */
  static int lastVoicedSample(byte[] pcm) {
    for (int i = pcm.length - 2; i >= 0; i -= 2) {
      int s = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      if (Math.abs(s) > VOICED) {
        return i / 2;
      }
    }
    return pcm.length / 2 - 1;
  }

  static void report(List<Sample> samples, int chunkMs, double noiseVol, Path log) throws IOException {
    List<Double> intent = new ArrayList<>();
    List<Double> screen = new ArrayList<>();
    int wrong = 0;
    for (Sample s : samples) {
      if (!s.intent().equals(s.expected())) {
        wrong++;
        System.out.printf("  wrong/missing: [%s] '%s' → %s (expected %s)%n", s.voice(), s.text(), s.intent(), s.expected());
      }
      if (!Double.isNaN(s.intentMs())) {
        intent.add(s.intentMs());
      }
      if (!Double.isNaN(s.screenMs())) {
        screen.add(s.screenMs());
      }
    }
    Map<String, Integer> endedBy = new TreeMap<>();
    Matcher m = Pattern.compile("ended by ([a-z-]+),").matcher(Files.readString(log, StandardCharsets.UTF_8));
    while (m.find()) {
      endedBy.merge(m.group(1), 1, Integer::sum);
    }
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
    System.out.printf(Locale.ROOT, "%nSPEAKER LATENCY (%d utterances, %d voices, three with sox pink noise vol %s; "
            + "real-time %d ms WAV frames over MQTT; %d cores %s; load %s)%n", samples.size(), VOICES.size(), noiseVol,
        chunkMs, Runtime.getRuntime().availableProcessors(),
        cpu, Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.printf(Locale.ROOT, "  end of speech → intent (hermes/nlu/intentParsed at the satellite): %s%n", stats(intent));
    System.out.printf(Locale.ROOT, "  end of speech → play at the screen (WebSocket):                     %s%n", stats(screen));
    for (boolean noisy : new boolean[] {false, true}) {
      List<Sample> of = samples.stream().filter(x -> x.voice().endsWith("+noise") == noisy).toList();
      System.out.printf(Locale.ROOT, "  %s voices: → intent %s%n  %s         → screen %s%n", noisy ? "noisy" : "clean",
          stats(of.stream().map(Sample::intentMs).filter(d -> !Double.isNaN(d)).toList()), noisy ? "     " : "     ",
          stats(of.stream().map(Sample::screenMs).filter(d -> !Double.isNaN(d)).toList()));
    }
    System.out.printf(Locale.ROOT, "  right intent %d/%d; utterances ended by (hub log, incl. warm-up) %s%n",
        samples.size() - wrong, samples.size(), endedBy);
  }

  static String stats(List<Double> xs) {
    if (xs.isEmpty()) {
      return "n=0";
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return String.format(Locale.ROOT, "n=%d  p50 %.0f ms  p95 %.0f ms  min %.0f  max %.0f", s.size(), pct(s, 50),
        pct(s, 95), s.get(0), s.get(s.size() - 1));
  }

  static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }

  /** Netty and Vert.x log at DEBUG without a logback.xml: WARN is enough for a benchmark. */
  private static void quietLogs() {
    Object root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    try {
      Class<?> level = Class.forName("ch.qos.logback.classic.Level");
      root.getClass().getMethod("setLevel", level).invoke(root, level.getField("WARN").get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another SLF4J binding: leave it
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help")) {
        System.out.println("options: --rounds N (x36 utterances, default 1) --chunk-ms 20 (10..128) "
            + "--noise-vol 0.03 (sox pink noise of the three noisy voices: 0.03 ≈ -44 dBFS, 0.15 ≈ -30 dBFS) "
            + "--end-silence-ms N (hub's VITRINE_VOICE_END_SILENCE_MS) --hub-jar PATH --root DIR");
        System.exit(0);
      }
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("bad option " + args[i] + " (--help)");
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }

  /** A copy of the hub jar and its lib/: others rebuild hub/target while this runs. */
  private static Path snapshot(Path hubJar, Path into) throws IOException {
    if (!Files.isRegularFile(hubJar)) {
      throw new IOException("hub jar not found: " + hubJar + " (build: mvn -B -q -o -pl voice,hub -am install -DskipTests)");
    }
    Files.createDirectories(into.resolve("lib"));
    Path jar = into.resolve(hubJar.getFileName());
    Files.copy(hubJar, jar, StandardCopyOption.REPLACE_EXISTING);
    try (var files = Files.list(hubJar.resolveSibling("lib"))) {
      for (Path f : files.toList()) {
        Files.copy(f, into.resolve("lib").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return jar;
  }

  /** A token for the screen, as an admin issues one for a kiosk: screens are paired before they may connect. */
  private static String screenToken(int http, String screen) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/auth/login"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"admin\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    String bearer = "Bearer " + new JsonObject(login.body()).getString("token");
    HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/screens/" + screen + "/token"))
        .header("authorization", bearer).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (token.statusCode() != 201) {
      throw new IllegalStateException("no token for " + screen + ": " + token.statusCode() + " " + token.body());
    }
    return new JsonObject(token.body()).getString("token");
  }

  private static void awaitHealthy(Process hub, int http, Path log) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && hub.isAlive()) {
      try {
        if (client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
            && Files.readString(log).contains("store speakers")) {
          if (!Files.readString(log).contains("store speakers ready")) {
            throw new IllegalStateException("the hub runs without voice; see " + log);
          }
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("hub not healthy within 60 s; log " + log);
  }

  private static void stop(Process hub) {
    List<ProcessHandle> children = hub.descendants().toList();
    hub.destroy();
    try {
      if (!hub.waitFor(15, TimeUnit.SECONDS)) {
        hub.destroyForcibly();
      }
    } catch (InterruptedException e) {
      hub.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private SpeakerLatencyBench() {
  }
}
