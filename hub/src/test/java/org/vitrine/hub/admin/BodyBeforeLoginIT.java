package org.vitrine.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * Nothing is read before authentication: bodies of callers who are not logged in (or whose role
 * may not upload) are answered without being read, uploads never reach the disk, and every error
 * is a JSON problem, never a stack trace or a 500 for bad input.
 */
@ExtendWith(HubExtension.class)
class BodyBeforeLoginIT {

  private static TestHub hub;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Path mediaDir() {
    return hub.dataDir.resolveSibling("media");
  }

  private static long filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static HttpResponse<String> post(String path, String contentType, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form body of about {@code bytes} of many short fields (more than Vert.x's 256 form fields: that made a 500). */
  private static String form(int bytes) {
    StringBuilder sb = new StringBuilder("f0=v");
    for (int i = 1; sb.length() < bytes; i++) {
      sb.append("&f").append(i).append("=v");
    }
    return sb.toString();
  }

  @Test
  void refusedRequestsLeaveNoErrorInTheLogAndAGetKeepsItsConnection() throws Exception {
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT");
    root.addAppender(logs);
    try {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/presence"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
      }
      post("/api/zones", "application/json", "{\"id\":\"x\"}", null);
      Thread.sleep(200);
      assertThat(logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
          .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList()).isEmpty();
    } finally {
      root.detachAppender(logs);
    }
  }

  @Test
  void anUnauthenticatedFormBodyGets401JsonNotA500() throws Exception {
    for (String path : new String[] {"/api/zones", "/api/rules/draft", "/api/users", "/api/media", "/api/nothing-here"}) {
      HttpResponse<String> r = post(path, "application/x-www-form-urlencoded", form(3 * 1024), null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getString("error")).isEqualTo("unauthenticated");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aLoggedInCallersBadBodyIsA4xxJsonProblemNeverA500() throws Exception {
    String editor = Api.as(hub.httpPort(), "editor").token();
    // a big form where JSON belongs, broken JSON, an over-limit body
    HttpResponse<String> formBody = post("/api/content", "application/x-www-form-urlencoded", form(3 * 1024), editor);
    assertThat(formBody.statusCode()).isEqualTo(400);
    HttpResponse<String> broken = post("/api/content", "application/json", "{\"id\": ", editor);
    assertThat(broken.statusCode()).isEqualTo(400);
    HttpResponse<String> huge = post("/api/content", "application/json", "{\"x\":\"" + "y".repeat(300 * 1024) + "\"}", editor);
    assertThat(huge.statusCode()).isEqualTo(413);
    for (HttpResponse<String> r : java.util.List.of(formBody, broken, huge)) {
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getString("error")).isNotBlank();
      assertThat(body.getString("message")).isNotBlank();
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void anUnauthenticatedUploadIsAnsweredBeforeItsBodyAndWritesNothingToDisk() throws Exception {
    rawUploadIsRefusedUnread(null, "HTTP/1.1 401");
  }

  @Test
  void aViewerUploadIsRefusedBeforeItsBodyIsStreamedToDisk() throws Exception {
    rawUploadIsRefusedUnread(Api.as(hub.httpPort(), "viewer").token(), "HTTP/1.1 403");
  }

  /**
   * A raw client that does not wait for 100-continue announces 45 MB and keeps sending: the
   * answer must come long before the end, and no upload file may appear meanwhile or after.
   */
  private static void rawUploadIsRefusedUnread(String token, String expectedStatus) throws Exception {
    long before = filesUnder(mediaDir());
    long size = 45L * 1024 * 1024;
    try (Socket s = new Socket("127.0.0.1", hub.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String boundary = "vitrine-test";
      out.write(("POST /api/media HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
          + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + size + "\r\n\r\n--" + boundary
          + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      long sent = 0;
      String status = null;
      boolean spooled = false;
      InputStream in = s.getInputStream();
      while (sent < size && status == null) {
        try {
          out.write(chunk);
          sent += chunk.length;
        } catch (IOException closedByHub) {
          break;
        }
        if (in.available() > 0) {
          status = readStatusLine(in);
        }
        spooled |= sent % (1024 * 1024) == 0 && filesUnder(mediaDir()) > before;
      }
      if (status == null) {
        status = readStatusLine(in);
      }
      assertThat(status).startsWith(expectedStatus);
      assertThat(sent).as("bytes the client could push before the answer").isLessThan(size);
      assertThat(spooled).as("an upload file appeared while the body was coming in").isFalse();
    }
    Thread.sleep(300);
    assertThat(filesUnder(mediaDir())).isEqualTo(before);
  }

  private static String readStatusLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString().trim();
  }
}
