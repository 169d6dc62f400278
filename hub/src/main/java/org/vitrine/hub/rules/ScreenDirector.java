package org.vitrine.hub.rules;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.presence.Whereabouts;
import org.vitrine.hub.redis.StoreRepository;

/**
 * Decides what each zone's screens show. Folds zone changes into who-stands-where, asks the
 * {@link RuleEngine} which rules fire, arbitrates deterministically, enforces frequency caps and
 * publishes {@link ScreenCommand}s to the screens. Work for one zone runs strictly in order.
 */
public final class ScreenDirector extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenDirector.class);

  private final StoreRepository repo;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final Clock clock;
  private final Map<String, Stage> stages = new HashMap<>();
  private final Map<String, Map<String, Long>> occupants = new HashMap<>();
  private final Map<String, Long> visits = new HashMap<>();
  private final Map<String, Long> erased = new HashMap<>();
  private final RateLimit warnings = new RateLimit(1000);
  private static final long ERASED_MEMORY_MILLIS = 60_000;
  private final Map<String, Future<?>> chains = new HashMap<>();
  private final AtomicLong playSeq = new AtomicLong();

  public ScreenDirector(StoreRepository repo, CatalogHolder catalog, Counters counters, Clock clock) {
    this.repo = repo;
    this.catalog = catalog;
    this.counters = counters;
    this.clock = clock;
  }

  /** What a zone's screens show now; persisted per screen in vitrine:screen-state. */
  public record StoredPlay(ScreenCommand command, int priority) {
  }

  private static final class Stage {
    StoredPlay current;
    long timer = -1;
  }

  private record Candidate(String shopper, long since, Rule rule) {
  }

  private static final Comparator<Candidate> ARBITRATION = Comparator
      .comparingInt((Candidate c) -> c.rule().then().priority()).reversed()
      .thenComparingLong(Candidate::since)
      .thenComparing(Candidate::shopper)
      .thenComparing(c -> c.rule().id());

  @Override
  public Future<?> start() {
    return Future.all(repo.loadPresence(), repo.loadVisits(), repo.loadScreenStates()).onSuccess(all -> {
      Map<String, String> presence = all.resultAt(0);
      Map<String, String> storedVisits = all.resultAt(1);
      Map<String, String> screenStates = all.resultAt(2);
      presence.forEach((shopper, json) -> {
        Whereabouts w = Json.read(json, Whereabouts.class);
        occupants.computeIfAbsent(w.zone(), z -> new LinkedHashMap<>()).put(shopper, w.since());
      });
      storedVisits.forEach((shopper, n) -> visits.put(shopper, Long.parseLong(n)));
      restoreStages(screenStates);
      vertx.eventBus().<ZoneChange>consumer(Addresses.PRESENCE_CHANGED, m -> onZoneChange(m.body()));
      vertx.eventBus().<String>consumer(Addresses.SCREEN_STATE, this::onStateRequest);
      vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> onErased(m.body().shopper()));
    });
  }

  private void restoreStages(Map<String, String> screenStates) {
    long now = clock.millis();
    screenStates.forEach((screenId, json) -> {
      StoredPlay play = Json.read(json, StoredPlay.class);
      catalog.get().screen(screenId).ifPresent(screen -> {
        Stage stage = stage(screen.zone());
        if (play.command().until() != null && play.command().until() > now && stage.current == null) {
          stage.current = play;
          stage.timer = vertx.setTimer(Math.max(1, play.command().until() - now),
              id -> enqueue(screen.zone(), () -> ended(screen.zone(), play.command().playId())));
          LOG.info("zone {}: resuming '{}' for {} after restart", screen.zone(), play.command().content().id(),
              play.command().reason().shopper());
        }
      });
    });
  }

  private Stage stage(String zone) {
    return stages.computeIfAbsent(zone, z -> new Stage());
  }

  /**
   * Who stands in a zone changes inside that zone's queue, so every decision sees the zone as it
   * was at its own event, not as later, still-queued events will make it (a shopper who left and
   * came back is not served twice, and a re-pick after a departure cannot take a later entry's place).
   */
  private void onZoneChange(ZoneChange c) {
    if (c.from() != null) {
      enqueue(c.from(), () -> {
        Map<String, Long> inZone = occupants.get(c.from());
        if (inZone != null) {
          inZone.remove(c.shopper());
        }
        return left(c.from(), c);
      });
    }
    if (c.to() != null) {
      if (c.from() == null) {
        visits.merge(c.shopper(), 1L, Long::sum);
      }
      enqueue(c.to(), () -> {
        Long erasedAt = erased.get(c.shopper());
        if (erasedAt != null && c.at() <= erasedAt) {
          return Future.succeededFuture(); // queued before "forget me": not theirs to act on any more
        }
        occupants.computeIfAbsent(c.to(), z -> new LinkedHashMap<>()).put(c.shopper(), c.at());
        return entered(c.to(), c);
      });
    }
  }

  /**
   * Erasure: the shopper is no longer in any zone and nothing more is decided for them; a zone
   * showing their content picks again (in the zone's queue, so a decision in flight ends first).
   */
  private void onErased(String shopper) {
    // Remembered only long enough to drop zone changes already queued for them.
    erased.put(shopper, clock.millis());
    vertx.setTimer(ERASED_MEMORY_MILLIS, id -> erased.remove(shopper));
    visits.remove(shopper);
    occupants.values().forEach(inZone -> inZone.remove(shopper));
    stages.forEach((zone, stage) -> enqueue(zone, () -> {
      if (stage.current != null && shopper.equals(stage.current.command().reason().shopper())) {
        return rearbitrate(zone, "shopper-erased", null);
      }
      return Future.succeededFuture();
    }));
  }

  /** Runs zone work strictly in order, even across asynchronous cap checks. */
  private void enqueue(String zone, Supplier<Future<?>> task) {
    Future<?> previous = chains.getOrDefault(zone, Future.succeededFuture());
    Future<?> next = previous.transform(ignored -> {
      try {
        return task.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    next.onFailure(e -> LOG.error("zone {}: decision failed", zone, e));
    chains.put(zone, next);
  }

  private Future<?> entered(String zone, ZoneChange c) {
    Stage stage = stage(zone);
    int threshold = stage.current == null ? 0 : stage.current.priority();
    List<Candidate> candidates = new ArrayList<>();
    Long since = occupants.getOrDefault(zone, Map.of()).get(c.shopper());
    if (since == null) {
      return Future.succeededFuture(); // already gone again
    }
    for (Rule r : rulesFor(c.shopper(), zone)) {
      if (r.then().priority() > threshold) {
        candidates.add(new Candidate(c.shopper(), since, r));
      }
    }
    return tryInOrder(zone, candidates, 0, c.trace(), null);
  }

  private Future<?> left(String zone, ZoneChange c) {
    Stage stage = stage(zone);
    if (stage.current != null && c.shopper().equals(stage.current.command().reason().shopper())) {
      // The departure's trace belongs to the one who left, not to whoever is picked next.
      return rearbitrate(zone, c.to() == null ? "shopper-left-store" : "shopper-left", null);
    }
    return Future.succeededFuture();
  }

  private Future<?> ended(String zone, String playId) {
    Stage stage = stage(zone);
    if (stage.current == null || !stage.current.command().playId().equals(playId)) {
      return Future.succeededFuture();
    }
    stage.timer = -1;
    return rearbitrate(zone, "ended", null);
  }

  /** Picks again among everyone still in the zone; nobody eligible → back to the playlist. */
  private Future<?> rearbitrate(String zone, String cause, String trace) {
    List<Candidate> all = new ArrayList<>();
    occupants.getOrDefault(zone, Map.of()).forEach((shopper, since) -> {
      for (Rule r : rulesFor(shopper, zone)) {
        all.add(new Candidate(shopper, since, r));
      }
    });
    all.sort(ARBITRATION);
    return tryInOrder(zone, all, 0, trace, cause);
  }

  private List<Rule> rulesFor(String shopper, String zone) {
    Catalog cat = catalog.get();
    ShopperProfile profile = cat.shopper(shopper).orElse(null);
    if (profile == null) {
      return List.of();
    }
    long v = visits.getOrDefault(shopper, profile.visits() == null ? 0L : profile.visits());
    LocalTime local = LocalTime.now(clock.withZone(cat.timezone()));
    return RuleEngine.matching(cat.rulesFor(zone), profile, v, zone, local);
  }

  /** Tries candidates best first; the first one under its cap plays. */
  private Future<?> tryInOrder(String zone, List<Candidate> candidates, int i, String trace, String resumeCause) {
    if (i >= candidates.size()) {
      if (resumeCause != null) {
        resume(zone, resumeCause);
      }
      return Future.succeededFuture();
    }
    Candidate c = candidates.get(i);
    Rule.Cap cap = c.rule().capOrDefault();
    return repo.countShowing(c.rule().id(), c.shopper(), cap.perMinutes() * 60_000L)
        .recover(e -> {
          // Without Redis we cannot honour the cap: do not show rather than over-show.
          counters.increment("redis.failed.cap-check");
          if (warnings.allow("cap-check")) {
            LOG.warn("cap check for rule {} failed, skipping it: {} (further failures this second are only counted)",
                c.rule().id(), e.toString());
          }
          return Future.succeededFuture(Long.MAX_VALUE);
        })
        .compose(n -> {
          boolean stillHere = occupants.getOrDefault(zone, Map.of()).containsKey(c.shopper());
          if (!stillHere) {
            // left (or was erased) while the cap was checked: nothing to show them any more
            counters.increment("decisions.gone");
          } else if (n <= cap.times()) {
            if (play(zone, c, trace)) {
              return Future.succeededFuture();
            }
          } else {
            counters.increment("decisions.capped");
          }
          return tryInOrder(zone, candidates, i + 1, trace, resumeCause);
        });
  }

  private boolean play(String zone, Candidate c, String trace) {
    ContentItem content = catalog.get().content(c.rule().then().show()).orElse(null);
    if (content == null) {
      LOG.warn("rule {} shows unknown content '{}': skipped", c.rule().id(), c.rule().then().show());
      return false;
    }
    long now = clock.millis();
    int seconds = c.rule().then().seconds();
    ScreenCommand cmd = ScreenCommand.play("p-" + Long.toString(now, 36) + "-" + playSeq.incrementAndGet(), content,
        seconds, now + seconds * 1000L, new ScreenCommand.Reason("rule", c.rule().id(), c.shopper(), trace, null));
    Stage stage = stage(zone);
    cancelTimer(stage);
    stage.current = new StoredPlay(cmd, c.rule().then().priority());
    stage.timer = vertx.setTimer(seconds * 1000L, id -> enqueue(zone, () -> ended(zone, cmd.playId())));
    Map<String, String> state = new LinkedHashMap<>();
    String json = Json.write(stage.current);
    for (Screen s : catalog.get().screensIn(zone)) {
      vertx.eventBus().publish(Addresses.screen(s.id()), cmd);
      state.put(s.id(), json);
    }
    counters.increment("plays.rule");
    LOG.info("zone {}: showing '{}' for {} (rule {}, {} s)", zone, content.id(), c.shopper(), c.rule().id(), seconds);
    repo.saveScreenStates(state).onFailure(e -> LOG.warn("screen state write failed: {}", e.toString()));
    return true;
  }

  private void resume(String zone, String cause) {
    Stage stage = stage(zone);
    if (stage.current == null) {
      return;
    }
    cancelTimer(stage);
    stage.current = null;
    ScreenCommand cmd = ScreenCommand.resume(cause);
    List<String> ids = new ArrayList<>();
    for (Screen s : catalog.get().screensIn(zone)) {
      vertx.eventBus().publish(Addresses.screen(s.id()), cmd);
      ids.add(s.id());
    }
    LOG.info("zone {}: back to the playlist ({})", zone, cause);
    repo.clearScreenStates(ids).onFailure(e -> LOG.warn("screen state delete failed: {}", e.toString()));
  }

  private void cancelTimer(Stage stage) {
    if (stage.timer >= 0) {
      vertx.cancelTimer(stage.timer);
      stage.timer = -1;
    }
  }

  private void onStateRequest(Message<String> m) {
    Screen screen = catalog.get().screen(m.body()).orElse(null);
    Stage stage = screen == null ? null : stages.get(screen.zone());
    long now = clock.millis();
    if (stage != null && stage.current != null && stage.current.command().until() > now) {
      m.reply(stage.current.command().remainingAt(now));
    } else {
      m.reply(ScreenCommand.resume("none"));
    }
  }
}
