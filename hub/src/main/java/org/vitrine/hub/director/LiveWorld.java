package org.vitrine.hub.director;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.rules.Arbiter;
import org.vitrine.hub.rules.CapVerdict;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleBook;
import org.vitrine.hub.rules.ScreenStage;
import org.vitrine.hub.rules.Showing;
import org.vitrine.hub.rules.ZoneCrowd;

/**
 * The {@link Arbiter}'s world while the store runs: the catalog as swapped now, caps in Redis
 * ({@link RedisCaps}: skipped when Redis cannot answer, never over-shown), live consent, the
 * anonymous crowd, and the decisions carried out: screen commands, the console's map, play-end
 * timers, a rule's say / mqtt / notify ({@link RuleActions}), counters.
 */
final class LiveWorld implements Arbiter.World {

  private static final Logger LOG = LoggerFactory.getLogger(LiveWorld.class);
  private static final long REMOVED_CONTENT_MEMORY_MILLIS = 60_000;

  /** A play's time is up (its timer fired): the zone's screens move on. */
  interface PlayEnded {
    void ended(String zone, String playId);
  }

  private final Vertx vertx;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final Clock clock;
  private final RedisCaps caps;
  private final Function<String, Future<Boolean>> consent;
  private final ScreenCommands commands;
  private final RuleActions actions;
  private final PlayEnded playEnded;
  private final ZoneCrowd crowd = new ZoneCrowd();
  private final Map<String, Long> removedContent = new HashMap<>();
  private final Map<String, Long> playTimers = new HashMap<>();
  private final RateLimit warnings = new RateLimit(1000);
  private final AtomicLong playSeq = new AtomicLong();

  LiveWorld(Vertx vertx, CatalogHolder catalog, Counters counters, Clock clock, RedisCaps caps,
      Function<String, Future<Boolean>> consent, ScreenCommands commands, RuleActions actions, PlayEnded playEnded) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.counters = counters;
    this.clock = clock;
    this.caps = caps;
    this.consent = consent;
    this.commands = commands;
    this.actions = actions;
    this.playEnded = playEnded;
  }

  /** An anonymous track seen in a zone: people count towards minPeople/maxPeople. */
  void anonymousSeen(String zone, String track, long at) {
    crowd.seen(zone, track, at);
  }

  /** Deleted content is not started again while the catalog catches up. */
  void contentRemoved(String content) {
    removedContent.put(content, clock.millis());
    vertx.setTimer(REMOVED_CONTENT_MEMORY_MILLIS, id -> removedContent.remove(content));
  }

  /** Arms the end of a play (once per play id). */
  void armEnd(String zone, String playId, long inMillis) {
    if (playTimers.containsKey(playId)) {
      return;
    }
    playTimers.put(playId, vertx.setTimer(Math.max(1, inMillis), id -> {
      playTimers.remove(playId);
      playEnded.ended(zone, playId);
    }));
  }

  @Override
  public Catalog catalog() {
    return catalog.get();
  }

  @Override
  public RuleBook book() {
    return catalog.get().ruleBook();
  }

  @Override
  public ZoneId timezone() {
    return catalog.get().timezone();
  }

  @Override
  public Future<CapVerdict> take(Rule rule, String shopperKey, long now) {
    return caps.take(rule, shopperKey).recover(e -> {
      // Without Redis we cannot honour the cap: do not show rather than over-show.
      counters.increment("redis.failed.cap-check");
      if (warnings.allow("cap-check")) {
        LOG.warn("cap check for rule {} failed, skipping it: {} (further failures this second are only counted)",
            rule.id(), e.toString());
      }
      return Future.succeededFuture(CapVerdict.UNKNOWN);
    });
  }

  @Override
  public Future<Boolean> consent(String shopper) {
    return consent.apply(shopper);
  }

  @Override
  public int anonymousIn(String zone, long now) {
    return crowd.count(zone, now);
  }

  @Override
  public boolean playable(String content) {
    return !removedContent.containsKey(content);
  }

  @Override
  public String newPlayId(long now) {
    return "p-" + Long.toString(now, 36) + "-" + playSeq.incrementAndGet();
  }

  @Override
  public void started(ScreenStage stage, Showing s) {
    ContentItem content = catalog.get().content(s.content()).orElse(null);
    ScreenCommand cmd = ScreenCommand.play(s.playId(), content, s.seconds(), s.until(),
        new ScreenCommand.Reason("rule", s.rule(), s.shopper(), s.trace(), null));
    commands.send(stage.screen(), cmd, s.priority());
    vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(stage.screen(), stage.zone(), s.content(),
        content == null ? null : content.title(), "rule", s.rule(), s.shopper(), s.startedAt()));
    armEnd(stage.zone(), s.playId(), s.until() - s.startedAt());
    counters.increment("plays.rule");
    LOG.info("screen {}: showing '{}' for {} (rule {}, {} s)", stage.screen(), s.content(), s.shopper(), s.rule(), s.seconds());
  }

  @Override
  public void stopped(ScreenStage stage, Showing was, String cause) {
    ScreenCommand current = commands.current(stage.screen());
    if (current != null && was != null && !Objects.equals(current.playId(), was.playId())) {
      // a voice answer came after this play and shows now: the play's end must not cut it short
      return;
    }
    vertx.eventBus().publish(Addresses.screen(stage.screen()), ScreenCommand.resume(cause));
    commands.playlistAgain(stage.screen(), stage.zone());
    LOG.info("screen {}: back to the playlist ({})", stage.screen(), cause);
  }

  @Override
  public void effects(Rule rule, String zone, String shopper, long now, String trace) {
    actions.carryOut(rule, zone, shopper, now);
  }

  @Override
  public void note(Rule rule, String what, CapVerdict verdict) {
    switch (what) {
      case "capped", "recapped" -> counters.increment(verdict == CapVerdict.RULE_CAP ? "decisions.rulecapped"
          : verdict == CapVerdict.COOLDOWN ? "decisions.cooldown" : "decisions.capped");
      case "gone" -> counters.increment("decisions.gone");
      case "no-content" -> {
        if (warnings.allow("no-content:" + rule.id())) {
          LOG.warn("rule {} shows unknown content '{}': skipped", rule.id(), rule.then().show());
        }
      }
      default -> {
      }
    }
  }
}
