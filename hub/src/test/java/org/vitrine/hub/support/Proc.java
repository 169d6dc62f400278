package org.vitrine.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a third-party command-line client (mosquitto_pub, mosquitto_sub) and captures its output. */
public final class Proc {

  public final Process process;
  private final Path out;

  private Proc(Process process, Path out) {
    this.process = process;
    this.out = out;
  }

  /** Fails clearly when the tool is missing: CI installs it, a skip would hide a gap. */
  public static Proc start(String... cmd) throws IOException {
    if (Files.notExists(Path.of("/usr/bin", cmd[0])) && Files.notExists(Path.of("/usr/sbin", cmd[0]))) {
      throw new AssertionError(cmd[0] + " is not installed: apt-get install -y mosquitto-clients (./vitrine test does it)");
    }
    Path out = Files.createTempFile("proc", ".out");
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    return new Proc(p, out);
  }

  /**
   * Starts {@code mosquitto_sub ...} with debug output and returns once its subscription is
   * acknowledged, so nothing published afterwards can be missed (a fixed sleep can be too short on
   * a loaded machine). Read what it received with {@link #messages()}.
   */
  public static Proc subscribed(String... cmd) throws Exception {
    if (!cmd[0].equals("mosquitto_sub")) {
      throw new IllegalArgumentException("subscribed(...) is for mosquitto_sub");
    }
    start("mosquitto_sub", "--help").await(10); // fails clearly when it is not installed
    // line-buffered (stdbuf, coreutils): into a file, its debug lines would otherwise wait for exit
    String[] withDebug = new String[cmd.length + 3];
    withDebug[0] = "stdbuf";
    withDebug[1] = "-oL";
    withDebug[2] = cmd[0];
    withDebug[3] = "-d";
    System.arraycopy(cmd, 1, withDebug, 4, cmd.length - 1);
    Proc p = start(withDebug);
    long deadline = System.currentTimeMillis() + 15_000;
    while (!p.output().contains("received SUBACK")) {
      if (!p.process.isAlive() || System.currentTimeMillis() > deadline) {
        p.process.destroyForcibly();
        throw new AssertionError("mosquitto_sub did not subscribe; output: " + p.output());
      }
      Thread.sleep(20);
    }
    return p;
  }

  /** What a {@link #subscribed} mosquitto_sub printed, without its debug lines. */
  public String messages() {
    return output().lines()
        .filter(l -> !(l.startsWith("Client ") || l.startsWith("Subscribed (")))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Runs to completion; returns the exit code. */
  public static Proc run(String... cmd) throws Exception {
    Proc p = start(cmd);
    p.await(20);
    return p;
  }

  public int await(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("process did not finish within " + seconds + " s; output: " + output());
    }
    return process.exitValue();
  }

  public int exitCode() {
    return process.exitValue();
  }

  public String output() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
