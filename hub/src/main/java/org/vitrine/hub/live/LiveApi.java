package org.vitrine.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.CatalogChanged;
import org.vitrine.hub.events.DeviceStatus;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.NoticeDone;
import org.vitrine.hub.auth.Role;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.events.ZoneChange;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.presence.StorePresence;
import org.vitrine.hub.presence.PresenceStore;

/**
 * The console's live view: a snapshot of the store (who is where, what each screen shows, which
 * devices are online, staff notices) and a Server-Sent Events stream of every change after it.
 */
public final class LiveApi {

  private final Vertx vertx;
  private final LiveStore store;
  private final PresenceStore presence;
  private final CatalogHolder catalog;
  private final ConsoleAuth auth;
  private final Counters counters;
  private final Supplier<Set<String>> onlineScreens;
  private final Supplier<Set<String>> onlineDevices;
  private final Map<String, ScreenNow> latestHere;

  public LiveApi(Vertx vertx, LiveStore store, PresenceStore presence, CatalogHolder catalog, ConsoleAuth auth, Counters counters,
      Supplier<Set<String>> onlineScreens, Supplier<Set<String>> onlineDevices, Map<String, ScreenNow> latestHere) {
    this.latestHere = latestHere;
    this.vertx = vertx;
    this.store = store;
    this.presence = presence;
    this.catalog = catalog;
    this.auth = auth;
    this.counters = counters;
    this.onlineScreens = onlineScreens;
    this.onlineDevices = onlineDevices;
  }

  /** The events route authenticates itself (EventSource cannot send headers); call before the /api auth handler. */
  public void addEventsRoute(Router router) {
    router.get("/api/live/events").handler(this::events);
  }

  public void addTo(Router router) {
    router.get("/api/live/snapshot").handler(this::snapshot);
    router.get("/api/presence").handler(this::presence);
    router.get("/api/notices").handler(ctx -> {
      boolean all = "true".equals(ctx.request().getParam("all"));
      (all ? allNotices() : notices()).onSuccess(n -> ApiErrors.send(ctx, 200, n)).onFailure(e -> ApiErrors.unavailable(ctx, e));
    });
    router.post("/api/notices/:id/done").handler(ConsoleAuth.require(Role.EDITOR, "mark staff notices done"))
        .handler(this::done);
  }

  /** The open notices (not yet dealt with), newest first. */
  private Future<List<StaffNotice>> notices() {
    return allNotices().map(list -> list.stream().filter(n -> n.get("done") == null)
        .map(n -> (StaffNotice) n.get("notice")).toList());
  }

  /** The latest 50 notices, newest first, each as {@code {notice, done?: {by, at}}}. */
  private Future<List<Map<String, Object>>> allNotices() {
    return store.notices();
  }

