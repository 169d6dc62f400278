package org.vitrine.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the hub's GET /api/health (heap, connections, counters and, if the hub has it,
 * eventLoopDelayMs) plus the hub's RSS, from the bench's main thread, about once a second.
 */
final class HealthSampler {

  /** One sample; {@code loopDelay} is null when the hub has no eventLoopDelayMs yet. */
  record Sample(long nanos, long heapUsed, long heapMax, long rss, int screens, int devices, JsonObject loopDelay,
      JsonObject counters) {
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final HttpRequest request;
  private final long pid;
  final List<Sample> samples = new ArrayList<>();
  int failures;
  String lastError;

  HealthSampler(int port, long pid) {
    this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
        .header("authorization", "Bearer " + HubProcess.METRICS_TOKEN) // the details are for the scraper, not everyone
        .timeout(Duration.ofSeconds(2)).build();
    this.pid = pid;
  }

  Sample sample() {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        failures++;
        lastError = "HTTP " + r.statusCode();
        return null;
      }
      JsonObject h = new JsonObject(r.body());
      Object delay = h.getValue("eventLoopDelayMs");
      Sample s = new Sample(System.nanoTime(), h.getLong("heapUsedBytes", -1L), h.getLong("heapMaxBytes", -1L),
          HubProcess.rssBytes(pid), h.getInteger("screensConnected", -1), h.getInteger("devicesConnected", -1),
          delay instanceof JsonObject j ? j : null, h.getJsonObject("counters", new JsonObject()));
      samples.add(s);
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      failures++;
      lastError = e.toString();
      return null;
    }
  }

  /** Samples taken in [from, to) (System.nanoTime). */
  List<Sample> between(long from, long to) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.nanos() >= from && s.nanos() < to) {
        out.add(s);
      }
    }
    return out;
  }

  Sample last() {
    return samples.isEmpty() ? null : samples.get(samples.size() - 1);
  }
}
