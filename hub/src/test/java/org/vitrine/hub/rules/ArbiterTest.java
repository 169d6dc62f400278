package org.vitrine.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.hub.rules.Store.NOON;
import static org.vitrine.hub.rules.Store.PARIS;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.events.StoreEvent;

/**
 * The decisions of {@link Arbiter} against a recording {@link Arbiter.World}: what RuleActionsIT
 * shows end to end (through MQTT, Redis and WebSockets), here one decision at a time and without
 * timing: pre-emption by priority, queueing, caps skipping to the next candidate, the nearest
 * screen, re-picks when a play ends or its shopper leaves, and one catalog snapshot per decision.
 */
class ArbiterTest {

  private static final long T0 = NOON.toInstant().toEpochMilli();

  /** What the arbiter did, in order, as "started apparel-1 rule/shopper", "stopped apparel-1 cause", "effects rule". */
  private static final class Recording implements Arbiter.World {
    Catalog catalog;
    RuleBook book;
    final List<String> log = new ArrayList<>();
    final List<Showing> started = new ArrayList<>();
    /** Rules that fired (caps taken, shopper still there), in order. */
    final List<String> fired = new ArrayList<>();
    /** Cap verdicts by "rule/shopper"; absent = OK. */
    final Map<String, CapVerdict> verdicts = new HashMap<>();
    /** Cap checks not answered yet (as Redis answers later), by "rule/shopper". */
    final Map<String, Promise<CapVerdict>> pendingCaps = new HashMap<>();
    boolean holdCaps;
    int catalogReads;
    int bookReads;
    int ids;

    Recording(List<Rule> rules) {
      book = RuleBook.of(rules);
      catalog = Store.catalog(rules);
    }

    @Override
    public Catalog catalog() {
      catalogReads++;
      return catalog;
    }

    @Override
    public RuleBook book() {
      bookReads++;
      return book;
    }

    @Override
    public ZoneId timezone() {
      return PARIS;
    }

    @Override
    public Future<CapVerdict> take(Rule rule, String shopperKey, long now) {
      String key = rule.id() + "/" + shopperKey;
      if (holdCaps) {
        Promise<CapVerdict> p = Promise.promise();
        pendingCaps.put(key, p);
        return p.future();
      }
      return Future.succeededFuture(verdicts.getOrDefault(key, CapVerdict.OK));
    }

    @Override
    public Future<Boolean> consent(String shopper) {
      return Future.succeededFuture(Boolean.TRUE);
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
      return "p-" + ++ids;
    }

    @Override
    public void started(ScreenStage stage, Showing s) {
      started.add(s);
      log.add("started " + stage.screen() + " " + s.rule() + "/" + s.shopper());
    }

    @Override
    public void stopped(ScreenStage stage, Showing was, String cause) {
      log.add("stopped " + stage.screen() + " " + cause);
    }

    @Override
    public void effects(Rule rule, String zone, String shopper, long now, String trace) {
      log.add("effects " + rule.id());
    }

    @Override
    public void note(Rule rule, String what, CapVerdict verdict) {
      if ("fired".equals(what)) {
        fired.add(rule.id());
      } else {
        log.add(what + " " + rule.id());
      }
    }

    Showing last() {
      return started.get(started.size() - 1);
    }
  }

  private static Rule enter(String id, String zone, List<String> interests, String show, int priority, String mode,
      String target) {
    return new Rule(id, null, null, new Rule.Trigger(Rule.ENTER, List.of(zone)),
        interests == null ? null : new Rule.Conditions(interests, null, null, null, null, null),
        new Rule.Action(show, target, null, mode, priority, 10, null, null, null), null, null, null);
  }

  private static StoreEvent enterEvent(String zone, String shopper, String device, long at) {
    return new StoreEvent(Rule.ENTER, zone, shopper, device, null, null, null, null, at, null);
  }

  /** The shopper walks in (as the director does it: present first, then the enter event). */
  private static void walkIn(Arbiter a, String zone, String shopper, String device, long at) {
    a.entered(zone, shopper, at);
    assertThat(a.onEvent(enterEvent(zone, shopper, device, at), at).succeeded()).isTrue();
  }

