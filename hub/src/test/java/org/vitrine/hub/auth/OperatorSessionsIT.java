package org.vitrine.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * Operators' sessions as an attacker and an admin would try them: password guessing meets a
 * growing wait, and a session ends at once when its user is deleted, demoted, given a new
 * password or logs out. Every change is in the audit log.
 */
@ExtendWith(HubExtension.class)
class OperatorSessionsIT {

  private static TestHub hub;

  private static Api.Answer login(String user, String password) {
    return Api.anonymous(hub.httpPort()).post("/api/auth/login", new JsonObject().put("username", user).put("password", password));
  }

  @Test
  void tenWrongPasswordsForAUserFromAnAddressGet429WithRetryAfterAndASuccessResetsIt() throws Exception {
    Api admin = Api.as(hub.httpPort(), "admin");
    admin.post("/api/users", new JsonObject().put("username", "guessed").put("role", "viewer").put("password", "right-password"));

    // GIVEN ten wrong passwords in a row: each an ordinary 401
    for (int i = 0; i < 10; i++) {
      assertThat(login("guessed", "wrong-" + i).status()).as("attempt %d", i + 1).isEqualTo(401);
    }
    // WHEN the eleventh comes at once, even with the right password
    Api.Answer blocked = login("guessed", "right-password");
    // THEN it is held off with 429 and Retry-After, before the password is even looked at
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.json().getString("error")).isEqualTo("too-many-requests");
    assertThat(blocked.json().getLong("retryAfterSeconds")).isBetween(1L, 2L);
    // another user from the same address is not held off (the first user's wait is theirs)
    assertThat(login("admin", "admin").status()).isEqualTo(200);

    // AND the wait grows: after it, one more wrong password starts a longer one (2 s)
    Thread.sleep(1100);
    assertThat(login("guessed", "wrong-again").status()).isEqualTo(401);
    Api.Answer longer = login("guessed", "right-password");
    assertThat(longer.status()).isEqualTo(429);
    assertThat(longer.json().getLong("retryAfterSeconds")).isEqualTo(2L);

