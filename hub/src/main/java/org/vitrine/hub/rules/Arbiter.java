package org.vitrine.hub.rules;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.StoreEvent;

/**
 * The decisions about screens, with no I/O of its own: who stands where, what each screen shows
 * and what waits, which rule wins a screen. Everything outside (caps, consent, pushing to screens,
 * timers) goes through {@link World}, so the live director ({@code director.ScreenDirector}) and {@link Replay} make the
 * same decisions from the same events. Not thread-safe: one zone's calls must come one after another.
 *
 * <p>Each decision reads the world's catalog, rule book and timezone once ({@link Snapshot}) and
 * uses that snapshot throughout, also after a cap or consent check answered later: a catalog
 * swapped meanwhile is the next decision's.
 */
public final class Arbiter {

  /** Shopper key of caps for anonymous events (touch, pickup without a shopper). */
  public static final String ANONYMOUS = "anon";

  /** What the arbiter needs from outside. Futures may complete at once (replay) or later (Redis). */
  public interface World {
    Catalog catalog();

    RuleBook book();

    /** The store's timezone (times of day, weekdays, validity). */
    java.time.ZoneId timezone();

    /** Checks and counts the rule's caps for one shopper key. */
    Future<CapVerdict> take(Rule rule, String shopperKey, long now);

    /** Live consent of a shopper; null when unknown. */
    Future<Boolean> consent(String shopper);

    /** Anonymous people seen in the zone lately. */
    int anonymousIn(String zone, long now);

    /** False for content that must not start (deleted a moment ago). */
    boolean playable(String content);

    String newPlayId(long now);

    /** A screen starts a rule's content. */
    void started(ScreenStage stage, Showing showing);

    /** A screen goes back to its playlist. */
    void stopped(ScreenStage stage, Showing was, String cause);

    /** The rule's say / mqtt / notify. */
    void effects(Rule rule, String zone, String shopper, long now, String trace);

    /** For counters and statistics: "fired", "capped" (an event's rule), "recapped" (a re-pick's), "gone", "no-content". */
    void note(Rule rule, String what, CapVerdict verdict);
  }

  /** A shopper in a zone a standing rule could serve (re-picks): ranked by priority, time in the zone, id. */
  record Candidate(String shopper, long since, Rule rule) {
  }

  static final Comparator<Candidate> ORDER = Comparator
      .comparingInt((Candidate c) -> c.rule().priorityOrZero()).reversed()
      .thenComparingLong(Candidate::since)
      .thenComparing(Candidate::shopper)
      .thenComparing(c -> c.rule().id());

  /** What one decision reads of the world, taken once at its start. */
  record Snapshot(Catalog catalog, RuleBook book, java.time.ZoneId timezone) {
  }

  /** One rule ready to act for one shopper on some screens. */
  private record Offer(Rule rule, String shopper, boolean bound, boolean mustBePresent, String trace,
      List<String> targets, boolean withEffects) {
  }

  private final World world;
  private final Map<String, ScreenStage> stages = new HashMap<>();
  private final Map<String, LinkedHashMap<String, Long>> occupants = new HashMap<>();
  private final Map<String, Long> visits = new HashMap<>();

  public Arbiter(World world) {
    this.world = world;
  }

  // ---- who is where -----------------------------------------------------------------------------

  public void entered(String zone, String shopper, long since) {
    occupants.computeIfAbsent(zone, z -> new LinkedHashMap<>()).put(shopper, since);
  }

  public void left(String zone, String shopper) {
    Map<String, Long> in = occupants.get(zone);
    if (in != null) {
      in.remove(shopper);
    }
  }

  public boolean present(String zone, String shopper) {
    return shopper != null && occupants.getOrDefault(zone, new LinkedHashMap<>()).containsKey(shopper);
  }

  public Long since(String zone, String shopper) {
    return occupants.getOrDefault(zone, new LinkedHashMap<>()).get(shopper);
  }

  public Map<String, Long> occupants(String zone) {
    return occupants.getOrDefault(zone, new LinkedHashMap<>());
  }

  public Set<String> occupiedZones() {
    return occupants.keySet();
  }

  public void setVisits(String shopper, long n) {
    visits.put(shopper, n);
  }

  public void countVisit(String shopper) {
    visits.merge(shopper, 1L, Long::sum);
  }

  /** Erasure: nobody by that id is anywhere any more; their visit count goes with their loyalty profile only. */
  public void forget(String shopper, boolean profile) {
    if (profile) {
      visits.remove(shopper);
    }
    occupants.values().forEach(in -> in.remove(shopper));
  }