  @Test
  void aStrictlyHigherPriorityPreemptsAndAnEqualOrLowerOneDoesNot() {
    // GIVEN running content (priority 20) for Anna in the cafe, and rules of 20 (Ben) and 50 (Chloé, sneakers)
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 20, null, null),
        enter("kids", "cafe", List.of("kids"), "denim", 20, null, null),
        enter("sneakers", "cafe", List.of("sneakers"), "sneaker", 50, null, null)));
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    // WHEN Ben walks in: equal priority
    walkIn(a, "cafe", "ben", null, T0 + 1000);
    // THEN Anna's play stays
    assertThat(w.log).containsExactly("started cafe-1 runners/anna", "effects runners");
    // WHEN Chloé walks in: strictly higher
    walkIn(a, "cafe", "chloe", null, T0 + 2000);
    // THEN hers pre-empts at once, on the same screen
    assertThat(w.log).endsWith("started cafe-1 sneakers/chloe", "effects sneakers");
    assertThat(a.stageOf("cafe-1").current().rule()).isEqualTo("sneakers");
  }

  @Test
  void aQueueRuleWaitsForThePlayAndStartsWhenItEnds() {
    // GIVEN Anna's play (priority 20) and a queue rule of lower priority for sneaker fans
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 20, null, null),
        enter("sneakers", "cafe", List.of("sneakers"), "sneaker", 10, Rule.MODE_QUEUE, null)));
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    String annas = w.last().playId();
    // WHEN Chloé walks in
    walkIn(a, "cafe", "chloe", null, T0 + 1000);
    // THEN hers waits: decided and counted against its caps, nothing started, no effects yet
    assertThat(w.fired).containsExactly("runners", "sneakers");
    assertThat(w.log).containsExactly("started cafe-1 runners/anna", "effects runners");
    assertThat(a.stageOf("cafe-1").queued()).isEqualTo(1);
    // WHEN Anna's play ends
    a.ended("cafe", annas, T0 + 10_000).await();
    // THEN Chloé's starts, with its effects (once), and nothing is decided again
    assertThat(w.log).endsWith("started cafe-1 sneakers/chloe", "effects sneakers");
    assertThat(w.fired).containsExactly("runners", "sneakers");
  }

  @Test
  void aQueuedPlayWhoseShopperLeftIsDropped() {
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 20, null, null),
        enter("sneakers", "cafe", List.of("sneakers"), "sneaker", 10, Rule.MODE_QUEUE, null)));
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    String annas = w.last().playId();
    walkIn(a, "cafe", "chloe", null, T0 + 1000);
    // WHEN Chloé leaves before her turn, and Anna's play ends (she has seen hers: capped)
    a.shopperLeft("cafe", "chloe", "shopper-left", T0 + 2000).await();
    w.verdicts.put("runners/anna", CapVerdict.CAPPED);
    a.ended("cafe", annas, T0 + 10_000).await();
    // THEN Chloé's never starts: the screen goes back to its playlist
    assertThat(w.log).noneMatch(l -> l.equals("started cafe-1 sneakers/chloe"));
    assertThat(w.log).endsWith("recapped runners", "stopped cafe-1 ended");
  }

  @Test
  void aScreenHoldsAtMostThreeQueuedPlays() {
    // GIVEN Anna's play and a queue rule for anyone
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 20, null, null),
        enter("anyone", "cafe", null, "latte", 10, Rule.MODE_QUEUE, null)));
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    // WHEN four more people walk in
    for (String s : List.of("ben", "chloe", "david", "eve")) {
      walkIn(a, "cafe", s, null, T0 + 1000);
    }
    // THEN three wait (their effects come when they start); the fourth is refused by the screen: no cap taken
    assertThat(a.stageOf("cafe-1").queued()).isEqualTo(ScreenStage.MAX_QUEUE).isEqualTo(3);
    assertThat(w.fired).containsExactly("runners", "anyone", "anyone", "anyone");
    assertThat(w.log).containsExactly("started cafe-1 runners/anna", "effects runners");
  }

  @Test
  void aCappedCandidateIsSkippedAndTheNextOneTried() {
    // GIVEN two rules for Anna in the cafe, the better one capped for her
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 30, null, null),
        enter("coffee", "cafe", List.of("coffee"), "latte", 10, null, null)));
    w.verdicts.put("runners/anna", CapVerdict.CAPPED);
    Arbiter a = new Arbiter(w);
    // WHEN she walks in
    walkIn(a, "cafe", "anna", null, T0);
    // THEN the capped one is noted and skipped, the next one shows
    assertThat(w.log).containsExactly("capped runners", "started cafe-1 coffee/anna", "effects coffee");
  }

  @Test
  void aCapCheckThatCannotAnswerSkipsTheCandidate() {
    Recording w = new Recording(List.of(enter("coffee", "cafe", List.of("coffee"), "latte", 10, null, null)));
    w.verdicts.put("coffee/anna", CapVerdict.UNKNOWN);
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    assertThat(w.log).containsExactly("capped coffee");
  }

  @Test
  void nearestGoesToTheScreenClosestToTheDeviceBehindTheEvent() {
    // GIVEN a nearest rule in apparel: apparel-1 at (10,10), apparel-2 at (90,10); the shelf at (12,12), the camera at (85,15)
    Rule pickup = new Rule("pickup-nearest", null, null, new Rule.Trigger(Rule.PICKUP, List.of("apparel")), null,
        new Rule.Action("denim", Rule.TARGET_NEAREST, null, null, 30, 10, null, null, null), null, null, null);
    Recording w = new Recording(List.of(enter("runners", "apparel", List.of("running"), "trail", 30, null, Rule.TARGET_NEAREST),
        pickup));
    Arbiter a = new Arbiter(w);
    // WHEN the camera brings Anna in
    walkIn(a, "apparel", "anna", "cam-apparel", T0);
    // THEN only the screen near the camera shows
    assertThat(w.log).containsExactly("started apparel-2 runners/anna", "effects runners");
    // WHEN the shelf reports a pickup
    a.onEvent(new StoreEvent(Rule.PICKUP, "apparel", null, "shelf-1", null, null, "x", null, T0 + 1, null), T0 + 1).await();
    // THEN the screen near the shelf shows
    assertThat(w.log).endsWith("started apparel-1 pickup-nearest/null", "effects pickup-nearest");
    // AND without a device (a re-arm after restart) the zone's first positioned camera counts: apparel-2
    assertThat(Targets.of(w.book.rule("runners"), w.catalog, "apparel", null, null)).containsExactly("apparel-2");
  }

  @Test
  void whenAPlayEndsTheScreenPicksAgainAmongThoseStillThereElseThePlaylist() {
    // GIVEN Anna (running, 30) and Ben (coffee, 10) in the cafe; Anna's play showing
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 30, null, null),
        enter("kids", "cafe", List.of("kids"), "denim", 10, null, null)));
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    walkIn(a, "cafe", "ben", null, T0 + 1000);
    assertThat(w.log).containsExactly("started cafe-1 runners/anna", "effects runners"); // 10 does not pre-empt 30
    w.verdicts.put("runners/anna", CapVerdict.CAPPED); // she has seen it (once per 30 min)
    // WHEN her play ends
    a.ended("cafe", w.last().playId(), T0 + 10_000).await();
    // THEN Ben's rule shows (a re-pick: no effects again), Anna's is recapped
    assertThat(w.log).endsWith("recapped runners", "started cafe-1 kids/ben");
    // WHEN his ends too and he is capped
    w.verdicts.put("kids/ben", CapVerdict.CAPPED);
    a.ended("cafe", w.last().playId(), T0 + 20_000).await();
    // THEN the screen goes back to its playlist
    assertThat(w.log).endsWith("stopped cafe-1 ended");
    assertThat(a.stageOf("cafe-1").current()).isNull();
  }

  @Test
  void whenItsShopperLeavesTheScreenPicksAgainForWhoIsStillThere() {
    // GIVEN Anna's play and Ben waiting in the cafe
    Recording w = new Recording(List.of(
        enter("runners", "cafe", List.of("running"), "trail", 30, null, null),
        enter("kids", "cafe", List.of("kids"), "denim", 10, null, null)));
    Arbiter a = new Arbiter(w);
    walkIn(a, "cafe", "anna", null, T0);
    walkIn(a, "cafe", "ben", null, T0 + 1000);
    // WHEN Anna leaves
    a.shopperLeft("cafe", "anna", "shopper-left", T0 + 2000).await();
    // THEN Ben's shows at once, and the screen never went back to the playlist
    assertThat(w.log).endsWith("started cafe-1 kids/ben");
    assertThat(w.log).noneMatch(l -> l.startsWith("stopped"));
    // WHEN Ben leaves too
    a.shopperLeft("cafe", "ben", "shopper-left-store", T0 + 3000).await();
    // THEN the playlist, with the cause
    assertThat(w.log).endsWith("stopped cafe-1 shopper-left-store");
  }

  @Test
  void aDecisionReadsTheCatalogOnceAndKeepsItsSnapshotWhileACapCheckIsOut() {
    // GIVEN a rule for Anna, whose cap check answers later (Redis)
    Recording w = new Recording(List.of(enter("runners", "cafe", List.of("running"), "trail", 30, null, null),
        enter("coffee", "cafe", List.of("coffee"), "latte", 10, null, null)));
    w.holdCaps = true;
    Arbiter a = new Arbiter(w);
    a.entered("cafe", "anna", T0);
    Future<Void> decision = a.onEvent(enterEvent("cafe", "anna", null, T0), T0);
    assertThat(w.catalogReads).isEqualTo(1);
    assertThat(w.bookReads).isEqualTo(1);
    // WHEN the catalog is swapped before the cap answers: the cafe's screen is gone
    w.catalog = new Catalog(w.catalog.store(), w.catalog.zones(),
        w.catalog.screens().stream().filter(s -> !s.zone().equals("cafe")).toList(), w.catalog.devices(),
        w.catalog.contentItems(), w.catalog.playlists(), w.catalog.shoppers(), w.catalog.rules());
    w.pendingCaps.get("runners/anna").complete(CapVerdict.CAPPED);
    w.pendingCaps.get("coffee/anna").complete(CapVerdict.OK); // asked only once the first answered
    // THEN the decision ends on the snapshot it began with: the next candidate shows on cafe-1, no further reads
    assertThat(decision.succeeded()).isTrue();
    assertThat(w.log).containsExactly("capped runners", "started cafe-1 coffee/anna", "effects coffee");
    assertThat(w.catalogReads).isEqualTo(1);
    assertThat(w.bookReads).isEqualTo(1);
  }
}
