package org.vitrine.hub.rules;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ContentRemoved;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.VoiceShow;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.ops.RateLimit;
import org.vitrine.hub.presence.Whereabouts;
import org.vitrine.hub.redis.StoreRepository;

/**
 * Decides what each screen shows, live. Turns zone changes into enter/leave events, times dwell
 * events, takes touch/pickup/checkin/voice events from the bus, and hands them to the
 * {@link Arbiter} (the decisions, shared with replay); carries out what it decides: screen
 * commands, speech, device messages, staff notices, Redis caps and screen state. Work for one zone
 * runs strictly in order.
 */
public final class ScreenDirector extends VerticleBase implements Arbiter.World {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenDirector.class);
  private static final long ERASED_MEMORY_MILLIS = 60_000;
  private static final long REMOVED_CONTENT_MEMORY_MILLIS = 60_000;

  private final StoreRepository repo;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final Clock clock;
  private final RedisCaps caps;
  private RuleActions actions;
  private ScreenStateWrites stateWrites;
  private final Arbiter arbiter = new Arbiter(this);
  private final ZoneCrowd crowd = new ZoneCrowd();
  private final Map<String, Long> erased = new HashMap<>();
  private final Map<String, Long> removedContent = new HashMap<>();
  private final Map<String, Future<?>> chains = new HashMap<>();
  /** The command each screen runs now, for screens that reconnect. */
  private final Map<String, ScreenCommand> commands = new HashMap<>();
  private final Map<String, Long> playTimers = new HashMap<>();
  /** Dwell timers per "shopper\0zone". */
  private final Map<String, List<Long>> dwellTimers = new HashMap<>();
  /** shopper + zone → the camera that saw them come in: dwell rules' nearest screen, also when re-armed. */
  private final Map<String, String> entryCamera = new HashMap<>();
  private final RateLimit warnings = new RateLimit(1000);
  private final AtomicLong playSeq = new AtomicLong();
  private RuleBook lastBook;

  public ScreenDirector(StoreRepository repo, CatalogHolder catalog, Counters counters, Clock clock) {
    this.repo = repo;
    this.catalog = catalog;
    this.counters = counters;
    this.clock = clock;
    this.caps = new RedisCaps(repo.redis());
  }

  /** The reason kind of a spoken request's answer ({@code ScreenCommand.Reason.kind}). */
  private static final String VOICE = "voice";

  /** What a screen shows now; persisted per screen in vitrine:screen-state. */
  public record StoredPlay(ScreenCommand command, int priority) {
  }

  @Override
  public Future<?> start() {
    lastBook = catalog.get().ruleBook();
    actions = new RuleActions(vertx, catalog, counters);
    stateWrites = new ScreenStateWrites(vertx, repo, counters);
    return Future.all(repo.loadPresence(), repo.loadVisits(), repo.loadScreenStates()).onSuccess(all -> {
      Map<String, String> presence = all.resultAt(0);
      Map<String, String> storedVisits = all.resultAt(1);
      Map<String, String> screenStates = all.resultAt(2);
      long now = clock.millis();
      presence.forEach((shopper, json) -> {
        Whereabouts w = Json.read(json, Whereabouts.class);
        arbiter.entered(w.zone(), shopper, w.since());
        if (w.enteredBy() != null) {
          entryCamera.put(shopperIn(shopper, w.zone()), w.enteredBy());
        }
        armDwell(shopper, w.zone(), w.since(), now, w.enteredBy());
      });
      storedVisits.forEach((shopper, n) -> arbiter.setVisits(shopper, Long.parseLong(n)));
      restoreStages(screenStates, now);
      vertx.eventBus().<ZoneChange>consumer(Addresses.PRESENCE_CHANGED, m -> onZoneChange(m.body()));
      vertx.eventBus().<StoreEvent>consumer(Addresses.STORE_EVENT, m -> onStoreEvent(m.body()));
      vertx.eventBus().<String>consumer(Addresses.SCREEN_STATE, this::onStateRequest);
      vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> onErased(m.body().shopper(), m.body().profile()));
      vertx.eventBus().consumer(Addresses.CATALOG_CHANGED, m -> onCatalogChanged());
      vertx.eventBus().<ContentRemoved>consumer(Addresses.CONTENT_REMOVED, m -> onContentRemoved(m.body().content()));
      vertx.eventBus().<VoiceShow>localConsumer(Addresses.DIRECTOR_VOICE_SHOW, m -> onVoiceShow(m.body()));
      tapSightings();
    });
  }

  /**
   * Anonymous people count towards minPeople/maxPeople: the presence verticle publishes every
   * identified sighting on this instance (vitrine.presence.sighted) after handling it.
   */
  private void tapSightings() {
    vertx.eventBus().<Sighting>localConsumer(Addresses.PRESENCE_SIGHTED, m -> {
      Sighting s = m.body();
      if (s.shopper() == null && s.zone() != null && s.track() != null) {
        crowd.seen(s.zone(), s.device() + "/" + s.track(), clock.millis());
      }
    });
  }

  private void restoreStages(Map<String, String> screenStates, long now) {
    screenStates.forEach((screenId, json) -> {
      StoredPlay play = Json.read(json, StoredPlay.class);
      Screen screen = catalog.get().screen(screenId).orElse(null);
      ScreenCommand cmd = play.command();
      if (screen == null || cmd.until() == null || cmd.until() <= now || cmd.content() == null) {
        return;
      }
      ScreenCommand.Reason why = cmd.reason();
      if (why != null && VOICE.equals(why.kind())) {
        // a voice answer is outside rule arbitration: only remembered until its end, as when shown
        rememberVoice(new VoiceShow(screen.zone(), List.of(screenId), cmd), now, false);
        LOG.info("screen {}: resuming voice answer '{}' after restart", screenId, cmd.content().id());
        return;
      }
      ScreenStage st = arbiter.stage(screen);
      int seconds = cmd.seconds() == null ? 0 : cmd.seconds();
      arbiter.restore(st, new Showing(cmd.playId(), screenId, screen.zone(), why == null ? null : why.rule(),
          cmd.content().id(), why == null ? null : why.shopper(), play.priority(), seconds, cmd.until() - seconds * 1000L,
          cmd.until(), why != null && why.shopper() != null, why == null ? null : why.trace()));
      commands.put(screenId, cmd);
      armEnd(screen.zone(), cmd.playId(), cmd.until() - now);
      LOG.info("screen {}: resuming '{}' for {} after restart", screenId, cmd.content().id(), why == null ? null : why.shopper());
    });
  }

  @Override
  public Future<?> stop() {
    return stateWrites == null ? Future.succeededFuture() : stateWrites.flush();
  }

  /** Key of the per-shopper-and-zone maps (dwell timers, entry camera). */
  private static String shopperIn(String shopper, String zone) {
    return shopper + '\u0000' + zone;
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

  // ---- inputs -----------------------------------------------------------------------------------

  /**
   * Who stands in a zone changes inside that zone's queue, so every decision sees the zone as it
   * was at its own event, not as later, still-queued events will make it.
   */
  private void onZoneChange(ZoneChange c) {
    if (c.from() != null) {
      enqueue(c.from(), () -> {
        cancelDwell(c.shopper(), c.from());
        entryCamera.remove(shopperIn(c.shopper(), c.from()));
        long now = clock.millis();
        String cause = c.to() == null ? "shopper-left-store" : "shopper-left";
        return arbiter.shopperLeft(c.from(), c.shopper(), cause, now)
            .compose(v -> arbiter.onEvent(new StoreEvent(Rule.LEAVE, c.from(), c.shopper(), c.fromDevice(), null, null, null, null,
                c.at(), c.trace()), clock.millis()));
      });
    }
    if (c.to() != null) {
      if (c.from() == null) {
        arbiter.countVisit(c.shopper());
      }
      enqueue(c.to(), () -> {
        Long erasedAt = erased.get(c.shopper());
        if (erasedAt != null && c.at() <= erasedAt) {
          return Future.succeededFuture(); // queued before "forget me": not theirs to act on any more
        }
        arbiter.entered(c.to(), c.shopper(), c.at());
        if (c.device() != null) {
          entryCamera.put(shopperIn(c.shopper(), c.to()), c.device());
        }
        long now = clock.millis();
        armDwell(c.shopper(), c.to(), c.at(), now, c.device());
        return arbiter.onEvent(new StoreEvent(Rule.ENTER, c.to(), c.shopper(), c.device(), null, null, null, null, c.at(),
            c.trace()), now);
      });
    }
  }

  /** touch, pickup, checkin, voice from the adapters; enter/leave/dwell are made here, not taken from the bus. */
  private void onStoreEvent(StoreEvent e) {
    if (e == null || e.type() == null || Rule.ENTER.equals(e.type()) || Rule.LEAVE.equals(e.type())
        || Rule.DWELL.equals(e.type())) {
      return;
    }
    String zone = e.zone();
    if (zone == null && e.screen() != null) {
      zone = catalog.get().screen(e.screen()).map(Screen::zone).orElse(null);
    }
    if (zone == null) {
      return;
    }
    StoreEvent event = zone.equals(e.zone()) ? e
        : new StoreEvent(e.type(), zone, e.shopper(), e.device(), e.screen(), e.intent(), e.product(), e.slots(), e.at(), e.trace());
    if (event.shopper() != null && erased.containsKey(event.shopper())) {
      return;
    }
    enqueue(zone, () -> arbiter.onEvent(event, clock.millis()));
  }

  /**
   * A timer per distinct dwell threshold of the zone that is still ahead for this shopper;
   * {@code device} is the camera that saw them come in (null if unknown: the zone's first camera).
   */
  private void armDwell(String shopper, String zone, long since, long now, String device) {
    int[] thresholds = catalog.get().ruleBook().dwellSecondsFor(zone);
    if (thresholds.length == 0) {
      return;
    }
    List<Long> timers = dwellTimers.computeIfAbsent(shopperIn(shopper, zone), k -> new ArrayList<>());
    for (int s : thresholds) {
      long due = since + s * 1000L - now;
      if (due <= 0) {
        continue; // passed already (restart, rule published later): not fired late
      }
      timers.add(vertx.setTimer(due, id -> enqueue(zone, () -> {
        if (!Objects.equals(arbiter.since(zone, shopper), since)) {
          return Future.succeededFuture(); // left (and maybe came back) meanwhile
        }
        long at = clock.millis();
        return arbiter.onEvent(RuleEngine.dwell(zone, shopper, device, s, at, null), at);
      })));
    }
  }

  private void cancelDwell(String shopper, String zone) {
    List<Long> timers = dwellTimers.remove(shopperIn(shopper, zone));
    if (timers != null) {
      timers.forEach(vertx::cancelTimer);
    }
  }

  /**
   * Erasure: the shopper is no longer in any zone and nothing more is decided for them; screens
   * showing their content pick again (in the zone's queue, so a decision in flight ends first).
   */
  private void onErased(String shopper, boolean profile) {
    // Remembered only long enough to drop zone changes already queued for them.
    erased.put(shopper, clock.millis());
    vertx.setTimer(ERASED_MEMORY_MILLIS, id -> erased.remove(shopper));
    for (String zone : new ArrayList<>(arbiter.occupiedZones())) {
      cancelDwell(shopper, zone);
      entryCamera.remove(shopperIn(shopper, zone));
    }
    arbiter.forget(shopper, profile);
    // voice answers to them (outside arbitration) go too; Redis is cleaned by the eraser
    new ArrayList<>(commands.entrySet()).forEach(e -> {
      ScreenCommand.Reason why = e.getValue().reason();
      if (why != null && VOICE.equals(why.kind()) && shopper.equals(why.shopper())) {
        vertx.eventBus().publish(Addresses.screen(e.getKey()), ScreenCommand.resume("shopper-erased"));
        playlistAgain(e.getKey(), catalog.get().screen(e.getKey()).map(Screen::zone).orElse(null));
      }
    });
    for (String zone : zonesWithScreens()) {
      enqueue(zone, () -> arbiter.stopWhere(zone, s -> shopper.equals(s.shopper()), p -> shopper.equals(p.shopper()),
          "shopper-erased", clock.millis()));
    }
  }

  /**
   * The catalog was swapped (REST write, conf import): plays whose rule or content is gone or
   * changed stop, shoppers standing in a zone get newly published enter rules at once, dwell
   * timers follow the new thresholds.
   */
  private void onCatalogChanged() {
    RuleBook before = lastBook;
    RuleBook now = catalog.get().ruleBook();
    lastBook = now;
    Map<String, Set<String>> freshByZone = new HashMap<>();
    for (Rule r : now.all()) {
      if (r.enabledOrDefault() && Rule.ENTER.equals(r.eventOrDefault()) && r.shows()
          && !r.equals(before == null ? null : before.rule(r.id()))) {
        r.zonesOrEmpty().forEach(z -> freshByZone.computeIfAbsent(z, k -> new HashSet<>()).add(r.id()));
      }
    }
    for (String zone : zonesWithScreens()) {
      enqueue(zone, () -> {
        long t = clock.millis();
        Future<Void> stopped = arbiter.stopWhere(zone, s -> outdated(s.rule(), s.content(), before, now),
            p -> outdated(p.rule().id(), p.rule().then().show(), before, now), "rule-changed", t);
        Set<String> fresh = freshByZone.get(zone);
        return fresh == null ? stopped : stopped.compose(v -> arbiter.reconsider(zone, fresh, clock.millis()));
      });
    }
    if (before == null || !sameDwell(before, now)) {
      long t = clock.millis();
      for (String zone : new ArrayList<>(arbiter.occupiedZones())) {
        arbiter.occupants(zone).forEach((shopper, since) -> {
          cancelDwell(shopper, zone);
          armDwell(shopper, zone, since, t, entryCamera.get(shopperIn(shopper, zone)));
        });
      }
    }
  }

  private boolean outdated(String ruleId, String content, RuleBook before, RuleBook now) {
    Rule r = now.rule(ruleId);
    if (r == null || !r.enabledOrDefault() || content == null || catalog.get().content(content).isEmpty()) {
      return true;
    }
    return before != null && !r.equals(before.rule(ruleId));
  }

  private boolean sameDwell(RuleBook a, RuleBook b) {
    for (String zone : arbiter.occupiedZones()) {
      if (!java.util.Arrays.equals(a.dwellSecondsFor(zone), b.dwellSecondsFor(zone))) {
        return false;
      }
    }
    return true;
  }

  /** Screens showing deleted content stop at once; it is not started again while the catalog catches up. */
  private void onContentRemoved(String content) {
    removedContent.put(content, clock.millis());
    vertx.setTimer(REMOVED_CONTENT_MEMORY_MILLIS, id -> removedContent.remove(content));
    for (String zone : zonesWithScreens()) {
      enqueue(zone, () -> arbiter.stopWhere(zone, s -> content.equals(s.content()),
          p -> p.rule().shows() && content.equals(p.rule().then().show()), "content-removed", clock.millis()));
    }
  }

  private Set<String> zonesWithScreens() {
    Set<String> zones = new HashSet<>();
    for (ScreenStage st : arbiter.stages()) {
      if (st.current() != null || st.queued() > 0) {
        zones.add(st.zone());
      }
    }
    catalog.get().screens().forEach(s -> {
      if (!arbiter.occupants(s.zone()).isEmpty()) {
        zones.add(s.zone());
      }
    });
    return zones;
  }

  /**
   * A voice answer goes to its screens at once (a shopper is waiting for it), outside the zone's
   * rule arbitration: a rule that fires later pre-empts it. It is remembered as the screen's current
   * command until its end, so a screen that reconnects meanwhile gets it back, and the console sees it.
   */
  private void onVoiceShow(VoiceShow v) {
    ScreenCommand cmd = v.command();
    if (cmd == null || cmd.until() == null || v.screens() == null) {
      return;
    }
    rememberVoice(v, clock.millis(), true);
  }

  /**
   * Makes the answer the screens' current command until its end, persisted like a rule play so it
   * also survives a restart; {@code send}: push it to the screens now (not when restoring).
   */
  private void rememberVoice(VoiceShow v, long now, boolean send) {
    ScreenCommand cmd = v.command();
    String content = cmd.content() == null ? null : cmd.content().id();
    String title = cmd.content() == null ? null : cmd.content().title();
    for (String screen : v.screens()) {
      commands.put(screen, cmd);
      if (send) {
        vertx.eventBus().publish(Addresses.screen(screen), cmd);
        stateWrites.showing(screen, Json.write(new StoredPlay(cmd, 0)));
      }
      vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(screen, v.zone(), content, title, VOICE, null, null, now));
    }
    vertx.setTimer(Math.max(1, cmd.until() - now), id -> {
      for (String screen : v.screens()) {
        ScreenCommand current = commands.get(screen);
        if (current != null && Objects.equals(current.playId(), cmd.playId())) {
          // the player resumes its playlist by itself when the seconds are over
          playlistAgain(screen, v.zone());
        }
      }
    });
  }

  private void onStateRequest(Message<String> m) {
    ScreenCommand cmd = commands.get(m.body());
    long now = clock.millis();
    if (cmd != null && cmd.until() != null && cmd.until() > now) {
      m.reply(cmd.remainingAt(now));
    } else {
      m.reply(ScreenCommand.resume("none"));
    }
  }

  // ---- Arbiter.World ----------------------------------------------------------------------------

  @Override
  public Catalog catalog() {
    return catalog.get();
  }

  @Override
  public RuleBook book() {
    return catalog.get().ruleBook();
  }

  @Override
  public java.time.ZoneId timezone() {
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
    return repo.hasConsent(shopper);
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
    commands.put(stage.screen(), cmd);
    vertx.eventBus().publish(Addresses.screen(stage.screen()), cmd);
    vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(stage.screen(), stage.zone(), s.content(),
        content == null ? null : content.title(), "rule", s.rule(), s.shopper(), s.startedAt()));
    armEnd(stage.zone(), s.playId(), s.until() - s.startedAt());
    counters.increment("plays.rule");
    LOG.info("screen {}: showing '{}' for {} (rule {}, {} s)", stage.screen(), s.content(), s.shopper(), s.rule(), s.seconds());
    stateWrites.showing(stage.screen(), Json.write(new StoredPlay(cmd, s.priority())));
  }

  @Override
  public void stopped(ScreenStage stage, Showing was, String cause) {
    ScreenCommand current = commands.get(stage.screen());
    if (current != null && was != null && !Objects.equals(current.playId(), was.playId())) {
      // a voice answer came after this play and shows now: the play's end must not cut it short
      return;
    }
    vertx.eventBus().publish(Addresses.screen(stage.screen()), ScreenCommand.resume(cause));
    playlistAgain(stage.screen(), stage.zone());
    LOG.info("screen {}: back to the playlist ({})", stage.screen(), cause);
  }

  /** The screen shows its playlist again: no current command, no stored state (coalesced), the console map told. */
  private void playlistAgain(String screen, String zone) {
    commands.remove(screen);
    stateWrites.backToPlaylist(screen);
    vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(screen, zone, null, null, "playlist", null, null,
        clock.millis()));
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

  private void armEnd(String zone, String playId, long inMillis) {
    if (playTimers.containsKey(playId)) {
      return;
    }
    playTimers.put(playId, vertx.setTimer(Math.max(1, inMillis), id -> {
      playTimers.remove(playId);
      enqueue(zone, () -> arbiter.ended(zone, playId, clock.millis()));
    }));
  }

  /** For tests and the console: the stages as they are now. */
  Map<String, Showing> nowShowing() {
    Map<String, Showing> out = new LinkedHashMap<>();
    arbiter.stages().forEach(st -> out.put(st.screen(), st.current()));
    return out;
  }
}
