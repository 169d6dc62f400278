package org.vitrine.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.vitrine.hub.ops.Backoff;

/**
 * How long a console login takes, and what the back-off leaves an attacker: the hub jar started
 * as a child process (demo conf, fresh Redis), then from this machine
 * <ol>
 *   <li>right passwords (PBKDF2 verify), wrong passwords (the same work), and attempts while held
 *       off (429, answered before any password work), as latency medians and p90s;</li>
 *   <li>the Retry-After the hub gives after each failure, waited out for the first blocks;</li>
 *   <li>the guesses an attacker gets for one user from one address in an hour and a day, from the
 *       policy the hub enforces ({@link Backoff#LOGIN}), against what an unthrottled hub allowed.</li>
 * </ol>
 * {@code java -cp bench/target/vitrine-bench.jar org.vitrine.bench.LoginBench [--blocks 5]}
 */
public final class LoginBench {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private LoginBench() {
  }

  public static void main(String[] args) throws Exception {
    int blocks = args.length == 2 && args[0].equals("--blocks") ? Integer.parseInt(args[1]) : 5;
    BenchOptions o = BenchOptions.parse(new String[0]);
    Path tmp = Files.createTempDirectory("vitrine-login-bench-");
    Path jar = HubProcess.snapshotJar(o.hubJar, tmp.resolve("hub"));
    HubProcess hub = HubProcess.start(o, jar, o.root.resolve("conf"), tmp.resolve("data"), tmp.resolve("hub.log"));
    try {
      if (!hub.awaitHealthy(60_000)) {
        throw new IllegalStateException("hub not healthy; log " + hub.log);
      }
      String base = "http://127.0.0.1:" + hub.httpPort;
      JsonObject machine = Machine.describe();
      System.out.printf(Locale.ROOT, "[login-bench] %s, %s CPUs, load %s at start%n", machine.getValue("cpuModel"), machine.getValue("nproc"),
          machine.getValue("loadAvgAtStart"));
      String admin = login(base, "admin", "admin").json().getString("token");
      for (String user : List.of("measured", "guessed")) {
        HttpResponse<String> r = send(base, "POST", "/api/users", admin, new JsonObject().put("username", user).put("role", "viewer")
            .put("password", "the-right-password").encode());
        if (r.statusCode() != 201) {
          throw new IllegalStateException("cannot make user " + user + ": " + r.statusCode() + " " + r.body());
        }
      }
      // warm-up: the JIT and the hub's pools
      for (int i = 0; i < 10; i++) {
        login(base, "measured", "the-right-password");
      }

      List<Double> ok = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Answer a = login(base, "measured", "the-right-password");
        check(a, 200);
        ok.add(a.millis);
      }
      // wrong passwords for a user that never reaches its limit here (9 at a time, then a success resets)
      List<Double> wrong = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 9; i++) {
          Answer a = login(base, "measured", "wrong-" + i);
          check(a, 401);
          wrong.add(a.millis);
        }
        check(login(base, "measured", "the-right-password"), 200);
      }
      // an attacker on one user: 10 free failures, then held off
      for (int i = 0; i < Backoff.LOGIN.free(); i++) {
        check(login(base, "guessed", "guess-" + i), 401);
      }
      List<Double> held = new ArrayList<>();
      long firstRetry = 0;
      for (int i = 0; i < 100; i++) {
        Answer a = login(base, "guessed", "guess-held-" + i);
        check(a, 429);
        held.add(a.millis);
        firstRetry = firstRetry == 0 ? a.retryAfter : firstRetry;
      }
      System.out.printf(Locale.ROOT, "[login-bench] right password: median %.1f ms, p90 %.1f ms (%d logins)%n",
          pct(ok, 50), pct(ok, 90), ok.size());
      System.out.printf(Locale.ROOT, "[login-bench] wrong password: median %.1f ms, p90 %.1f ms (%d)%n", pct(wrong, 50), pct(wrong, 90),
          wrong.size());
      System.out.printf(Locale.ROOT, "[login-bench] held off (429, Retry-After %d s): median %.1f ms, p90 %.1f ms (%d)%n", firstRetry,
          pct(held, 50), pct(held, 90), held.size());

      // the waits grow: wait each out, one more wrong guess, read the next Retry-After
      List<Long> waits = new ArrayList<>();
      waits.add(firstRetry);
      for (int b = 1; b < blocks; b++) {
        Thread.sleep(waits.get(waits.size() - 1) * 1000 + 100);
        check(login(base, "guessed", "guess-after-" + b), 401);
        Answer next = login(base, "guessed", "guess-blocked-" + b);
        check(next, 429);
        waits.add(next.retryAfter);
      }
      System.out.printf(Locale.ROOT, "[login-bench] Retry-After after each further failure: %s s%n", waits);
      System.out.printf(Locale.ROOT, "[login-bench] guesses for one user from one address: %d in the first hour, %d in a day "
              + "(policy %d free, %d s doubling to %d s; without the back-off this hub verified a login in %.0f ms: ~%d an hour)%n",
          guesses(Backoff.LOGIN, 3_600_000L), guesses(Backoff.LOGIN, 86_400_000L), Backoff.LOGIN.free(),
          Backoff.LOGIN.baseMillis() / 1000, Backoff.LOGIN.maxMillis() / 1000, pct(wrong, 50), Math.round(3_600_000.0 / pct(wrong, 50)));
    } finally {
      hub.stop();
    }
  }

  /** Failed guesses the policy lets through in {@code millis}, each made the moment the previous wait ends. */
  static long guesses(Backoff b, long millis) {
    long t = 0;
    long n = 0;
    while (true) {
      n++;
      long wait = b.blockMillis(n);
      if (t + wait > millis) {
        return n;
      }
      t += wait;
    }
  }

  private record Answer(int status, String body, double millis, long retryAfter) {

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Answer login(String base, String user, String password) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = send(base, "POST", "/api/auth/login", null,
        new JsonObject().put("username", user).put("password", password).encode());
    double ms = (System.nanoTime() - t0) / 1e6;
    return new Answer(r.statusCode(), r.body(), ms, r.headers().firstValue("retry-after").map(Long::parseLong).orElse(0L));
  }

  private static HttpResponse<String> send(String base, String method, String path, String bearer, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void check(Answer a, int status) {
    if (a.status != status) {
      throw new IllegalStateException("expected " + status + ", got " + a.status + " " + a.body);
    }
  }

  private static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }
}
