package org.vitrine.hub.director;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ContentRemoved;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.VoiceShow;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.rules.Arbiter;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleBook;
import org.vitrine.hub.rules.RuleEngine;
import org.vitrine.hub.rules.ScreenStage;
import org.vitrine.hub.rules.Showing;
import org.vitrine.hub.presence.PresenceStore;
import org.vitrine.hub.presence.PresenceView;

/**
 * Decides what each screen shows, live: turns zone changes into enter/leave events, takes
 * touch/pickup/checkin/voice events from the bus, and hands them to the {@link Arbiter} (the
 * decisions, shared with replay) in each zone's {@link ZoneQueue}. The rest is its parts': dwell
 * events ({@link DwellTimers}), the world the arbiter acts on ({@link LiveWorld}), voice answers
 * ({@link VoiceAnswers}), the screens' current commands ({@link ScreenCommands}).
 */
public final class ScreenDirector extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenDirector.class);
  private static final long ERASED_MEMORY_MILLIS = 60_000;

  private final ScreenStateStore states;
  private final PresenceView presence;
  private final PresenceStore visits;
  private final RedisCaps caps;
  private final Function<String, Future<Boolean>> consent;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final Clock clock;
  private final ZoneQueue queue = new ZoneQueue();
  private final Map<String, Long> erased = new HashMap<>();
  private ScreenCommands commands;
  private VoiceAnswers voice;
  private LiveWorld world;
  private Arbiter arbiter;
  private DwellTimers dwell;
  private RuleBook lastBook;

  /**
   * @param presence who is where at start (then the zone changes, in each zone's queue)
   * @param visits   the shoppers' visit counts at start
   * @param consent  a shopper's live consent (rules with a consent condition)
   */
  public ScreenDirector(ScreenStateStore states, PresenceView presence, PresenceStore visits, RedisCaps caps,
      Function<String, Future<Boolean>> consent, CatalogHolder catalog, Counters counters, Clock clock) {
    this.states = states;
    this.presence = presence;
    this.visits = visits;
    this.caps = caps;
    this.consent = consent;
    this.catalog = catalog;
    this.counters = counters;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    lastBook = catalog.get().ruleBook();
    commands = new ScreenCommands(vertx, new ScreenStateWrites(vertx, states, counters), clock);
    voice = new VoiceAnswers(vertx, commands, clock);
    world = new LiveWorld(vertx, catalog, counters, clock, caps, consent, commands,
        new RuleActions(vertx, catalog, counters),
        (zone, playId) -> queue.enqueue(zone, () -> arbiter.ended(zone, playId, clock.millis())));
    arbiter = new Arbiter(world);
    dwell = new DwellTimers(vertx, zone -> catalog.get().ruleBook().dwellSecondsFor(zone), this::dwellReached);
    return Future.all(visits.loadVisits(), states.load()).onSuccess(all -> {
      Map<String, String> storedVisits = all.resultAt(0);
      Map<String, String> screenStates = all.resultAt(1);
      long now = clock.millis();
      presence.all().forEach((shopper, w) -> {
        arbiter.entered(w.zone(), shopper, w.since());
        dwell.entered(shopper, w.zone(), w.since(), now, w.enteredBy());
      });
      storedVisits.forEach((shopper, n) -> arbiter.setVisits(shopper, Long.parseLong(n)));
      restoreStages(screenStates, now);
      vertx.eventBus().<ZoneChange>consumer(Addresses.PRESENCE_CHANGED, m -> onZoneChange(m.body()));
      vertx.eventBus().<StoreEvent>consumer(Addresses.STORE_EVENT, m -> onStoreEvent(m.body()));
      vertx.eventBus().<String>consumer(Addresses.SCREEN_STATE, commands::answer);
      vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> onErased(m.body().shopper(), m.body().profile()));
      vertx.eventBus().consumer(Addresses.CATALOG_CHANGED, m -> onCatalogChanged());
      vertx.eventBus().<ContentRemoved>consumer(Addresses.CONTENT_REMOVED, m -> onContentRemoved(m.body().content()));
      vertx.eventBus().<VoiceShow>localConsumer(Addresses.DIRECTOR_VOICE_SHOW, m -> voice.show(m.body()));
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
        world.anonymousSeen(s.zone(), s.device() + "/" + s.track(), clock.millis());
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
      if (VoiceAnswers.isVoice(cmd)) {
        // a voice answer is outside rule arbitration: only remembered until its end, as when shown
        voice.restore(screenId, screen.zone(), cmd, now);
        LOG.info("screen {}: resuming voice answer '{}' after restart", screenId, cmd.content().id());
        return;
      }
      ScreenStage st = arbiter.stage(screen);
      int seconds = cmd.seconds() == null ? 0 : cmd.seconds();
      arbiter.restore(st, new Showing(cmd.playId(), screenId, screen.zone(), why == null ? null : why.rule(),
          cmd.content().id(), why == null ? null : why.shopper(), play.priority(), seconds, cmd.until() - seconds * 1000L,
          cmd.until(), why != null && why.shopper() != null, why == null ? null : why.trace()));
      commands.restored(screenId, cmd);
      world.armEnd(screen.zone(), cmd.playId(), cmd.until() - now);
      LOG.info("screen {}: resuming '{}' for {} after restart", screenId, cmd.content().id(), why == null ? null : why.shopper());
    });
  }

  @Override
  public Future<?> stop() {
    return commands == null ? Future.succeededFuture() : commands.flush();
  }

  // ---- inputs -----------------------------------------------------------------------------------

  /**
   * Who stands in a zone changes inside that zone's queue, so every decision sees the zone as it
   * was at its own event, not as later, still-queued events will make it.
   */
  private void onZoneChange(ZoneChange c) {
    if (c.from() != null) {
      queue.enqueue(c.from(), () -> {
        dwell.left(c.shopper(), c.from());
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
      queue.enqueue(c.to(), () -> {
        Long erasedAt = erased.get(c.shopper());
        if (erasedAt != null && c.at() <= erasedAt) {
          return Future.succeededFuture(); // queued before "forget me": not theirs to act on any more
        }
        arbiter.entered(c.to(), c.shopper(), c.at());
        long now = clock.millis();
        dwell.entered(c.shopper(), c.to(), c.at(), now, c.device());
        return arbiter.onEvent(new StoreEvent(Rule.ENTER, c.to(), c.shopper(), c.device(), null, null, null, null, c.at(),
            c.trace()), now);
      });
    }
  }

  /** A dwell threshold reached: a dwell event, unless they left (and maybe came back) meanwhile. */
  private void dwellReached(String shopper, String zone, long since, String device, int seconds) {
    queue.enqueue(zone, () -> {
      if (!Objects.equals(arbiter.since(zone, shopper), since)) {
        return Future.succeededFuture();
      }
      long at = clock.millis();
      return arbiter.onEvent(RuleEngine.dwell(zone, shopper, device, seconds, at, null), at);
    });
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
    queue.enqueue(zone, () -> arbiter.onEvent(event, clock.millis()));
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
      dwell.left(shopper, zone);
    }
    arbiter.forget(shopper, profile);
    // voice answers to them (outside arbitration) go too; Redis is cleaned by the eraser
    voice.erased(shopper, screen -> catalog.get().screen(screen).map(Screen::zone).orElse(null));
    for (String zone : zonesWithScreens()) {
      queue.enqueue(zone, () -> arbiter.stopWhere(zone, s -> shopper.equals(s.shopper()), p -> shopper.equals(p.shopper()),
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
      queue.enqueue(zone, () -> {
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
        arbiter.occupants(zone).forEach((shopper, since) -> dwell.rearm(shopper, zone, since, t));
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
    world.contentRemoved(content);
    for (String zone : zonesWithScreens()) {
      queue.enqueue(zone, () -> arbiter.stopWhere(zone, s -> content.equals(s.content()),
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

}