    // AND after it the right password logs in and resets the count: a wrong one is a plain 401 again
    Thread.sleep(2100);
    assertThat(login("guessed", "right-password").status()).isEqualTo(200);
    assertThat(login("guessed", "wrong-after-success").status()).isEqualTo(401);
    assertThat(login("guessed", "right-password").status()).isEqualTo(200);
  }

  @Test
  void aDeletedUsersTokenIsRefusedAtOnceAndCannotMakeAnAdmin() {
    Api admin = Api.as(hub.httpPort(), "admin");
    assertThat(admin.post("/api/users", new JsonObject().put("username", "leaver").put("role", "admin")
        .put("password", "leaver-password")).status()).isEqualTo(201);
    Api leaver = Api.as(hub.httpPort(), "leaver", "leaver-password");
    assertThat(leaver.get("/api/users").status()).isEqualTo(200);

    // WHEN an admin deletes the user
    assertThat(admin.delete("/api/users/leaver").status()).isEqualTo(204);

    // THEN the user's token, still signed and unexpired, is refused on the very next call
    Api.Answer after = leaver.get("/api/auth/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.json().getString("message")).contains("no longer exists");
    Api.Answer newAdmin = leaver.post("/api/users", new JsonObject().put("username", "backdoor").put("role", "admin")
        .put("password", "backdoor-password"));
    assertThat(newAdmin.status()).isEqualTo(401);
    assertThat(admin.get("/api/users/backdoor").status()).isIn(404, 405);
    assertThat(admin.get("/api/users").array().stream().map(u -> ((JsonObject) u).getString("username")))
        .doesNotContain("backdoor", "leaver");
  }

  @Test
  void aDemotionOrANewPasswordEndsTheSessionAtOnceAndLogoutEndsIt() {
    Api admin = Api.as(hub.httpPort(), "admin");
    admin.post("/api/users", new JsonObject().put("username", "shifted").put("role", "admin").put("password", "first-password"));

    // demoted to editor: the admin token is no longer good for anything
    Api asAdmin = Api.as(hub.httpPort(), "shifted", "first-password");
    assertThat(admin.put("/api/users/shifted", new JsonObject().put("role", "editor")).status()).isEqualTo(200);
    assertThat(asAdmin.get("/api/users").status()).isEqualTo(401);
    assertThat(asAdmin.get("/api/zones").status()).isEqualTo(401);

    // a new password: the session made with the old one ends
    Api asEditor = Api.as(hub.httpPort(), "shifted", "first-password");
    assertThat(asEditor.get("/api/zones").status()).isEqualTo(200);
    assertThat(admin.put("/api/users/shifted", new JsonObject().put("role", "editor").put("password", "second-password"))
        .status()).isEqualTo(200);
    assertThat(asEditor.get("/api/zones").status()).isEqualTo(401);
    assertThat(login("shifted", "first-password").status()).isEqualTo(401);

    // logging out ends that token, and only that one
    Api one = Api.as(hub.httpPort(), "shifted", "second-password");
    Api other = Api.as(hub.httpPort(), "shifted", "second-password");
    assertThat(one.post("/api/auth/logout", null).status()).isEqualTo(204);
    assertThat(one.get("/api/zones").status()).isEqualTo(401);
    assertThat(other.get("/api/zones").status()).isEqualTo(200);
    // the event stream, which logs in by query parameter, is checked the same way
    assertThat(Api.anonymous(hub.httpPort()).get("/api/live/events?access_token=" + one.token()).status()).isEqualTo(401);
  }

  @Test
  void everyChangeLoginAndRefusalIsInTheAuditLogWithWhoWhatWhenAndFromWhere() {
    long start = System.currentTimeMillis();
    Api admin = Api.as(hub.httpPort(), "admin");
    login("admin", "not-the-password");
    assertThat(admin.put("/api/zones/cafe", new JsonObject().put("id", "cafe").put("name", "Café")).status()).isEqualTo(200);
    Api editor = Api.as(hub.httpPort(), "editor");
    assertThat(editor.delete("/api/zones/cafe").status()).isEqualTo(403);

    JsonArray log = admin.get("/api/audit?limit=50").array();
    assertThat(log).isNotEmpty();
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (Object o : log) {
      JsonObject e = (JsonObject) o;
      if (e.getLong("at") >= start) {
        lines.add(e.getString("user") + "|" + e.getString("from") + "|" + e.getString("action") + "|" + e.getString("outcome"));
      }
    }
    assertThat(lines).contains("admin|127.0.0.1|login|ok", "admin|127.0.0.1|login|refused",
        "admin|127.0.0.1|PUT /api/zones/cafe|200", "editor|127.0.0.1|DELETE /api/zones/cafe|403");
    // newest first, paged by id
    JsonObject newest = log.getJsonObject(0);
    JsonArray older = admin.get("/api/audit?limit=1&before=" + newest.getString("id")).array();
    assertThat(older.getJsonObject(0).getString("id")).isEqualTo(log.getJsonObject(1).getString("id"));
    // readable by admins only
    assertThat(editor.get("/api/audit").status()).isEqualTo(403);
  }

  @Test
  void withoutDemoModeTheFirstStartMakesOnlyAnAdminWithAGeneratedPasswordShownOnce(Vertx vertx) throws Exception {
    TestHub fresh = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30,
        c -> c.demo = false);
    try {
      String password = fresh.hub.takeFirstAdminPassword();
      assertThat(password).hasSizeGreaterThanOrEqualTo(20);
      assertThat(fresh.hub.takeFirstAdminPassword()).as("shown once").isNull();
      Api anon = Api.anonymous(fresh.httpPort());
      assertThat(anon.post("/api/auth/login", new JsonObject().put("username", "admin").put("password", "admin")).status())
          .isEqualTo(401);
      assertThat(anon.post("/api/auth/login", new JsonObject().put("username", "editor").put("password", "editor")).status())
          .isEqualTo(401);
      Api admin = Api.as(fresh.httpPort(), "admin", password);
      assertThat(admin.get("/api/users").array().size()).isEqualTo(1);
    } finally {
      fresh.close();
    }
    // configured passwords are used instead, and no password is generated
    TestHub configured = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30,
        c -> {
          c.demo = false;
          c.console.adminPassword = "store-admin-2026";
          c.console.viewerPassword = "store-viewer-2026";
        });
    try {
      assertThat(configured.hub.takeFirstAdminPassword()).isNull();
      assertThat(Api.as(configured.httpPort(), "admin", "store-admin-2026").get("/api/users").array().size()).isEqualTo(2);
      assertThat(Api.as(configured.httpPort(), "viewer", "store-viewer-2026").get("/api/zones").status()).isEqualTo(200);
    } finally {
      configured.close();
    }
  }
}
