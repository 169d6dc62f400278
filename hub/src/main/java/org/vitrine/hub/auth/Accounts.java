package org.vitrine.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Responses;

/**
 * Console users in Redis ({@code vitrine:users}), passwords hashed with PBKDF2 (Vert.x auth's
 * hashing strategy). Hashing costs tens of milliseconds on purpose, so it runs on a worker thread.
 */
public final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
  private static final String ALGORITHM = "pbkdf2";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Redis redis;
  private final HashingStrategy hashing = HashingStrategy.load();

  public Accounts(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /**
   * The first users of a fresh store (no users at all; one instance of several does it). Demo mode
   * ({@code VITRINE_DEMO=on}, set by {@code ./vitrine run}): admin/admin, editor/editor,
   * viewer/viewer. Otherwise the passwords configured (VITRINE_ADMIN_PASSWORD and its siblings; a
   * user whose password is not configured is not made), and an admin with a generated password
   * when none is configured. Returns that generated password, to be shown once, or null.
   */
  public Future<String> ensureFirstUsers(HubConfig.Console conf, boolean demo) {
    return list().compose(existing -> {
      if (!existing.isEmpty()) {
        return Future.succeededFuture((String) null);
      }
      return redis.send(Request.cmd(Command.HSETNX).arg(Keys.META).arg("firstUsersAt").arg(System.currentTimeMillis()))
          .compose(won -> won.toLong() == 1 ? firstUsers(conf, demo) : Future.succeededFuture((String) null));
    });
  }

  private Future<String> firstUsers(HubConfig.Console conf, boolean demo) {
    if (demo) {
      LOG.warn("demo mode (VITRINE_DEMO=on): console users admin/admin, editor/editor, viewer/viewer created; "
          + "never run a real store in demo mode");
      return Future.all(save("admin", Role.ADMIN, "admin"), save("editor", Role.EDITOR, "editor"),
          save("viewer", Role.VIEWER, "viewer")).map((String) null);
    }
    String generated = conf.adminPassword == null ? newPassword() : null;
    List<Future<Account>> made = new java.util.ArrayList<>();
    made.add(save("admin", Role.ADMIN, generated != null ? generated : conf.adminPassword));
    if (conf.editorPassword != null) {
      made.add(save("editor", Role.EDITOR, conf.editorPassword));
    }
    if (conf.viewerPassword != null) {
      made.add(save("viewer", Role.VIEWER, conf.viewerPassword));
    }
    return Future.all(made).map(generated);
  }

  /** 20 characters of base64url: 120 bits, typed once, then changed in the console. */
  static String newPassword() {
    byte[] b = new byte[15];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public Future<List<Account>> list() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.USERS)).map(r -> Responses.asMap(r).values().stream()
        .map(json -> Json.read(json, Account.class)).sorted(Comparator.comparing(Account::username)).toList());
  }

  public Future<Account> get(String username) {
    return redis.send(Request.cmd(Command.HGET).arg(Keys.USERS).arg(username))
        .map(r -> r == null ? null : Json.read(r.toString(), Account.class));
  }

  /** Creates or replaces a user; a null password keeps the stored hash. */
  public Future<Account> save(String username, Role role, String password) {
    return get(username).compose(old -> {
      Future<String> hash = password == null ? Future.succeededFuture(old == null ? null : old.passwordHash())
          : vertx.executeBlocking(() -> hashing.hash(ALGORITHM, Map.of(), salt(), password), false);
      return hash.compose(h -> {
        Account a = new Account(username, role.id(), h, old == null || old.createdAt() == null ? System.currentTimeMillis() : old.createdAt());
        return redis.send(Request.cmd(Command.HSET).arg(Keys.USERS).arg(username).arg(Json.write(a))).map(a);
      });
    });
  }

  public Future<Boolean> delete(String username) {
    return redis.send(Request.cmd(Command.HDEL).arg(Keys.USERS).arg(username)).map(r -> r.toLong() > 0);
  }

  /** The account if the password is right, else null (also for unknown users, after the same work). */
  public Future<Account> verify(String username, String password) {
    return get(username).compose(a -> vertx.executeBlocking(() -> {
      if (a == null || a.passwordHash() == null) {
        hashing.hash(ALGORITHM, Map.of(), salt(), password); // same cost: timing does not reveal who exists
        return null;
      }
      return hashing.verify(a.passwordHash(), password) ? a : null;
    }, false));
  }

  private static String salt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return Base64.getEncoder().encodeToString(salt);
  }
}
