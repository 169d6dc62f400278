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
import org.vitrine.hub.redis.StoreRepository;

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

  /** Creates admin, editor and viewer while there are no users at all (a fresh store). */
  public Future<Void> ensureFirstUsers(HubConfig.Console conf) {
    return list().compose(existing -> {
      if (!existing.isEmpty()) {
        return Future.succeededFuture();
      }
      if (conf.adminPassword.equals("admin")) {
        LOG.warn("console users created with the demo passwords (admin/admin, editor/editor, viewer/viewer): "
            + "change them in the console or set VITRINE_ADMIN_PASSWORD etc. before a real store uses this hub");
      }
      return Future.all(
          save("admin", Role.ADMIN, conf.adminPassword),
          save("editor", Role.EDITOR, conf.editorPassword),
          save("viewer", Role.VIEWER, conf.viewerPassword)).mapEmpty();
    });
  }

  public Future<List<Account>> list() {
    return redis.send(Request.cmd(Command.HGETALL).arg(Keys.USERS)).map(r -> StoreRepository.asMap(r).values().stream()
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
