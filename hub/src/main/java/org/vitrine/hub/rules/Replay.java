package org.vitrine.hub.rules;

import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.events.StoreEvent;

/**
 * Recorded store events (the event log) played against a rule set: which rules would have fired,
 * shown, been capped, on which screens. Pure and in memory: the same {@link Arbiter} as live, with
 * caps in memory, dwell and play ends timed from the events' timestamps. Anonymous people are not
 * in the log, so minPeople/maxPeople count recognised shoppers only; recognised shoppers count as
 * checked in.
 */
public final class Replay {

  public record RuleStats(String rule, long fired, long shown, long capped, Map<String, Long> screens) {
  }

  public record Result(int events, long from, long to, List<RuleStats> rules) {
  }

  private Replay() {
  }

  private static final class Stats {
    long fired;
    long shown;
    long capped;
    final Map<String, Long> screens = new TreeMap<>();
  }

  private record Timed(long at, long seq, Supplier<Future<Void>> task) {
  }

  /**
   * @param events in time order: enter, leave, touch, pickup, checkin, voice (dwell is derived here)
   * @param visits the shoppers' visit counts before the first event
   */
  public static Result run(RuleBook book, Catalog catalog, List<StoreEvent> events, Map<String, Long> visits, ZoneId timezone) {
    return new Simulation(book, catalog, timezone, visits).play(events);
  }

  private static final class Simulation implements Arbiter.World {
    private final RuleBook book;
    private final Catalog catalog;
    private final ZoneId timezone;
    private final Arbiter arbiter = new Arbiter(this);
    private final MemoryCaps caps = new MemoryCaps();
    private final Map<String, Stats> stats = new LinkedHashMap<>();
    private final Map<String, String> whereIs = new HashMap<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>(
        Comparator.comparingLong(Timed::at).thenComparingLong(Timed::seq));
    private long seq;

    Simulation(RuleBook book, Catalog catalog, ZoneId timezone, Map<String, Long> visits) {
      this.book = book;
      this.catalog = catalog;
      this.timezone = timezone == null ? catalog.timezone() : timezone;
      book.all().forEach(r -> stats.put(r.id(), new Stats()));
      if (visits != null) {
        visits.forEach(arbiter::setVisits);
      }
    }

    Result play(List<StoreEvent> events) {
      long from = events.isEmpty() ? 0 : events.get(0).at();
      long to = events.isEmpty() ? 0 : events.get(events.size() - 1).at();
      for (StoreEvent e : events) {
        runTimersUntil(e.at());
        handle(e);
      }
      runTimersUntil(to);
      List<RuleStats> out = new ArrayList<>();
      stats.forEach((id, s) -> out.add(new RuleStats(id, s.fired, s.shown, s.capped, s.screens)));
      return new Result(events.size(), from, to, out);
    }

    private void handle(StoreEvent e) {
      String zone = e.zone();
      if (zone == null && e.screen() != null) {
        zone = catalog.screen(e.screen()).map(s -> s.zone()).orElse(null);
      }
      if (zone == null || e.type() == null) {
        return;
      }
      String z = zone;
      switch (e.type()) {
        case Rule.ENTER -> {
          if (e.shopper() == null) {
            return;
          }
          String was = whereIs.get(e.shopper());
          if (was == null) {
            arbiter.countVisit(e.shopper()); // coming into the store
          } else if (!was.equals(z)) {
            leave(was, e.shopper(), e.at(), null); // the log missed the leave: the move implies it
          } else {
            return; // already there
          }
          whereIs.put(e.shopper(), z);
          arbiter.entered(z, e.shopper(), e.at());
          for (int s : book.dwellSecondsFor(z)) {
            long since = e.at();
            schedule(e.at() + s * 1000L, () -> java.util.Objects.equals(arbiter.since(z, e.shopper()), since)
                ? arbiter.onEvent(RuleEngine.dwell(z, e.shopper(), e.device(), s, since + s * 1000L, null), since + s * 1000L)
                : Future.succeededFuture());
          }
          complete(arbiter.onEvent(e, e.at()));
        }
        case Rule.LEAVE -> {
          if (e.shopper() != null && z.equals(whereIs.get(e.shopper()))) {
            leave(z, e.shopper(), e.at(), e);
          }
        }
        case Rule.DWELL -> {
          // derived from enter times here; a logged dwell would count twice
        }
        default -> complete(arbiter.onEvent(z.equals(e.zone()) ? e : new StoreEvent(e.type(), z, e.shopper(), e.device(),
            e.screen(), e.intent(), e.product(), e.slots(), e.at(), e.trace()), e.at()));
      }
    }

    private void leave(String zone, String shopper, long at, StoreEvent logged) {
      whereIs.remove(shopper);
      complete(arbiter.shopperLeft(zone, shopper, "shopper-left", at));
      StoreEvent e = logged != null ? logged
          : new StoreEvent(Rule.LEAVE, zone, shopper, null, null, null, null, null, at, null);
      complete(arbiter.onEvent(e, at));
    }

    private void schedule(long at, Supplier<Future<Void>> task) {
      timers.add(new Timed(at, seq++, task));
    }

    private void runTimersUntil(long t) {
      while (!timers.isEmpty() && timers.peek().at() <= t) {
        complete(timers.poll().task().get());
      }
    }

    /** Everything here answers at once; a future left pending would be a bug in the simulation. */
    private static void complete(Future<?> f) {
      if (!f.isComplete()) {
        throw new IllegalStateException("replay step did not complete synchronously");
      }
      if (f.failed()) {
        throw new IllegalStateException("replay step failed", f.cause());
      }
    }

    private Stats stats(String rule) {
      return stats.computeIfAbsent(rule, id -> new Stats());
    }

    @Override
    public Catalog catalog() {
      return catalog;
    }

    @Override
    public RuleBook book() {
      return book;
    }

    @Override
    public ZoneId timezone() {
      return timezone;
    }

    @Override
    public Future<CapVerdict> take(Rule rule, String shopperKey, long now) {
      return Future.succeededFuture(caps.take(rule, shopperKey, now));
    }

    @Override
    public Future<Boolean> consent(String shopper) {
      return Future.succeededFuture(catalog.shopper(shopper).isPresent() ? Boolean.TRUE : null);
    }

    @Override
    public int anonymousIn(String zone, long now) {
      return 0;
    }

    @Override
    public boolean playable(String content) {
      return true;
    }

    @Override
    public String newPlayId(long now) {
      return "r-" + seq++;
    }

    @Override
    public void started(ScreenStage stage, Showing s) {
      Stats st = stats(s.rule());
      st.shown++;
      st.screens.merge(stage.screen(), 1L, Long::sum);
      String zone = stage.zone();
      schedule(s.until(), () -> arbiter.ended(zone, s.playId(), s.until()));
    }

    @Override
    public void stopped(ScreenStage stage, Showing was, String cause) {
    }

    @Override
    public void effects(Rule rule, String zone, String shopper, long now, String trace) {
    }

    @Override
    public void note(Rule rule, String what, CapVerdict verdict) {
      if ("fired".equals(what)) {
        stats(rule.id()).fired++;
      } else if ("capped".equals(what)) {
        stats(rule.id()).capped++;
      }
    }
  }
}
