package org.vitrine.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * The operators' API contract: every operation of openapi.yaml is called here, without a login
 * (401), with each role below the one it needs (403 and the reason) and with that role (its
 * documented success status), in an order that creates, changes and deletes a whole garden zone.
 */
@ExtendWith(HubExtension.class)
class AdminApiContractIT {

  private static final List<String> ROLES = List.of("viewer", "editor", "admin");
  private static final byte[] PNG = java.util.Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  private static TestHub hub;

  /** One call of the contract: {@code role} is the least role allowed; {@code body} null = none. */
  private record Case(String method, String path, String body, String role, int status) {

    String operation() {
      return method.replace("UPLOAD", "POST") + " " + path.replaceAll("/(garden|garden-1|garden-sale|erin|shelf-garden|temp-user|"
          + "garden-welcome|runners-footwear|entrance|n-contract-1)(?=/|$)", "/{x}").replaceAll("/versions/\\d+", "/versions/{x}");
    }
  }

  private static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("GET", "/api/auth/me", null, "viewer", 200));
    c.add(new Case("GET", "/api/users", null, "admin", 200));
    c.add(new Case("GET", "/api/audit", null, "admin", 200));
    c.add(new Case("POST", "/api/users", "{\"username\":\"temp-user\",\"role\":\"viewer\",\"password\":\"temporary1\"}", "admin", 201));
    c.add(new Case("PUT", "/api/users/temp-user", "{\"role\":\"editor\"}", "admin", 200));
    c.add(new Case("DELETE", "/api/users/temp-user", null, "admin", 204));

    c.add(new Case("GET", "/api/zones", null, "viewer", 200));
    c.add(new Case("POST", "/api/zones", "{\"id\":\"garden\",\"name\":\"Garden\"}", "admin", 201));
    c.add(new Case("GET", "/api/zones/garden", null, "viewer", 200));
    c.add(new Case("PUT", "/api/zones/garden", "{\"id\":\"garden\",\"name\":\"Garden centre\",\"position\":{\"x\":90,\"y\":10}}", "admin", 200));
    c.add(new Case("GET", "/api/screens", null, "viewer", 200));
    c.add(new Case("POST", "/api/screens", "{\"id\":\"garden-1\",\"zone\":\"garden\",\"name\":\"Garden screen\"}", "admin", 201));
    c.add(new Case("GET", "/api/screens/garden-1", null, "viewer", 200));
    c.add(new Case("PUT", "/api/screens/garden-1", "{\"id\":\"garden-1\",\"zone\":\"garden\",\"name\":\"Garden gate\"}", "admin", 200));

    c.add(new Case("GET", "/api/content", null, "viewer", 200));
    c.add(new Case("POST", "/api/content", "{\"id\":\"garden-sale\",\"type\":\"image\",\"title\":\"Garden sale\",\"src\":\"/media/welcome.svg\"}", "editor", 201));
    c.add(new Case("GET", "/api/content/garden-sale", null, "viewer", 200));
    c.add(new Case("PUT", "/api/content/garden-sale", "{\"id\":\"garden-sale\",\"type\":\"image\",\"title\":\"Big garden sale\",\"src\":\"/media/welcome.svg\"}", "editor", 200));
    c.add(new Case("UPLOAD", "/api/media", null, "editor", 201));
    c.add(new Case("GET", "/api/playlists", null, "viewer", 200));
    c.add(new Case("GET", "/api/playlists/entrance", null, "viewer", 200));
    c.add(new Case("PUT", "/api/playlists/garden", "{\"items\":[{\"content\":\"garden-sale\",\"seconds\":5}]}", "editor", 200));

    c.add(new Case("GET", "/api/shoppers", null, "viewer", 200));
    c.add(new Case("POST", "/api/shoppers", "{\"id\":\"erin\",\"name\":\"Erin\",\"interests\":[\"gardening\"]}", "admin", 201));
    c.add(new Case("GET", "/api/shoppers/erin", null, "viewer", 200));
    c.add(new Case("PUT", "/api/shoppers/erin", "{\"id\":\"erin\",\"name\":\"Erin\",\"interests\":[\"gardening\",\"coffee\"]}", "admin", 200));
    c.add(new Case("PUT", "/api/shoppers/erin/secret", "{\"secret\":\"erin-garden-7\"}", "admin", 204));
    c.add(new Case("GET", "/api/devices", null, "viewer", 200));
    c.add(new Case("POST", "/api/devices", "{\"id\":\"shelf-garden\",\"kind\":\"shelf\",\"zone\":\"garden\"}", "admin", 201));
    c.add(new Case("GET", "/api/devices/shelf-garden", null, "viewer", 200));
    c.add(new Case("PUT", "/api/devices/shelf-garden", "{\"id\":\"shelf-garden\",\"kind\":\"shelf\",\"zone\":\"garden\",\"position\":{\"x\":92,\"y\":12}}", "admin", 200));

    String rule = "{\"id\":\"garden-welcome\",\"when\":{\"event\":\"enter\",\"zones\":[\"garden\"]},"
        + "\"if\":{\"interests\":[\"gardening\"]},\"then\":{\"show\":\"garden-sale\",\"priority\":10,\"seconds\":5}}";
    c.add(new Case("GET", "/api/rules", null, "viewer", 200));
    c.add(new Case("GET", "/api/rules/runners-footwear", null, "viewer", 200));
    c.add(new Case("GET", "/api/rules/draft", null, "viewer", 200));
    c.add(new Case("POST", "/api/rules/draft", rule, "editor", 201));
    c.add(new Case("PUT", "/api/rules/draft/garden-welcome", rule.replace("\"priority\":10", "\"priority\":12"), "editor", 200));
    c.add(new Case("POST", "/api/rules/preview", "{\"screen\":\"garden-1\",\"shoppers\":[\"erin\"]}", "viewer", 200));
    c.add(new Case("POST", "/api/rules/replay", "{\"hours\":1}", "viewer", 200));
    c.add(new Case("POST", "/api/rules/publish", "{\"note\":\"garden opening\"}", "editor", 200));
    c.add(new Case("GET", "/api/rules/intents", null, "viewer", 200));
    c.add(new Case("GET", "/api/rules/products", null, "viewer", 200));
    c.add(new Case("GET", "/api/rules/versions", null, "viewer", 200));
    c.add(new Case("GET", "/api/rules/versions/1", null, "viewer", 200));
    c.add(new Case("POST", "/api/rules/rollback", "{\"version\":1}", "editor", 200));
    c.add(new Case("DELETE", "/api/rules/draft/garden-welcome", null, "editor", 204));
    c.add(new Case("POST", "/api/rules/draft/discard", null, "editor", 200));
    c.add(new Case("GET", "/api/live/snapshot", null, "viewer", 200));
    c.add(new Case("GET", "/api/notices", null, "viewer", 200));
    c.add(new Case("POST", "/api/notices/n-contract-1/done", "{}", "editor", 200));
    for (String table : List.of("footfall", "visitors", "dwell", "journeys", "hours", "plays", "engagement", "conversion")) {
      c.add(new Case("GET", "/api/analytics/" + table, null, "viewer", 200));
    }

    // take the garden down again: first the rule that uses it (draft without it, published)
    c.add(new Case("DELETE", "/api/rules/draft/garden-welcome", null, "editor", 204));
    c.add(new Case("POST", "/api/rules/publish", "{\"note\":\"garden closed\"}", "editor", 200));
    c.add(new Case("DELETE", "/api/playlists/garden", null, "editor", 204));
    c.add(new Case("DELETE", "/api/content/garden-sale", null, "editor", 204));
    c.add(new Case("DELETE", "/api/devices/shelf-garden", null, "admin", 204));
    c.add(new Case("DELETE", "/api/screens/garden-1", null, "admin", 204));
    c.add(new Case("DELETE", "/api/zones/garden", null, "admin", 204));
    c.add(new Case("DELETE", "/api/shoppers/erin", null, "admin", 200));
    // last: it ends the session it is called with (each role's own login, made afresh by the caller)
    c.add(new Case("POST", "/api/auth/logout", null, "viewer", 204));
    return c;
  }

  @Test
  void everyOperationNeedsALoginAndTheRightRoleAndAnswersAsDocumented() {
    Api anonymous = Api.anonymous(hub.httpPort());
    java.util.Map<String, Api> as = new java.util.HashMap<>();
    ROLES.forEach(r -> as.put(r, Api.as(hub.httpPort(), r)));
    for (Case c : cases()) {
      // GIVEN nobody logged in: 401, with a JSON body that says how to log in
      Api.Answer none = call(anonymous, c);
      assertThat(none.status()).as("%s %s without login", c.method(), c.path()).isEqualTo(401);
      assertThat(none.json().getString("error")).isEqualTo("unauthenticated");

      // WHEN a role below the needed one calls: 403 with the reason
      for (String r : ROLES.subList(0, ROLES.indexOf(c.role()))) {
        Api.Answer refused = call(as.get(r), c);
        assertThat(refused.status()).as("%s %s as %s: %s", c.method(), c.path(), r, refused).isEqualTo(403);
        assertThat(refused.json().getString("error")).isEqualTo("forbidden");
        assertThat(refused.json().getString("message")).contains("role " + r + " cannot");
      }

      // THEN the least role allowed gets the documented answer
      Api.Answer ok = call(as.get(c.role()), c);
      assertThat(ok.status()).as("%s %s as %s: %s", c.method(), c.path(), c.role(), ok).isEqualTo(c.status());
      // AND no answer ever carries a member's secret hash (the demo members have one)
      assertThat(ok.body()).as("%s %s", c.method(), c.path()).doesNotContain("pbkdf2").doesNotContain("secretHash");
    }
  }

  @Test
  void theContractCoversEveryOperationOfTheOpenApiDocumentAndNoOther() throws Exception {
    // GIVEN the OpenAPI document the hub serves
    Api.Answer served = Api.anonymous(hub.httpPort()).get("/api/openapi.yaml");
    assertThat(served.status()).isEqualTo(200);
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(served.body());

    // WHEN its operations are listed (the public login and event stream have their own tests)
    Set<String> documented = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (!m.equals("parameters")) {
        documented.add(m.toUpperCase() + " " + p.getKey().replaceAll("\\{[^}]+}", "{x}"));
      }
    }));
    documented.remove("POST /api/auth/login");
    documented.remove("GET /api/live/events");

    // THEN the contract calls exactly those
    Set<String> called = new TreeSet<>();
    cases().forEach(c -> called.add(c.operation()));
    assertThat(called).isEqualTo(documented);
  }

  @Test
  void loginRefusesAWrongPasswordAndAnUnknownUserAlike() {
    Api anonymous = Api.anonymous(hub.httpPort());
    Api.Answer wrong = anonymous.post("/api/auth/login", new JsonObject().put("username", "admin").put("password", "nope"));
    Api.Answer unknown = anonymous.post("/api/auth/login", new JsonObject().put("username", "mallory").put("password", "nope"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json().getString("message")).isEqualTo(unknown.json().getString("message"));
    Api.Answer missing = anonymous.post("/api/auth/login", new JsonObject().put("username", "admin"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getJsonArray("problems").getJsonObject(0).getString("field")).isEqualTo("password");
    // a token signed with another key (here: none) is no login
    String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    String claims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"eve\",\"role\":\"admin\"}".getBytes());
    Api.Answer forged = Api.withToken(hub.httpPort(), header + "." + claims + ".c2lnbmF0dXJl").get("/api/users");
    assertThat(forged.status()).isEqualTo(401);
  }

  @Test
  void anUnknownApiPathIsAJson404NotAPage() {
    Api.Answer a = Api.as(hub.httpPort(), "viewer").get("/api/nothing-here");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().getString("error")).isEqualTo("not-found");
  }

  private static Api.Answer call(Api api, Case c) {
    if (c.method().equals("UPLOAD")) {
      return api.upload(c.path(), "pixel.png", "image/png", PNG);
    }
    return api.call(c.method(), c.path(), c.body());
  }

}
