package org.vitrine.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

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

  /**
   * The entrance camera sees {@code face}; the shopper agrees on the phone page. Retries while the
   * sighting is still on its way to the hub ("no-face"). Returns the 201 answer.
   */
  public static JsonObject checkIn(Rest rest, Camera entrance, String track, float[] face, String member) throws InterruptedException {
    entrance.seesFace(track, face, 0.9);
    String token = token(rest);
    Rest.Answer a = null;
    for (int i = 0; i < 50; i++) {
      a = rest.post("/api/checkin", new JsonObject().put("token", token).put("member", member).put("consent", true));
      if (a.status() != 409 || !"no-face".equals(a.json().getString("error"))) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(a.status()).as("check-in answer %s", a.json()).isEqualTo(201);
    return a.json();
  }
}