  public ScreenStage stage(Screen s) {
    ScreenStage st = stages.get(s.id());
    if (st == null || !st.zone().equals(s.zone())) {
      st = new ScreenStage(s.id(), s.zone()); // new, or moved to another zone: what it showed there is over
      stages.put(s.id(), st);
    }
    return st;
  }

  public ScreenStage stageOf(String screen) {
    return stages.get(screen);
  }

  public Collection<ScreenStage> stages() {
    return stages.values();
  }

  private Snapshot snapshot() {
    return new Snapshot(world.catalog(), world.book(), world.timezone());
  }

  private List<ScreenStage> stagesIn(Snapshot d, String zone) {
    List<ScreenStage> out = new ArrayList<>();
    for (Screen s : d.catalog().screensIn(zone)) {
      out.add(stage(s));
    }
    return out;
  }

  // ---- facts ------------------------------------------------------------------------------------

  private RuleEngine.Facts facts(Snapshot d, String shopper, String zone, Boolean consent, long now) {
    ShopperProfile p = d.catalog().shopper(shopper).orElse(null);
    long v = shopper == null ? 0 : visits.getOrDefault(shopper, p == null || p.visits() == null ? 0L : p.visits());
    int people = occupants(zone).size() + world.anonymousIn(zone, now);
    return new RuleEngine.Facts(p, v, consent, people, ZonedDateTime.ofInstant(Instant.ofEpochMilli(now), d.timezone()));
  }

  // ---- events -----------------------------------------------------------------------------------

