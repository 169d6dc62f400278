package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.MemberSystem;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * The Tao Cafe flow: the shopper's shopping app is logged in to the retailer's member system and
 * opens the phone page with a member token. A real member system (its own RSA keys, its JWKS over
 * HTTP) signs the tokens; the hub fetches its key set and accepts only what it signed, for this
 * hub, current, with an asymmetric algorithm.
 */
class MemberTokenCheckinIT {

  private static MemberSystem members;
  private static TestHub hub;
  private static Rest rest;

  @RegisterExtension
  static final HubExtension HUB = new HubExtension().before(v -> members = MemberSystem.start(v)).tweak(c -> members.configure(c))
      .after(() -> members.close());

  @BeforeAll
  static void start() throws Exception {
    rest = new Rest(hub.httpPort());
  }

  private static boolean enrolled(String member) {
    return rest.asConsoleUser("viewer").get("/api/shoppers/" + member + "/identity").json().getBoolean("enrolled");
  }

  @Test
  void aMemberTokenFromTheMemberSystemChecksIn(Vertx vertx) throws Exception {
    String qr = Checkins.token(rest);
    assertThat(rest.get("/api/checkin/session?t=" + qr).json().getJsonArray("proofs").getList()).contains("member-token");
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      // GIVEN Anna stands at the entrance, her shopping app logged in to the member system
      door.seesFace("t-anna-app", Faces.person(110), 0.9);
      // WHEN the app opens the check-in with her member token and she agrees
      JsonObject done = Checkins.agree(rest, t -> Checkins.byMemberToken(t, members.memberToken("anna")));
      // THEN she is checked in as the member the token names, with a key for her phone
      assertThat(done.getString("shopper")).isEqualTo("anna");
      assertThat(done.getString("name")).isEqualTo("Anna");
      assertThat(done.getString("key")).isNotBlank();
      assertThat(enrolled("anna")).isTrue();
    }
  }

  @Test
  void forgedExpiredWrongAudienceUnsignedAndAlgorithmConfusedTokensAreRefused() throws Exception {
    String qr = Checkins.token(rest);
    long now = System.currentTimeMillis() / 1000;
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("forged (signed with another key under the member system's kid)", members.forgedToken("ben"));
    bad.put("expired two minutes ago (beyond the 30 s leeway)", members.sign(members.memberClaims("ben").put("exp", now - 120)));
    bad.put("for another audience", members.sign(members.memberClaims("ben").put("aud", "another-shop")));
    bad.put("from another issuer", members.sign(members.memberClaims("ben").put("iss", "https://evil.test")));
    JsonObject noExp = members.memberClaims("ben");
    noExp.remove("exp");
    bad.put("without exp", members.sign(noExp));
    bad.put("alg none", members.unsignedToken("ben"));
    int i = 0;
    for (String confused : members.hs256ConfusionTokens("ben")) {
      bad.put("HS256 with the public key as secret #" + (++i), confused);
    }
    bad.put("not a token", "hello.world");
    JsonObject first = null;
    for (Map.Entry<String, String> b : bad.entrySet()) {
      Rest.Answer a = rest.post("/api/checkin", Checkins.byMemberToken(qr, b.getValue()));
      assertThat(a.status()).as(b.getKey() + ": " + a.json()).isEqualTo(401);
      assertThat(a.json().getString("error")).as(b.getKey()).isEqualTo("invalid-member-token");
      first = first == null ? a.json() : first;
      assertThat(a.json()).as("one answer for every bad token").isEqualTo(first);
    }
    assertThat(enrolled("ben")).isFalse();

    // a good signature for someone this store has no profile for: not a stranger's check-in either
    Rest.Answer unknown = rest.post("/api/checkin", Checkins.byMemberToken(qr, members.memberToken("new-member")));
    assertThat(unknown.status()).isEqualTo(403);
    assertThat(unknown.json().getString("error")).isEqualTo("not-known-here");
    // and a member token within the leeway is still good (no face here, so the answer is about the face)
    Rest.Answer skewed = rest.post("/api/checkin", Checkins.byMemberToken(qr,
        members.sign(members.memberClaims("ben").put("exp", now - 5))));
    assertThat(skewed.json().getString("error")).isEqualTo("no-face");
  }

  @Test
  void aHubGivenTheMemberSystemsPublicKeyAsPemChecksItsTokensToo(Vertx vertx) throws Exception {
    java.nio.file.Path pem = Files.createTempFile("member-system", ".pem");
    Files.writeString(pem, members.publicKeyPem());
    try (TestHub other = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-pem").resolve("redis"), 30,
        c -> {
          c.members.jwt.publicKeyFile = pem.toString();
          c.members.jwt.issuer = members.issuer();
        })) {
      Rest phone = new Rest(other.httpPort());
      String qr = Checkins.token(phone);
      assertThat(phone.post("/api/checkin", Checkins.byMemberToken(qr, members.memberToken("david"))).json().getString("error"))
          .as("accepted: the answer is about the face").isEqualTo("no-face");
      assertThat(phone.post("/api/checkin", Checkins.byMemberToken(qr, members.forgedToken("david"))).status()).isEqualTo(401);
      for (String confused : members.hs256ConfusionTokens("david")) {
        assertThat(phone.post("/api/checkin", Checkins.byMemberToken(qr, confused)).status()).isEqualTo(401);
      }
    }
  }

  @Test
  void aTokenSignedWithANewKeyMakesTheHubFetchTheKeySetAgain() throws Exception {
    String qr = Checkins.token(rest);
    int before = members.jwksFetches();
    // WHEN the member system rotates its key and the app brings a token signed with the new one
    members.rotate();
    Rest.Answer a = rest.post("/api/checkin", Checkins.byMemberToken(qr, members.memberToken("chloe")));
    // THEN the hub fetched the key set again and accepted the token (nobody at the camera: no-face, not 401)
    assertThat(a.json().getString("error")).as(a.json().encode()).isEqualTo("no-face");
    assertThat(members.jwksFetches()).isGreaterThan(before);
  }
}
