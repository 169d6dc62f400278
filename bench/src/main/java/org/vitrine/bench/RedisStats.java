package org.vitrine.bench;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads INFO commandstats / clients from the hub's embedded redis-server (port taken from its
 * process title), so the report can show which commands the hub sends per sighting and how long
 * Redis itself spends on them. Best effort: any problem yields null.
 */
final class RedisStats {

  private static final Pattern PORT = Pattern.compile("(?:127\\.0\\.0\\.1|\\*|0\\.0\\.0\\.0):(\\d+)");

  /** calls and usec per command, plus connected_clients. */
  record Snapshot(long nanos, Map<String, long[]> commands, long connectedClients) {
  }

  private RedisStats() {
  }

  static Integer port(ProcessHandle redis) {
    try {
      String cmdline = Files.readString(Path.of("/proc/" + redis.pid() + "/cmdline")).replace('\0', ' ');
      Matcher m = PORT.matcher(cmdline);
      return m.find() ? Integer.parseInt(m.group(1)) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code password}: the embedded Redis asks for one (null = none). */
  static Snapshot snapshot(Integer port, String password) {
    if (port == null) {
      return null;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      if (password != null) {
        s.getOutputStream().write(("*2\r\n$4\r\nAUTH\r\n$" + password.length() + "\r\n" + password + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        String ok = readLine(s.getInputStream());
        if (!ok.startsWith("+OK")) {
          throw new IOException("AUTH refused: " + ok);
        }
      }
      String stats = info(s, "commandstats");
      String clients = info(s, "clients");
      Map<String, long[]> commands = new TreeMap<>();
      for (String line : stats.split("\r\n")) {
        if (!line.startsWith("cmdstat_")) {
          continue;
        }
        String name = line.substring(8, line.indexOf(':'));
        long calls = field(line, "calls=");
        long usec = field(line, "usec=");
        commands.put(name, new long[] {calls, usec});
      }
      long connected = -1;
      for (String line : clients.split("\r\n")) {
        if (line.startsWith("connected_clients:")) {
          connected = Long.parseLong(line.substring(18).trim());
        }
      }
      return new Snapshot(System.nanoTime(), commands, connected);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Commands per second and mean server-side microseconds per call between two snapshots. */
  static JsonObject delta(Snapshot a, Snapshot b) {
    if (a == null || b == null) {
      return null;
    }
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    JsonObject out = new JsonObject();
    long total = 0;
    for (Map.Entry<String, long[]> e : b.commands().entrySet()) {
      long[] before = a.commands().getOrDefault(e.getKey(), new long[] {0, 0});
      long calls = e.getValue()[0] - before[0];
      long usec = e.getValue()[1] - before[1];
      if (calls <= 0 || e.getKey().equals("info")) {
        continue; // the bench's own INFO calls
      }
      total += calls;
      out.put(e.getKey(), new JsonObject().put("perSecond", SpineBench.round(calls / seconds, 1))
          .put("usecPerCall", SpineBench.round(usec / (double) calls, 2)));
    }
    return new JsonObject().put("commandsPerSecond", SpineBench.round(total / seconds, 1))
        .put("connectedClients", b.connectedClients()).put("byCommand", out);
  }

  private static String info(Socket s, String section) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    String header = readLine(in);
    if (!header.startsWith("$")) {
      throw new IOException("unexpected reply " + header);
    }
    int len = Integer.parseInt(header.substring(1));
    byte[] body = in.readNBytes(len + 2);
    return new String(body, 0, len, StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  private static long field(String line, String name) {
    int i = line.indexOf(name);
    if (i < 0) {
      return 0;
    }
    i += name.length();
    int j = i;
    while (j < line.length() && Character.isDigit(line.charAt(j))) {
      j++;
    }
    return Long.parseLong(line.substring(i, j));
  }
}