  /** Someone dealt with it: every console drops it from the open notices. Idempotent. */
  private void done(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
      ApiErrors.invalid(ctx, "id", "not a notice id");
      return;
    }
    NoticeDone d = new NoticeDone(id, ConsoleAuth.nameOf(ctx.user()), System.currentTimeMillis());
    store.markDone(d)
        .onSuccess(v -> {
          vertx.eventBus().publish(Addresses.NOTICE_DONE, d);
          ApiErrors.send(ctx, 200, d);
        })
        .onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  /** Who is where now (read from Redis): any console role, never the public. */
  private void presence(RoutingContext ctx) {
    Catalog c = catalog.get();
    StorePresence.load(presence, c, System.currentTimeMillis()).onSuccess(p -> {
      List<Map<String, Object>> zones = new ArrayList<>();
      for (Zone z : c.zones()) {
        // Present serialises as {"shopper","since"}
        zones.add(Map.of("zone", z.id(), "shoppers", p.in(z.id()), "anonymousThisHour", p.anonymousThisHour().get(z.id())));
      }
      ApiErrors.send(ctx, 200, Map.of("zones", zones));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void snapshot(RoutingContext ctx) {
    Catalog c = catalog.get();
    long now = System.currentTimeMillis();
    Future.all(StorePresence.load(presence, c, now), store.screensNow(), notices()).onSuccess(all -> {
      StorePresence presence = all.resultAt(0);
      Map<String, String> screenNow = all.resultAt(1);
      List<Map<String, Object>> zones = new ArrayList<>();
      for (Zone z : c.zones()) {
        List<Map<String, Object>> shoppers = new ArrayList<>();
        for (StorePresence.Present p : presence.in(z.id())) {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("id", p.shopper());
          s.put("name", c.shopper(p.shopper()).map(ShopperProfile::name).orElse(p.shopper()));
          s.put("since", p.since());
          shoppers.add(s);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", z.id());
        m.put("name", z.name());
        m.put("position", z.position());
        m.put("shoppers", shoppers);
        m.put("anonymous", presence.anonymousThisHour().get(z.id()));
        zones.add(m);
      }
      Set<String> screensOnline = onlineScreens.get();
      List<Map<String, Object>> screens = new ArrayList<>();
      for (Screen s : c.screens()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("zone", s.zone());
        m.put("name", s.name());
        m.put("role", s.role());
        m.put("position", s.position());
        m.put("online", screensOnline.contains(s.id()));
        String json = screenNow.get(s.id());
        ScreenNow stored = json == null ? null : Json.read(json, ScreenNow.class);
        ScreenNow here = latestHere.get(s.id());
        ScreenNow shows = here != null && (stored == null || here.since() >= stored.since()) ? here : stored;
        m.put("now", shows == null ? null : nowView(shows, c));
        screens.add(m);
      }
      Set<String> devicesOnline = onlineDevices.get();
      List<Map<String, Object>> devices = new ArrayList<>();
      for (Device d : c.devices()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("kind", d.kind());
        m.put("zone", d.zone());
        m.put("position", d.position());
        m.put("online", devicesOnline.contains(d.id()));
        devices.add(m);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("store", c.store());
      body.put("at", now);
      body.put("zones", zones);
      body.put("screens", screens);
      body.put("devices", devices);
      body.put("notices", all.resultAt(2));
      ApiErrors.send(ctx, 200, body);
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  /** What a screen shows, with a picture for the map when the content has one. */
  static Map<String, Object> nowView(ScreenNow n, Catalog c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("content", n.content());
    m.put("title", n.title());
    m.put("kind", n.kind());
    m.put("rule", n.rule());
    m.put("shopper", n.shopper());
    m.put("shopperName", n.shopper() == null ? null : c.shopper(n.shopper()).map(p -> p.name()).orElse(null));
    m.put("since", n.since());
    m.put("thumbnail", n.content() == null ? null : c.content(n.content()).map(LiveApi::thumbnail).orElse(null));
    return m;
  }

  static String thumbnail(ContentItem item) {
    return switch (item.type()) {
      case "image" -> item.src();
      case "product-card" -> item.product() == null ? null : item.product().image();
      default -> null;
    };
  }

  // ---- Server-Sent Events ---------------------------------------------------------------------

  private void events(RoutingContext ctx) {
    String token = ctx.request().getParam("access_token");
    auth.session(token).onFailure(e -> ApiErrors.unauthenticated(ctx, e instanceof ConsoleAuth.Refused r && !r.code.equals("no-token")
            ? r.getMessage() : "log in first: pass access_token=<token from POST /api/auth/login>"))
        .onSuccess(user -> stream(ctx, token));
  }

  private void stream(RoutingContext ctx, String token) {
    HttpServerResponse res = ctx.response();
    res.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    res.write(": vitrine live\n\n");
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    consumers.add(forward(res, Addresses.PRESENCE_CHANGED, (ZoneChange z) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "presence");
      m.put("shopper", z.shopper());
      m.put("name", catalog.get().shopper(z.shopper()).map(p -> p.name()).orElse(z.shopper()));
      m.put("from", z.from()); // null: came into the store
      m.put("to", z.to()); // null: left the store
      m.put("at", z.at());
      return m;
    }));
    consumers.add(forward(res, Addresses.SCREEN_NOW, (ScreenNow n) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "screen");
      m.put("screen", n.screen());
      m.put("now", nowView(n, catalog.get()));
      return m;
    }));
    consumers.add(forward(res, Addresses.DEVICE_STATUS, (DeviceStatus d) -> Map.of("type", "device", "device", d.device(),
        "kind", d.kind(), "online", d.online(), "at", d.at())));
    consumers.add(forward(res, Addresses.STAFF_NOTIFY, (StaffNotice n) -> Map.of("type", "notice", "notice", n)));
    consumers.add(forward(res, Addresses.NOTICE_DONE, (NoticeDone d) -> Map.of("type", "notice-done", "id", d.id(),
        "by", d.by() == null ? "" : d.by(), "at", d.at())));
    consumers.add(forward(res, Addresses.CATALOG_CHANGED, (CatalogChanged c) -> Map.of("type", "catalog", "what", c.what(),
        "ids", c.ids())));
    // the heartbeat also re-checks the login: a deleted, demoted or logged-out user's stream ends
    long heartbeat = vertx.setPeriodic(15_000, id -> auth.session(token)
        .onSuccess(u -> res.write(": keep-alive\n\n"))
        .onFailure(e -> {
          if (e instanceof ConsoleAuth.Refused) {
            res.end();
          }
        }));
    counters.increment("live.streams.opened");
    res.closeHandler(v -> {
      vertx.cancelTimer(heartbeat);
      consumers.forEach(MessageConsumer::unregister);
    });
  }

  private <T> MessageConsumer<T> forward(HttpServerResponse res, String address, Function<T, Object> view) {
    return vertx.eventBus().<T>consumer(address, m -> {
      if (res.closed() || res.ended()) {
        return;
      }
      if (res.writeQueueFull()) {
        counters.increment("live.events.dropped"); // a stalled console misses news, the hub does not pile it up
        return;
      }
      res.write("data: " + Json.write(view.apply(m.body())) + "\n\n");
    });
  }
}