  /** A store event (enter, dwell, leave, touch, pickup, checkin, voice): the rules it fires act. */
  public Future<Void> onEvent(StoreEvent e, long now) {
    Snapshot d = snapshot();
    List<Rule> candidates = d.book().candidates(e.type(), e.zone());
    if (candidates.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Boolean> consent = e.shopper() != null && d.book().asksConsent(e.type(), e.zone())
        ? world.consent(e.shopper()).recover(x -> Future.succeededFuture(null)) : Future.succeededFuture(null);
    return consent.compose(c -> {
      List<Rule> matched = RuleEngine.matching(d.book(), e, facts(d, e.shopper(), e.zone(), c, now));
      boolean bound = e.shopper() != null && !Rule.LEAVE.equals(e.type());
      boolean mustBePresent = Rule.ENTER.equals(e.type()) || Rule.DWELL.equals(e.type());
      List<Offer> offers = new ArrayList<>(matched.size());
      for (Rule r : matched) {
        offers.add(new Offer(r, e.shopper(), bound, mustBePresent, e.trace(),
            Targets.of(r, d.catalog(), e.zone(), e.device(), e.screen()), true));
      }
      return decide(d, e.zone(), offers, 0, new HashSet<>(), null, now);
    });
  }

  /** A play's time is up: its screens start what waits for them, or pick again. */
  public Future<Void> ended(String zone, String playId, long now) {
    return release(snapshot(), zone, s -> s.playId().equals(playId), "ended", now);
  }

  /** A shopper left the zone: screens playing for them (bound plays) pick again; their queued plays go. */
  public Future<Void> shopperLeft(String zone, String shopper, String cause, long now) {
    left(zone, shopper);
    Snapshot d = snapshot();
    for (ScreenStage st : stagesIn(d, zone)) {
      st.dropQueued(p -> p.bound() && shopper.equals(p.shopper()));
    }
    return release(d, zone, s -> s.bound() && shopper.equals(s.shopper()), cause, now);
  }

  /** Stops what matches on the zone's screens (erasure, removed content, a changed rule) and picks again. */
  public Future<Void> stopWhere(String zone, Predicate<Showing> which, Predicate<ScreenStage.Pending> queued,
      String cause, long now) {
    Snapshot d = snapshot();
    for (ScreenStage st : stagesIn(d, zone)) {
      st.dropQueued(queued);
    }
    return release(d, zone, which, cause, now);
  }

  /** Rules just published: the shoppers standing in the zone get them as if they had just walked in. */
  public Future<Void> reconsider(String zone, Set<String> ruleIds, long now) {
    Snapshot d = snapshot();
    return standing(d, zone, now, r -> ruleIds.contains(r.id())).compose(cands -> {
      List<Offer> offers = new ArrayList<>();
      for (Candidate c : cands) {
        offers.add(new Offer(c.rule(), c.shopper(), true, true, null,
            Targets.of(c.rule(), d.catalog(), zone, null, null), true));
      }
      return decide(d, zone, offers, 0, new HashSet<>(), null, now);
    });
  }

  private Future<Void> release(Snapshot d, String zone, Predicate<Showing> which, String cause, long now) {
    List<ScreenStage> open = new ArrayList<>();
    Map<ScreenStage, Showing> was = new LinkedHashMap<>();
    for (ScreenStage st : stagesIn(d, zone)) {
      Showing s = st.current();
      if (s == null || !which.test(s)) {
        continue;
      }
      st.clear();
      ScreenStage.Pending next = st.nextQueued(sh -> present(zone, sh));
      while (next != null && !startQueued(d, st, next, now)) {
        next = st.nextQueued(sh -> present(zone, sh));
      }
      if (next == null) {
        open.add(st);
        was.put(st, s);
      }
    }
    return repick(d, zone, open, now).andThen(v -> {
      for (ScreenStage st : open) {
        if (st.current() == null) {
          world.stopped(st, was.get(st), cause);
        }
      }
    });
  }

  /** Among everyone still in the zone, the best standing rule for the open screens; none → playlist. */
  private Future<Void> repick(Snapshot d, String zone, List<ScreenStage> open, long now) {
    if (open.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<String> openIds = new HashSet<>();
    open.forEach(st -> openIds.add(st.screen()));
    return standing(d, zone, now, Rule::shows).compose(cands -> {
      List<Offer> offers = new ArrayList<>();
      for (Candidate c : cands) {
        // a re-pick shows again; what it says or sends belonged to its event
        offers.add(new Offer(c.rule(), c.shopper(), true, true, null,
            Targets.of(c.rule(), d.catalog(), zone, null, null), false));
      }
      return decide(d, zone, offers, 0, new HashSet<>(), openIds, now);
    });
  }

  /** The enter rules (and dwell rules whose time has come) that the zone's occupants meet now, best first. */
  private Future<List<Candidate>> standing(Snapshot d, String zone, long now, Predicate<Rule> keep) {
    Map<String, Long> in = new LinkedHashMap<>(occupants(zone));
    RuleBook book = d.book();
    List<Rule> enter = book.candidates(Rule.ENTER, zone);
    List<Rule> dwell = book.candidates(Rule.DWELL, zone);
    if (in.isEmpty() || (enter.isEmpty() && dwell.isEmpty())) {
      return Future.succeededFuture(List.of());
    }
    boolean asks = book.asksConsent(Rule.ENTER, zone) || book.asksConsent(Rule.DWELL, zone);
    List<String> shoppers = new ArrayList<>(in.keySet());
    List<Future<Boolean>> consents = new ArrayList<>();
    for (String s : shoppers) {
      consents.add(asks ? world.consent(s).recover(x -> Future.succeededFuture(null)) : Future.succeededFuture(null));
    }
    return Future.join(consents).transform(ignored -> {
      List<Candidate> out = new ArrayList<>();
      int[] thresholds = book.dwellSecondsFor(zone);
      for (int i = 0; i < shoppers.size(); i++) {
        String shopper = shoppers.get(i);
        long since = in.get(shopper);
        Boolean consent = consents.get(i).succeeded() ? consents.get(i).result() : null;
        RuleEngine.Facts f = facts(d, shopper, zone, consent, now);
        StoreEvent enterEvent = new StoreEvent(Rule.ENTER, zone, shopper, null, null, null, null, null, since, null);
        for (Rule r : RuleEngine.matching(book, enterEvent, f)) {
          if (keep.test(r)) {
            out.add(new Candidate(shopper, since, r));
          }
        }
        for (int s : thresholds) {
          if (now - since >= s * 1000L) {
            for (Rule r : RuleEngine.matching(book, RuleEngine.dwell(zone, shopper, null, s, now, null), f)) {
              if (keep.test(r)) {
                out.add(new Candidate(shopper, since, r));
              }
            }
          }
        }
      }
      out.sort(ORDER);
      return Future.succeededFuture(out);
    });
  }

  /**
   * Tries offers best first. A rule that shows takes the target screens that accept it (now or
   * queued) and have not been taken by a better offer of the same decision; its caps are checked
   * (and counted) only when some screen would take it. A rule without show only acts (caps too).
   */
  private Future<Void> decide(Snapshot d, String zone, List<Offer> offers, int from, Set<String> claimed, Set<String> openOnly,
      long now) {
    // A loop, not recursion: thousands of candidates must not grow the stack. Only a cap check that
    // has not answered yet (Redis) breaks out and continues when it answers.
    for (int i = from; i < offers.size(); i++) {
      Offer o = offers.get(i);
      Rule r = o.rule();
      Map<ScreenStage, ScreenStage.Offer> plan = new LinkedHashMap<>();
      if (r.shows()) {
        if (!d.catalog().content(r.then().show()).isPresent() || !world.playable(r.then().show())) {
          world.note(r, "no-content", null);
          continue;
        }
        for (String screen : o.targets()) {
          if (claimed.contains(screen) || (openOnly != null && !openOnly.contains(screen))) {
            continue;
          }
          Screen s = d.catalog().screen(screen).orElse(null);
          if (s == null) {
            continue;
          }
          ScreenStage st = stage(s);
          ScreenStage.Offer answer = st.offer(r, o.shopper());
          if (answer != ScreenStage.Offer.REFUSE) {
            plan.put(st, answer);
          }
        }
        if (plan.isEmpty()) {
          continue;
        }
      } else if (!o.withEffects()) {
        continue;
      }
      String key = o.shopper() == null ? ANONYMOUS : o.shopper();
      Future<CapVerdict> verdict = world.take(r, key, now).recover(e -> Future.succeededFuture(CapVerdict.UNKNOWN));
      if (verdict.isComplete()) {
        settle(zone, o, plan, claimed, verdict.result(), now);
        continue;
      }
      int next = i + 1;
      return verdict.compose(v -> {
        settle(zone, o, plan, claimed, v, now);
        return decide(d, zone, offers, next, claimed, openOnly, now);
      });
    }
    return Future.succeededFuture();
  }

  private void settle(String zone, Offer o, Map<ScreenStage, ScreenStage.Offer> plan, Set<String> claimed,
      CapVerdict verdict, long now) {
    Rule r = o.rule();
    if (!verdict.ok()) {
      world.note(r, o.withEffects() ? "capped" : "recapped", verdict); // recapped: a re-pick, not an event
    } else if (o.mustBePresent() && !present(zone, o.shopper())) {
      world.note(r, "gone", verdict); // left (or was erased) while the caps were checked
    } else {
      world.note(r, "fired", verdict);
      act(zone, o, plan, claimed, now);
    }
  }

  private void act(String zone, Offer o, Map<ScreenStage, ScreenStage.Offer> plan, Set<String> claimed, long now) {
    ScreenStage.EffectsOnce once = new ScreenStage.EffectsOnce();
    boolean playsNow = false;
    String playId = plan.isEmpty() ? null : world.newPlayId(now);
    for (Map.Entry<ScreenStage, ScreenStage.Offer> e : plan.entrySet()) {
      ScreenStage st = e.getKey();
      claimed.add(st.screen());
      if (e.getValue() == ScreenStage.Offer.PLAY) {
        start(st, o.rule(), o.shopper(), playId, o.bound(), o.trace(), now);
        playsNow = true;
      } else {
        st.enqueue(new ScreenStage.Pending(o.rule(), o.shopper(), o.bound(), o.trace(), once));
      }
    }
    if (o.withEffects() && (playsNow || plan.isEmpty()) && once.claim()) {
      world.effects(o.rule(), zone, o.shopper(), now, o.trace());
    }
  }

  private void start(ScreenStage st, Rule r, String shopper, String playId, boolean bound, String trace, long now) {
    int seconds = r.then().secondsOrDefault();
    Showing s = new Showing(playId, st.screen(), st.zone(), r.id(), r.then().show(), shopper, r.priorityOrZero(), seconds,
        now, now + seconds * 1000L, bound, trace);
    st.show(s);
    world.started(st, s);
  }

  /** A queued play's turn; false when it cannot play any more (rule or content gone). */
  private boolean startQueued(Snapshot d, ScreenStage st, ScreenStage.Pending p, long now) {
    Rule current = d.book().rule(p.rule().id());
    if (current == null || !current.enabledOrDefault() || !p.rule().shows()
        || d.catalog().content(p.rule().then().show()).isEmpty() || !world.playable(p.rule().then().show())) {
      return false;
    }
    start(st, p.rule(), p.shopper(), world.newPlayId(now), p.bound(), p.trace(), now);
    if (p.effects().claim()) {
      world.effects(p.rule(), st.zone(), p.shopper(), now, p.trace());
    }
    return true;
  }

  /** Puts back a play that was running before a restart. */
  public void restore(ScreenStage st, Showing s) {
    st.show(s);
  }

}
