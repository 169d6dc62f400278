package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.checkin.CheckinApi;
import org.vitrine.hub.support.Camera;
import org.vitrine.hub.support.Checkins;
import org.vitrine.hub.support.Faces;
import org.vitrine.hub.support.Rest;
import org.vitrine.hub.support.HubExtension;
import org.vitrine.hub.support.TestHub;

/**
 * The check-in REST routes: they need proof of membership (here the built-in member login, member
 * id + secret; member tokens: MemberTokenCheckinIT), say clearly why they refuse without telling
 * who is a member, hold off guessing, never let a second phone take over a member's check-in, and
 * enrol nobody when they refuse.
 */
@ExtendWith(HubExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckinApiIT {

  private static TestHub hub;
  private static Rest rest;

  @BeforeAll
  static void startHub() throws Exception {
    rest = new Rest(hub.httpPort());
  }

  private static Rest.Answer checkIn(String token, String member, String secret, Object consent) {
    return rest.post("/api/checkin", new JsonObject().put("token", token).put("member", member).put("secret", secret)
        .put("consent", consent));
  }

  private static long anonymousAtTheEntrance(Rest viewer) {
    return viewer.get("/api/live/snapshot").json().getJsonArray("zones").stream()
        .map(z -> (JsonObject) z).filter(z -> z.getString("id").equals("entrance")).findFirst().orElseThrow()
        .getLong("anonymous", 0L);
  }

  private static boolean enrolled(String member) {
    return rest.asConsoleUser("viewer").get("/api/shoppers/" + member + "/identity").json().getBoolean("enrolled");
  }

  @Test
  void theQrCodeCarriesAFreshTokenThePhonePageAcceptsAndThePageListsNoMembers() {
    String token = Checkins.token(rest);
    assertThat(Checkins.token(rest)).as("same window, same code").isEqualTo(token);
    Rest.Answer session = rest.get("/api/checkin/session?t=" + token);
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().getDouble("keepHours")).isEqualTo(12.0);
    // who is a member is the loyalty programme's to know: the page asks, it does not offer a list
    assertThat(session.json().containsKey("members")).isFalse();
    assertThat(session.json().encode()).doesNotContain("anna").doesNotContain("Chlo").doesNotContain("david");
    assertThat(session.json().getJsonArray("proofs").getList()).containsExactly("member-secret");
    assertThat(rest.get("/api/checkin/session?t=AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(410);
    assertThat(rest.get("/api/checkin/session").status()).isEqualTo(400);
  }

  @Test
  @Order(Integer.MAX_VALUE) // last (unordered tests come before): the two strangers it puts at the entrance camera stay there for checkin.faceSeconds
  void withoutConsentAValidTokenAProofOrAFaceNobodyIsEnrolled(Vertx vertx) throws Exception {
    String token = Checkins.token(rest);
    assertThat(checkIn(token, "anna", "anna-card", false).json().getString("error")).isEqualTo("consent-required");
    assertThat(checkIn(token, "anna", "anna-card", "yes").json().getString("error")).isEqualTo("consent-required");
    assertThat(rest.post("/api/checkin", new JsonObject().put("token", token).put("member", "anna").put("consent", true))
        .json().getString("error")).isEqualTo("proof-required");
    assertThat(checkIn("expired-token-0000000", "anna", "anna-card", true).status()).isEqualTo(410);
    Rest.Answer noFace = checkIn(token, "anna", "anna-card", true);
    assertThat(noFace.status()).isEqualTo(409);
    assertThat(noFace.json().getString("error")).isEqualTo("no-face");
    assertThat(rest.post("/api/checkin", new JsonObject()).json().getString("error")).isEqualTo("consent-required");
    assertThat(enrolled("anna")).isFalse();

    // two different people at the entrance camera: the hub cannot know which one is Anna
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      Rest viewer = rest.asConsoleUser("viewer");
      long before = anonymousAtTheEntrance(viewer);
      long hour = System.currentTimeMillis() / 3_600_000;
      door.seesFace("t-p1", Faces.person(1), 0.9);
      door.seesFace("t-p2", Faces.person(2), 0.8);
      // a PUBACK does not mean the hub has matched the face yet; presence counts a track only after
      // the identity step has offered it to the check-in, so two more anonymous people = both faces in
      // (checking in while only the first is in would rightly enrol that one)
      for (int i = 0; i < 200 && anonymousAtTheEntrance(viewer) < before + 2; i++) {
        if (System.currentTimeMillis() / 3_600_000 != hour) {
          Thread.sleep(1000); // the hourly count started again: give the second face a second
          break;
        }
        Thread.sleep(50);
      }
      Rest.Answer several = checkIn(token, "anna", "anna-card", true);
      assertThat(several.status()).isEqualTo(409);
      assertThat(several.json().getString("error")).isEqualTo("several-faces");
    }
    assertThat(enrolled("anna")).isFalse();
    assertThat(rest.asConsoleUser("admin").delete("/api/shoppers/Not%20An%20Id/identity").status()).isEqualTo(400);
  }

  @Test
  void aWrongSecretAndAnUnknownMemberGetTheSameAnswerAfterTheSameWork() {
    String token = Checkins.token(rest);
    List<Long> wrong = new ArrayList<>();
    List<Long> unknown = new ArrayList<>();
    Rest.Answer wrongAnswer = null;
    Rest.Answer unknownAnswer = null;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      wrongAnswer = checkIn(token, "david", "not-davids-secret", true);
      wrong.add(System.nanoTime() - t0);
      t0 = System.nanoTime();
      unknownAnswer = checkIn(token, "zorro", "not-davids-secret", true);
      unknown.add(System.nanoTime() - t0);
    }
    // THEN status and body are the same, and name nobody
    assertThat(wrongAnswer.status()).isEqualTo(401);
    assertThat(unknownAnswer.status()).isEqualTo(401);
    assertThat(unknownAnswer.json()).isEqualTo(wrongAnswer.json());
    assertThat(wrongAnswer.json().getString("error")).isEqualTo("wrong-member-or-secret");
    assertThat(wrongAnswer.json().encode()).doesNotContain("david").doesNotContain("zorro");
    // AND an unknown member is not answered faster (the hub did the same PBKDF2 work for it)
    wrong.sort(null);
    unknown.sort(null);
    System.out.printf("wrong secret %s ms, unknown member %s ms%n", wrong.stream().map(n -> n / 1_000_000).toList(),
        unknown.stream().map(n -> n / 1_000_000).toList());
    assertThat(unknown.get(1)).as("median of unknown-member answers vs wrong-secret answers")
        .isGreaterThan(wrong.get(1) * 4 / 10);
    // AND a malformed id is the same answer too
    assertThat(checkIn(token, "Not An Id", "whatever", true).json()).isEqualTo(wrongAnswer.json());
    assertThat(enrolled("david")).isFalse();
  }

  @Test
  void afterFiveFailedSecretsAMemberIdIsHeldOffWith429AndRetryAfterWhetherItExistsOrNot() {
    String token = Checkins.token(rest);
    for (String member : List.of("chloe", "nobody-here")) {
      // GIVEN five wrong secrets for the member id: each an ordinary refusal
      for (int i = 0; i < 5; i++) {
        assertThat(checkIn(token, member, "guess-" + i, true).status()).as("%s, attempt %d", member, i + 1).isEqualTo(401);
      }
      // WHEN a sixth comes
      Rest.Answer held = checkIn(token, member, "guess-5", true);
      // THEN it is held off: 429, Retry-After in seconds, and a JSON body saying so
      assertThat(held.status()).as("%s after five failures", member).isEqualTo(429);
      assertThat(held.json().getString("error")).isEqualTo("too-many-attempts");
      long retry = Long.parseLong(held.header("Retry-After"));
      assertThat(retry).isBetween(1L, 10L);
      assertThat(held.json().getLong("retryAfterSeconds")).isEqualTo(retry);
    }
    // AND while held off even the right secret waits (the block is the point), without a check-in
    Rest.Answer right = checkIn(token, "chloe", "chloe-card", true);
    assertThat(right.status()).isEqualTo(429);
    assertThat(enrolled("chloe")).isFalse();
  }

  @Test
  void aSecondPhoneCannotTakeOverACheckedInMemberButTheFirstPhoneCanCheckInAgain(Vertx vertx) throws Exception {
    float[] ben = Faces.person(60);
    try (Camera door = Camera.demo(vertx, hub.mqttPort(), "cam-entrance")) {
      // GIVEN Ben checked in on his phone
      String firstKey = Checkins.checkIn(rest, door, "t-ben-60", ben, "ben").getString("key");
      String token = Checkins.token(rest);

      // WHEN another phone proves Ben's membership too (his secret, seen over his shoulder)
      Rest.Answer second = rest.post("/api/checkin", Checkins.bySecret(token, "ben", "ben-card"));
      // THEN it is refused, without accusing anyone, pointing to the first phone and to staff
      assertThat(second.status()).isEqualTo(409);
      assertThat(second.json().getString("error")).isEqualTo("checked-in-elsewhere");
      assertThat(second.json().getString("message")).contains("another phone").contains("staff");
      Rest.Answer guessedKey = rest.withHeader(CheckinApi.SHOPPER_KEY_HEADER, "AAAAAAAAAAAAAAAAAAAAAA")
          .post("/api/checkin", Checkins.bySecret(token, "ben", "ben-card"));
      assertThat(guessedKey.status()).isEqualTo(409);
      // AND his phone's key still works (the second phone changed nothing)
      Rest first = rest.withHeader(CheckinApi.SHOPPER_KEY_HEADER, firstKey);
      assertThat(first.get("/api/shoppers/ben/identity").json().getBoolean("enrolled")).isTrue();

      // WHEN Ben checks in again from the first phone (it sends its key)
      door.seesFace("t-ben-60", ben, 0.9);
      JsonObject again = Checkins.agree(first, t -> Checkins.bySecret(t, "ben", "ben-card"));
      // THEN that is a re-check-in: same phone, same key
      assertThat(again.getString("shopper")).isEqualTo("ben");
      assertThat(again.getString("key")).isEqualTo(firstKey);

      // AND once he has forgotten that check-in, another phone may check him in
      assertThat(first.delete("/api/shoppers/ben/identity").status()).isEqualTo(200);
      door.seesFace("t-ben-61", Faces.similar(ben, 0.9, 61), 0.9);
      JsonObject fresh = Checkins.agree(rest, t -> Checkins.bySecret(t, "ben", "ben-card"));
      assertThat(fresh.getString("key")).isNotEqualTo(firstKey);
    }
  }

  @Test
  void anAdminSetsAMembersSecretWhichNoAnswerShowsAndAProfileEditKeeps() {
    Rest admin = rest.asConsoleUser("admin");
    String token = Checkins.token(rest);
    // GIVEN an admin gives Anna a new secret (she lost her card)
    assertThat(admin.send("PUT", "/api/shoppers/anna/secret", new JsonObject().put("secret", "anna-new-card-2")).status())
        .isEqualTo(204);
    assertThat(admin.send("PUT", "/api/shoppers/anna/secret", new JsonObject().put("secret", "short")).status()).isEqualTo(400);
    assertThat(admin.send("PUT", "/api/shoppers/nobody/secret", new JsonObject().put("secret", "long-enough")).status())
        .isEqualTo(404);
    // AND edits her profile as the console shows it (without any secret)
    JsonObject profile = admin.get("/api/shoppers/anna").json();
    assertThat(profile.encode()).doesNotContain("secret").doesNotContain("pbkdf2");
    assertThat(admin.send("PUT", "/api/shoppers/anna", profile.copy().put("name", "Anna K.")).status()).isEqualTo(200);
    // (a hash cannot be written through the profile)
    assertThat(admin.send("PUT", "/api/shoppers/anna", profile.copy().put("secretHash", "$pbkdf2$$x$y")).status()).isEqualTo(400);
    // THEN the old secret no longer matches, the new one does (nobody at the camera: the answer is about the face)
    assertThat(checkIn(token, "anna", "anna-card", true).status()).isEqualTo(401);
    assertThat(checkIn(token, "anna", "anna-new-card-2", true).json().getString("error")).isIn("no-face", "several-faces");
    // (back to the demo: her name and her card's secret)
    assertThat(admin.send("PUT", "/api/shoppers/anna", profile).status()).isEqualTo(200);
    assertThat(admin.send("PUT", "/api/shoppers/anna/secret", new JsonObject().put("secret", "anna-card")).status()).isEqualTo(204);
  }

  @Test
  void aBodyOver4KbIsRefusedInJson() {
    Rest.Answer big = rest.post("/api/checkin", Checkins.bySecret(Checkins.token(rest), "anna", "x".repeat(5000)));
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().getString("error")).isEqualTo("too-large");
    assertThat(big.json().encode()).doesNotContain("at org.").doesNotContain("Exception");
  }

  @Test
  void requestsFromOneAddressAreBoundedWith429(Vertx vertx) throws Exception {
    try (TestHub small = TestHub.start(vertx, TestHub.demoConf(), Files.createTempDirectory("vitrine-rate").resolve("redis"), 30,
        c -> c.checkin.requestsPerMinute = 5)) {
      Rest phone = new Rest(small.httpPort());
      for (int i = 0; i < 5; i++) {
        assertThat(phone.get("/api/checkin/session?t=AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(410);
      }
      Rest.Answer over = phone.get("/api/checkin/session?t=AAAAAAAAAAAAAAAAAAAAAA");
      assertThat(over.status()).isEqualTo(429);
      assertThat(over.json().getString("error")).isEqualTo("slow-down");
      assertThat(Long.parseLong(over.header("Retry-After"))).isBetween(1L, 12L);
      // the identity and member routes share the address's budget
      assertThat(phone.delete("/api/shoppers/anna/identity").status()).isEqualTo(429);
      assertThat(phone.delete("/api/members/anna").status()).isEqualTo(429);
      // the QR code itself is not bounded: every screen of the store asks for it
      assertThat(phone.bytes("/api/checkin/qr.png")).isNotEmpty();
    }
  }
}
