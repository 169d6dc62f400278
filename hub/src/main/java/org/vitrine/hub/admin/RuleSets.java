package org.vitrine.hub.admin;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.rules.Rule;

/**
 * The live rule set, the operators' draft and the published versions in Redis. The draft is one
 * JSON document (absent = no unpublished changes); publishing archives the rules it replaces, so
 * any version can be brought back.
 */
public final class RuleSets {

  /** How many published versions are kept. */
  static final int KEEP_VERSIONS = 50;

  private final Redis redis;

  public RuleSets(Redis redis) {
    this.redis = redis;
  }

  /** The draft being edited: {@code changed} false means it equals the live rules. */
  public record Draft(List<Rule> rules, boolean changed, Long basedOn) {
  }

  /** One published rule set. */
  public record Version(long version, long publishedAt, String by, String note, Integer count, List<Rule> rules) {

    Version summary() {
      return new Version(version, publishedAt, by, note, rules == null ? count : rules.size(), null);
    }
  }

  public Future<Draft> draft(Collection<Rule> live) {
    return Future.all(redis.send(Request.cmd(Command.GET).arg(Keys.RULES_DRAFT)),
            redis.send(Request.cmd(Command.HGET).arg(Keys.META).arg("rulesVersion")))
        .map(all -> {
          Response stored = all.resultAt(0);
          Response version = all.resultAt(1);
          Long basedOn = version == null ? null : version.toLong();
          if (stored == null) {
            return new Draft(sorted(live), false, basedOn);
          }
          return Json.read(stored.toString(), Draft.class);
        });
  }

  public Future<Void> saveDraft(List<Rule> rules, Long basedOn) {
    return redis.send(Request.cmd(Command.SET).arg(Keys.RULES_DRAFT).arg(Json.write(new Draft(sorted(rules), true, basedOn))))
        .mapEmpty();
  }

  public Future<Void> discardDraft() {
    return redis.send(Request.cmd(Command.DEL).arg(Keys.RULES_DRAFT)).mapEmpty();
  }

  /** Makes {@code rules} live, archives them as a new version and clears the draft, atomically. */
  public Future<Long> publish(List<Rule> rules, String by, String note) {
    return redis.send(Request.cmd(Command.HINCRBY).arg(Keys.META).arg("rulesVersion").arg(1)).compose(v -> {
      long version = v.toLong();
      List<Request> batch = new ArrayList<>();
      batch.add(Request.cmd(Command.MULTI));
      batch.add(Request.cmd(Command.DEL).arg(Keys.RULES));
      if (!rules.isEmpty()) {
        Request hset = Request.cmd(Command.HSET).arg(Keys.RULES);
        rules.forEach(r -> hset.arg(r.id()).arg(Json.write(r)));
        batch.add(hset);
      }
      batch.add(Request.cmd(Command.LPUSH).arg(Keys.RULES_VERSIONS)
          .arg(Json.write(new Version(version, System.currentTimeMillis(), by, note, rules.size(), sorted(rules)))));
      batch.add(Request.cmd(Command.LTRIM).arg(Keys.RULES_VERSIONS).arg(0).arg(KEEP_VERSIONS - 1));
      batch.add(Request.cmd(Command.DEL).arg(Keys.RULES_DRAFT));
      batch.add(Request.cmd(Command.EXEC));
      return redis.batch(batch).map(version);
    });
  }

  /** Newest first, without their rules. */
  public Future<List<Version>> versions() {
    return all().map(list -> list.stream().map(Version::summary).toList());
  }

  public Future<Version> version(long version) {
    return all().map(list -> list.stream().filter(v -> v.version() == version).findFirst().orElse(null));
  }

  private Future<List<Version>> all() {
    return redis.send(Request.cmd(Command.LRANGE).arg(Keys.RULES_VERSIONS).arg(0).arg(-1)).map(r -> {
      List<Version> out = new ArrayList<>();
      for (Response item : r) {
        out.add(Json.read(item.toString(), Version.class));
      }
      return out;
    });
  }

  static List<Rule> sorted(Collection<Rule> rules) {
    return rules.stream().sorted(java.util.Comparator.comparing(Rule::id)).toList();
  }
}
