package org.vitrine.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The QR check-in as a phone does it, for tests that need an enrolled shopper. */
public final class Checkins {

  private Checkins() {
  }

  /** The token of the QR code the entrance screen shows, read from the hub's PNG like a phone camera. */
  public static String token(Rest rest) {
    String url = QrCodes.decode(rest.bytes("/api/checkin/qr.png"));
    assertThat(url).contains("/checkin/?t=");
    return url.substring(url.indexOf("?t=") + 3);
  }

  /** The secret the demo loyalty programme gave a demo member (conf/shoppers.yaml, README). */
  public static String secretOf(String member) {
    return member + "-card";
  }

  /** A check-in body proving membership with member id + secret. */
  public static JsonObject bySecret(String token, String member, String secret) {
    return new JsonObject().put("token", token).put("consent", true).put("member", member).put("secret", secret);
  }

  /** A check-in body proving membership with a member token from the member system. */
  public static JsonObject byMemberToken(String token, String memberToken) {
    return new JsonObject().put("token", token).put("consent", true).put("memberToken", memberToken);
  }

  /**
   * The entrance camera sees {@code face}; the shopper agrees on the phone page, proving their
   * membership with their demo secret. Retries while the sighting is still on its way to the hub
   * ("no-face"). Returns the 201 answer.
   */
  public static JsonObject checkIn(Rest rest, Camera entrance, String track, float[] face, String member) throws InterruptedException {
    entrance.seesFace(track, face, 0.9);
    return agree(rest, token -> bySecret(token, member, secretOf(member)));
  }

  /** Posts the check-in {@code body} (made from the current QR token) until the face is there; asserts 201. */
  public static JsonObject agree(Rest rest, java.util.function.Function<String, JsonObject> body) throws InterruptedException {
    Rest.Answer a = post(rest, body);
    assertThat(a.status()).as("check-in answer %s", a.json()).isEqualTo(201);
    return a.json();
  }

  /**
   * Posts the check-in {@code body} until the face is there (not "no-face") and alone (not
   * "several-faces": a face an earlier test left at the entrance camera goes after
   * checkin.faceSeconds, as a shopper told to step up alone would wait); returns the last answer.
   */
  public static Rest.Answer post(Rest rest, java.util.function.Function<String, JsonObject> body) throws InterruptedException {
    String token = token(rest);
    Rest.Answer a = null;
    for (int i = 0; i < 50; i++) {
      a = rest.post("/api/checkin", body.apply(token));
      if (a.status() != 409 || !List.of("no-face", "several-faces").contains(a.json().getString("error"))) {
        break;
      }
      Thread.sleep(100);
    }
    return a;
  }
}
