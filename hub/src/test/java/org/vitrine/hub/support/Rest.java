package org.vitrine.hub.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The hub's REST routes from the test thread, with the JDK's HTTP client (a client that is not ours). */
public final class Rest {

  /** Status, JSON body and headers of an answer. */
  public record Answer(int status, JsonObject json, java.net.http.HttpHeaders headers) {

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;
  private final String base;
  private final java.util.Map<String, String> headers;

  public Rest(int port) {
    this(port, java.util.Map.of());
  }

  private Rest(int port, java.util.Map<String, String> headers) {
    this.port = port;
    this.base = "http://127.0.0.1:" + port;
    this.headers = headers;
  }

  /** The same routes, each call with this header too (a phone's shopper key, a bearer token). */
  public Rest withHeader(String name, String value) {
    java.util.Map<String, String> more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new Rest(port, java.util.Map.copyOf(more));
  }

  /** The same routes as a logged-in console user (demo users: admin/admin, editor/editor, viewer/viewer). */
  public Rest asConsoleUser(String user) {
    return withHeader("Authorization", "Bearer " + Api.as(port, user).token());
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public byte[] bytes(String path) {
    try {
      HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new AssertionError("GET " + path + " answered " + r.statusCode());
      }
      return r.body();
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }

  public Answer post(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** Any method with a JSON body (PUT). */
  public Answer send(String method, String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private Answer send(HttpRequest.Builder b) {
    try {
      headers.forEach(b::header);
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      String body = r.body();
      return new Answer(r.statusCode(), body == null || body.isBlank() ? new JsonObject() : new JsonObject(body), r.headers());
    } catch (Exception e) {
      throw new AssertionError("HTTP call failed: " + e, e);
    }
  }
}
