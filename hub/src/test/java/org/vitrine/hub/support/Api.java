package org.vitrine.hub.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The operators' REST API from the test thread (JDK HTTP client), logged in as one user. */
public final class Api {

  /** Status and body of an answer; {@code json()} for objects, {@code array()} for lists. */
  public record Answer(int status, String body) {

    public JsonObject json() {
      return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  private Api(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Not logged in. */
  public static Api anonymous(int port) {
    return new Api("http://127.0.0.1:" + port, null);
  }

  /** With a token of our own making (forged, expired). */
  public static Api withToken(int port, String token) {
    return new Api("http://127.0.0.1:" + port, token);
  }

  /** Logged in as {@code user} (demo users: admin/admin, editor/editor, viewer/viewer). */
  public static Api as(int port, String user, String password) {
    Api anon = anonymous(port);
    Answer a = anon.call("POST", "/api/auth/login", new JsonObject().put("username", user).put("password", password).encode());
    if (a.status() != 200) {
      throw new AssertionError("login as " + user + " failed: " + a);
    }
    return new Api(anon.base, a.json().getString("token"));
  }

  public static Api as(int port, String user) {
    return as(port, user, user);
  }

  public String token() {
    return token;
  }

  /**
   * Waits (up to 15 s) until the shopper is called {@code name}: tests rename a member in
   * conf/shoppers.yaml to see that a conf import has run.
   */
  public void awaitShopperName(String shopper, String name) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline && !name.equals(get("/api/shoppers/" + shopper).json().getString("name"))) {
      Thread.sleep(100);
    }
    String now = get("/api/shoppers/" + shopper).json().getString("name");
    if (!name.equals(now)) {
      throw new AssertionError("conf not re-imported within 15 s: " + shopper + " is still called '" + now + "', not '" + name + "'");
    }
  }

  public Answer get(String path) {
    return call("GET", path, null);
  }

  public Answer post(String path, Object body) {
    return call("POST", path, body == null ? null : body.toString());
  }

  public Answer put(String path, Object body) {
    return call("PUT", path, body == null ? null : body.toString());
  }

  public Answer delete(String path) {
    return call("DELETE", path, null);
  }

  /** {@code body} is sent as is (JSON text, or anything to test bad input). */
  public Answer call(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    return send(b);
  }

  /** A multipart/form-data upload of one file in field "file". */
  public Answer upload(String path, String fileName, String contentType, byte[] bytes) {
    String boundary = "----vitrine" + UUID.randomUUID();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bytes.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bytes, 0, all, head.length, bytes.length);
    System.arraycopy(tail, 0, all, head.length + bytes.length, tail.length);
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(all)));
  }

  public byte[] bytes(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }

  private Answer send(HttpRequest.Builder b) {
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new AssertionError("HTTP call failed: " + e, e);
    }
  }
}
