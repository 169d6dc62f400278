package org.vitrine.hub.pairing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.util.Locale;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.CredentialsChanged;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.Paired;
import org.vitrine.hub.redis.Keys;

/**
 * Pairing as Yodeck and Xibo displays do it: a player without a credential shows a short code;
 * an admin types it in the console and picks what the player becomes; the player then receives
 * its own token, which it keeps. Codes live in Redis ({@code vitrine:pairing:<code>}, 10 min), so
 * the admin's hub instance can reach the player's on the event bus.
 */
public final class Pairing {

  /** How long a code is shown before the player gets a new one. */
  public static final long CODE_MILLIS = 10 * 60_000L;
  /** 32 letters and digits that cannot be mistaken for each other (no 0/O, 1/I): 6 of them = 30 bits. */
  static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  static final int LENGTH = 6;

  /** Who waits behind a code: the event-bus address of its socket, and where it connected from. */
  public record Waiting(String kind, String waiter, String from, long at) {
  }

  /** How a claim ended. */
  public enum Outcome { PAIRED, NO_SUCH_CODE, WRONG_KIND, PLAYER_GONE }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Redis redis;
  private final Credentials credentials;

  public Pairing(Vertx vertx, Redis redis, Credentials credentials) {
    this.vertx = vertx;
    this.redis = redis;
    this.credentials = credentials;
  }

  static String newCode() {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** A code as typed ("k7p-4qx", "K7P 4QX") in its stored form, or null when it cannot be one. */
  public static String normalise(String typed) {
    if (typed == null) {
      return null;
    }
    String c = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
    if (c.length() != LENGTH) {
      return null;
    }
    for (int i = 0; i < c.length(); i++) {
      if (ALPHABET.indexOf(c.charAt(i)) < 0) {
        return null;
      }
    }
    return c;
  }

  /** A fresh code for a player (kind screen or speaker) waiting on {@link Addresses#pairing}{@code (waiter)}. */
  public Future<String> open(String kind, String waiter, String from) {
    return open(kind, waiter, from, 5);
  }

  private Future<String> open(String kind, String waiter, String from, int tries) {
    String code = newCode();
    String value = Json.write(new Waiting(kind, waiter, from, System.currentTimeMillis()));
    return redis.send(Request.cmd(Command.SET).arg(Keys.pairingCode(code)).arg(value).arg("NX").arg("PX").arg(CODE_MILLIS))
        .compose(r -> r != null ? Future.succeededFuture(code)
            : tries > 1 ? open(kind, waiter, from, tries - 1)
            : Future.failedFuture(new IllegalStateException("no free pairing code")));
  }

  /** The player went away: its code goes. */
  public Future<Void> close(String code) {
    return redis.send(Request.cmd(Command.DEL).arg(Keys.pairingCode(code))).mapEmpty();
  }

  /**
   * Makes the player showing {@code code} the {@code kind} {@code id}: the player gets a new token
   * first (it acknowledges having it), then its hash is stored, replacing an earlier credential
   * (whose live sockets close). A code works once.
   */
  public Future<Outcome> claim(String code, String kind, String id, String by) {
    return redis.send(Request.cmd(Command.GET).arg(Keys.pairingCode(code))).compose(r -> {
      if (r == null) {
        return Future.succeededFuture(Outcome.NO_SUCH_CODE);
      }
      Waiting w = Json.read(r.toString(), Waiting.class);
      if (!w.kind().equals(kind)) {
        return Future.succeededFuture(Outcome.WRONG_KIND);
      }
      return redis.send(Request.cmd(Command.DEL).arg(Keys.pairingCode(code))).compose(deleted -> {
        if (deleted.toLong() == 0) {
          return Future.succeededFuture(Outcome.NO_SUCH_CODE); // claimed by someone else a moment ago
        }
        String token = Credentials.newToken();
        // stored before it is handed over, so the player's first hello with it is accepted; put
        // back as it was when the player is gone by then
        return credentials.raw(kind, id).compose(before -> credentials.store(kind, id, token, by)
            .compose(t -> vertx.eventBus().request(Addresses.pairing(w.waiter()), new Paired(kind, id, token),
                new DeliveryOptions().setSendTimeout(5000)))
            .transform(ar -> {
              if (ar.failed()) {
                return credentials.restore(kind, id, before).map(Outcome.PLAYER_GONE);
              }
              vertx.eventBus().publish(Addresses.CREDENTIALS_CHANGED, new CredentialsChanged(kind, id, System.currentTimeMillis()));
              return Future.succeededFuture(Outcome.PAIRED);
            }));
      });
    });
  }
}
