package org.vitrine.hub.admin;

import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.web.Bodies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vitrine.hub.web.ApiErrors.Problem;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.CatalogStore;
import org.vitrine.hub.catalog.CatalogUpdates;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.catalog.Zone;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ContentRemoved;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.identity.Eraser;
import org.vitrine.hub.members.MemberSecrets;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.rules.Rule;
import org.vitrine.hub.rules.RuleRefs;
import org.vitrine.hub.validation.ContentValidator;
import org.vitrine.hub.validation.DeviceValidator;
import org.vitrine.hub.validation.PlaylistValidator;
import org.vitrine.hub.validation.ScreenValidator;
import org.vitrine.hub.validation.ShopperValidator;
import org.vitrine.hub.validation.Source;
import org.vitrine.hub.validation.ZoneValidator;

/**
 * Create, read, update and delete the store's zones, screens, content, playlists, shoppers and
 * devices (ARCHITECTURE.md, openapi.yaml). Every write is validated whole before anything is
 * stored, stored atomically, and takes effect at once through {@link CatalogUpdates}.
 */
public final class CatalogApi {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final CatalogUpdates updates;
  private final CatalogStore store;
  private final Eraser eraser;
  private final Supplier<Set<String>> onlineDevices;
  private final RuleSets ruleSets;
  private final MemberSecrets secrets;

  public CatalogApi(Vertx vertx, CatalogUpdates updates, CatalogStore store, RuleSets ruleSets, Eraser eraser,
      Supplier<Set<String>> onlineDevices) {
    this.ruleSets = ruleSets;
    this.secrets = new MemberSecrets(vertx);
    this.vertx = vertx;
    this.updates = updates;
    this.store = store;
    this.eraser = eraser;
    this.onlineDevices = onlineDevices;
  }

  /** One kind of catalog entity as the API sees it. */
  private record Kind<T>(String path, String key, String what, Class<T> type, Function<T, String> id, Role writer,
      Function<Catalog, Collection<T>> all, BiFunction<T, Catalog, List<Problem>> check, Function<T, Object> view) {

    Kind(String path, String key, String what, Class<T> type, Function<T, String> id, Role writer,
        Function<Catalog, Collection<T>> all, BiFunction<T, Catalog, List<Problem>> check) {
      this(path, key, what, type, id, writer, all, check, v -> v);
    }
  }

  /** Routes; {@code api} routes already require a logged-in user. */
  public void addTo(Router router) {
    crud(router, new Kind<>("zones", Keys.ZONES, "zone", Zone.class, Zone::id, Role.ADMIN, Catalog::zones,
        (z, c) -> ApiErrors.problems(ZoneValidator.check(z))), this::zoneInUse);
    crud(router, new Kind<>("screens", Keys.SCREENS, "screen", Screen.class, Screen::id, Role.ADMIN, Catalog::screens,
        (s, c) -> ApiErrors.problems(ScreenValidator.check(s, zoneIds(c)))), this::screenInUse);
    crud(router, new Kind<>("content", Keys.CONTENT, "content", ContentItem.class, ContentItem::id, Role.EDITOR,
        Catalog::contentItems, (item, c) -> ApiErrors.problems(ContentValidator.check(item, Source.CONSOLE))), this::contentInUse);
    // a member's secret hash is never shown: set with PUT /api/shoppers/{id}/secret, kept by PUT /api/shoppers/{id}
    crud(router, new Kind<ShopperProfile>("shoppers", Keys.SHOPPERS, "shopper", ShopperProfile.class, ShopperProfile::id, Role.ADMIN,
        Catalog::shoppers, (s, c) -> ApiErrors.problems(ShopperValidator.check(s, Source.CONSOLE)), ShopperProfile::withoutSecret), null);
    router.put("/api/shoppers/:id/secret").handler(ConsoleAuth.require(Role.ADMIN, "set a member's secret"))
        .handler(this::setSecret);
    playlists(router);
    devices(router);
  }

  private static List<String> zoneIds(Catalog c) {
    return c.zones().stream().map(Zone::id).toList();
  }

  // ---- generic entity routes ----------------------------------------------------------------

  private interface InUse {
    /** Why {@code id} cannot be deleted, or null; also adds what the delete must change along (cascade). */
    Future<String> check(String id, Catalog c, Map<String, Map<String, String>> cascadePuts, Map<String, List<String>> cascadeDeletes);
  }

  private <T> void crud(Router router, Kind<T> kind, InUse inUse) {
    String base = "/api/" + kind.path();
    Handler<RoutingContext> writer = ConsoleAuth.require(kind.writer(), "change " + kind.path());
    router.get(base).handler(ctx -> ApiErrors.send(ctx, 200, kind.all().apply(updates.holder().get()).stream().map(kind.view()).toList()));
    router.get(base + "/:id").handler(ctx -> find(kind, ctx.pathParam("id")).ifPresentOrElse(
        v -> ApiErrors.send(ctx, 200, kind.view().apply(v)),
        () -> ApiErrors.notFound(ctx, "no " + kind.what() + " '" + ctx.pathParam("id") + "'")));
    router.post(base).handler(writer).handler(ctx -> save(ctx, kind, null));
    router.put(base + "/:id").handler(writer).handler(ctx -> save(ctx, kind, ctx.pathParam("id")));
    router.delete(base + "/:id").handler(writer).handler(ctx -> delete(ctx, kind, inUse));
  }

  private <T> Optional<T> find(Kind<T> kind, String id) {
    return kind.all().apply(updates.holder().get()).stream().filter(v -> kind.id().apply(v).equals(id)).findFirst();
  }

  /** {@code pathId} null = create (POST), else replace (PUT). */
  private <T> void save(RoutingContext ctx, Kind<T> kind, String pathId) {
    T value = Bodies.read(ctx, kind.type());
    if (value == null) {
      return;
    }
    String id = kind.id().apply(value);
    if (pathId != null && !pathId.equals(id)) {
      ApiErrors.invalid(ctx, "id", "must equal the id in the URL ('" + pathId + "'); ids cannot be renamed");
      return;
    }
    ApiErrors.answer(ctx, updates.change(kind.path(), List.of(String.valueOf(id)), c -> {
      boolean exists = find(kind, id).isPresent();
      if (pathId == null && exists) {
        ApiErrors.conflict(ctx, kind.what() + " '" + id + "' already exists (PUT " + "/api/" + kind.path() + "/" + id + " replaces it)");
        return Future.succeededFuture(null);
      }
      if (pathId != null && !exists) {
        ApiErrors.notFound(ctx, "no " + kind.what() + " '" + id + "' (POST /api/" + kind.path() + " creates it)");
        return Future.succeededFuture(null);
      }
      List<Problem> problems = kind.check().apply(value, c);
      if (!problems.isEmpty()) {
        ApiErrors.invalid(ctx, problems);
        return Future.succeededFuture(null);
      }
      T stored = value;
      if (value instanceof ShopperProfile p && pathId != null) {
        // a profile edit keeps the member's secret (the console never sees it)
        stored = kind.type().cast(p.withSecretHash(((ShopperProfile) find(kind, id).orElseThrow()).secretHash()));
      }
      Future<Void> written = store.writeAtomically(Map.of(kind.key(), Map.of(id, Json.write(stored))), Map.of());
      if (kind.type() == ShopperProfile.class) {
        written = written.compose(v -> store.clearErasedMark(id));
      }
      return written.map(value);
    }), pathId == null ? 201 : 200, kind.view());
  }

  private <T> void delete(RoutingContext ctx, Kind<T> kind, InUse inUse) {
    String id = ctx.pathParam("id");
    if (kind.type() == ShopperProfile.class) {
      eraseShopper(ctx, id);
      return;
    }
    Future<Boolean> deleted = updates.change(kind.path(), List.of(id), c -> {
      if (find(kind, id).isEmpty()) {
        ApiErrors.notFound(ctx, "no " + kind.what() + " '" + id + "'");
        return Future.succeededFuture(null);
      }
      Map<String, Map<String, String>> puts = new HashMap<>();
      Map<String, List<String>> deletes = new HashMap<>();
      deletes.put(kind.key(), List.of(id));
      return inUse.check(id, c, puts, deletes).compose(why -> {
        if (why != null) {
          ApiErrors.conflict(ctx, kind.what() + " '" + id + "' is in use by " + why + ": change those first");
          return Future.succeededFuture(null);
        }
        return store.writeAtomically(puts, deletes).map(true);
      });
    });
    if (kind.type() == ContentItem.class) {
      // after the catalog swap, as screens showing it must stop
      deleted.onSuccess(done -> {
        if (done != null) {
          vertx.eventBus().publish(Addresses.CONTENT_REMOVED, new ContentRemoved(id));
        }
      });
    }
    ApiErrors.answer(ctx, deleted, 204, done -> null);
  }

  /** The draft's rules (they must not lose what they refer to either). */
  private Future<Collection<Rule>> draftRules() {
    return ruleSets.draft(List.of()).map(d -> (Collection<Rule>) d.rules());
  }

  private Future<String> zoneInUse(String id, Catalog c, Map<String, Map<String, String>> puts, Map<String, List<String>> deletes) {
    return draftRules().map(draft -> {
      List<String> users = new ArrayList<>();
      c.screensIn(id).forEach(s -> users.add("screen " + s.id()));
      c.devices().stream().filter(d -> id.equals(d.zone()) || (d.cameras() != null && d.cameras().containsValue(id)))
          .forEach(d -> users.add("device " + d.id()));
      String rules = RuleRefs.describe(c.rules(), draft, r -> RuleRefs.usesZone(r, id));
      if (rules != null) {
        users.add(rules);
      }
      deletes.put(Keys.PLAYLISTS, List.of(id)); // the zone's own playlist goes with it
      return users.isEmpty() ? null : String.join(", ", users);
    });
  }

  private Future<String> screenInUse(String id, Catalog c, Map<String, Map<String, String>> puts, Map<String, List<String>> deletes) {
    return draftRules().map(draft -> {
      deletes.put(Keys.SCREEN_STATE, List.of(id));
      deletes.put(Keys.SCREEN_NOW, List.of(id));
      return RuleRefs.describe(c.rules(), draft, r -> RuleRefs.usesScreen(r, id));
    });
  }

  /** Rules showing it block the delete; playlists simply lose it. */
  private Future<String> contentInUse(String id, Catalog c, Map<String, Map<String, String>> puts, Map<String, List<String>> deletes) {
    return draftRules().map(draft -> {
      Map<String, String> changed = new LinkedHashMap<>();
      for (Playlist p : c.playlists()) {
        Playlist without = withoutContent(p, id);
        if (!without.equals(p)) {
          changed.put(p.zone(), Json.write(without));
        }
      }
      puts.put(Keys.PLAYLISTS, changed);
      return RuleRefs.describe(c.rules(), draft, r -> RuleRefs.usesContent(r, id));
    });
  }

  static Playlist withoutContent(Playlist p, String content) {
    Function<List<Playlist.Item>, List<Playlist.Item>> strip = items -> items == null ? null
        : items.stream().filter(i -> !content.equals(i.content())).toList();
    List<Playlist.Daypart> dayparts = p.dayparts() == null ? null : p.dayparts().stream()
        .map(d -> new Playlist.Daypart(d.name(), d.weekdays(), d.from(), d.to(), strip.apply(d.items()))).toList();
    return new Playlist(p.zone(), strip.apply(p.items()), dayparts);
  }

  /** Deleting a shopper is erasing them everywhere (faces, consent, presence, caps, plays). */
  private void eraseShopper(RoutingContext ctx, String id) {
    if (updates.holder().get().shopper(id).isEmpty()) {
      ApiErrors.notFound(ctx, "no shopper '" + id + "'");
      return;
    }
    updates.change("shoppers", List.of(id), c -> eraser.erase(id))
        .onSuccess(removed -> ApiErrors.send(ctx, 200, Map.of("erased", id, "removed", removed)))
        .onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  /** {@code {"secret"}}: the member's secret for the built-in member login, stored as PBKDF2 only. */
  public record SecretBody(String secret) {
  }

  /** An admin sets a member's secret (the loyalty programme's, or a new one for a member who lost theirs). */
  private void setSecret(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    SecretBody body = Bodies.read(ctx, SecretBody.class);
    if (body == null) {
      return;
    }
    if (body.secret() == null || body.secret().length() < MemberSecrets.MIN_LENGTH || body.secret().length() > MemberSecrets.MAX_LENGTH) {
      ApiErrors.invalid(ctx, "secret", "required, " + MemberSecrets.MIN_LENGTH + ".." + MemberSecrets.MAX_LENGTH + " characters");
      return;
    }
    if (updates.holder().get().shopper(id).isEmpty()) {
      ApiErrors.notFound(ctx, "no shopper '" + id + "'");
      return;
    }
    ApiErrors.answer(ctx, secrets.hash(body.secret()).compose(hash -> updates.change("shoppers", List.of(id), c -> {
      Optional<ShopperProfile> p = c.shopper(id);
      if (p.isEmpty()) {
        ApiErrors.notFound(ctx, "no shopper '" + id + "'");
        return Future.succeededFuture(null);
      }
      return store.writeAtomically(Map.of(Keys.SHOPPERS, Map.of(id, Json.write(p.get().withSecretHash(hash)))), Map.of()).map(true);
    })), 204, done -> null);
  }

  // ---- playlists (one per zone, addressed by zone) --------------------------------------------

  private void playlists(Router router) {
    Handler<RoutingContext> writer = ConsoleAuth.require(Role.EDITOR, "change playlists");
    router.get("/api/playlists").handler(ctx -> ApiErrors.send(ctx, 200, updates.holder().get().playlists()));
    router.get("/api/playlists/:zone").handler(ctx -> updates.holder().get().playlist(ctx.pathParam("zone")).ifPresentOrElse(
        p -> ApiErrors.send(ctx, 200, p), () -> ApiErrors.notFound(ctx, "no playlist for zone '" + ctx.pathParam("zone") + "'")));
    router.put("/api/playlists/:zone").handler(writer).handler(ctx -> {
      Playlist p = Bodies.read(ctx, Playlist.class);
      if (p == null) {
        return;
      }
      String zone = ctx.pathParam("zone");
      Playlist fixed = new Playlist(p.zone() == null ? zone : p.zone(), p.items(), p.dayparts());
      if (!zone.equals(fixed.zone())) {
        ApiErrors.invalid(ctx, "zone", "must equal the zone in the URL ('" + zone + "')");
        return;
      }
      ApiErrors.answer(ctx, updates.change("playlists", List.of(zone), c -> {
        List<Problem> problems = ApiErrors.problems(PlaylistValidator.check(fixed, zoneIds(c),
            c.contentItems().stream().map(ContentItem::id).toList(), Source.CONSOLE));
        if (!problems.isEmpty()) {
          ApiErrors.invalid(ctx, problems);
          return Future.succeededFuture(null);
        }
        return store.writeAtomically(Map.of(Keys.PLAYLISTS, Map.of(zone, Json.write(fixed))), Map.of()).map(fixed);
      }), 200, saved -> saved);
    });
    router.delete("/api/playlists/:zone").handler(writer).handler(ctx -> {
      String zone = ctx.pathParam("zone");
      ApiErrors.answer(ctx, updates.change("playlists", List.of(zone), c -> {
        if (c.playlist(zone).isEmpty()) {
          ApiErrors.notFound(ctx, "no playlist for zone '" + zone + "'");
          return Future.succeededFuture(null);
        }
        return store.writeAtomically(Map.of(), Map.of(Keys.PLAYLISTS, List.of(zone))).map(true);
      }), 204, done -> null);
    });
  }

  // ---- devices: credentials are hashed, a generated password is shown once -----------------

  /** A device as the API shows it: never a password or its hash; whether it is connected now. */
  record DeviceView(String id, String kind, String zone, Map<String, String> cameras, Map<String, String> zones,
      String siteId, org.vitrine.hub.catalog.Position position, boolean online, String password) {

    static DeviceView of(Device d, boolean online, String password) {
      return new DeviceView(d.id(), d.kind(), d.zone(), d.cameras(), d.zones(), d.siteId(), d.position(), online, password);
    }
  }

  private void devices(Router router) {
    Handler<RoutingContext> writer = ConsoleAuth.require(Role.ADMIN, "change devices");
    router.get("/api/devices").handler(ctx -> {
      Set<String> online = onlineDevices.get();
      ApiErrors.send(ctx, 200, updates.holder().get().devices().stream()
          .map(d -> DeviceView.of(d, online.contains(d.id()), null)).toList());
    });
    router.get("/api/devices/:id").handler(ctx -> updates.holder().get().device(ctx.pathParam("id")).ifPresentOrElse(
        d -> ApiErrors.send(ctx, 200, DeviceView.of(d, onlineDevices.get().contains(d.id()), null)),
        () -> ApiErrors.notFound(ctx, "no device '" + ctx.pathParam("id") + "'")));
    router.post("/api/devices").handler(writer).handler(ctx -> saveDevice(ctx, null));
    router.put("/api/devices/:id").handler(writer).handler(ctx -> saveDevice(ctx, ctx.pathParam("id")));
    router.delete("/api/devices/:id").handler(writer).handler(ctx -> {
      String id = ctx.pathParam("id");
      ApiErrors.answer(ctx, updates.change("devices", List.of(id), c -> {
        if (c.device(id).isEmpty()) {
          ApiErrors.notFound(ctx, "no device '" + id + "'");
          return Future.succeededFuture(null);
        }
        return draftRules().compose(draft -> {
          String why = RuleRefs.describe(c.rules(), draft, r -> RuleRefs.usesDevice(r, id));
          if (why != null) {
            ApiErrors.conflict(ctx, "device '" + id + "' is in use by " + why + ": change those first");
            return Future.succeededFuture(null);
          }
          return store.writeAtomically(Map.of(), Map.of(Keys.DEVICES, List.of(id))).map(true);
        });
      }), 204, done -> null);
    });
  }

  private void saveDevice(RoutingContext ctx, String pathId) {
    Device d = Bodies.read(ctx, Device.class);
    if (d == null) {
      return;
    }
    if (pathId != null && !pathId.equals(d.id())) {
      ApiErrors.invalid(ctx, "id", "must equal the id in the URL ('" + pathId + "'); ids cannot be renamed");
      return;
    }
    ApiErrors.answer(ctx, updates.change("devices", List.of(String.valueOf(d.id())), c -> {
      Device old = d.id() == null ? null : c.device(d.id()).orElse(null);
      if (pathId == null && old != null) {
        ApiErrors.conflict(ctx, "device '" + d.id() + "' already exists (PUT /api/devices/" + d.id() + " replaces it)");
        return Future.succeededFuture(null);
      }
      if (pathId != null && old == null) {
        ApiErrors.notFound(ctx, "no device '" + pathId + "' (POST /api/devices creates it)");
        return Future.succeededFuture(null);
      }
      Map<String, String> otherSites = new LinkedHashMap<>();
      c.devices().stream().filter(o -> !o.id().equals(d.id()) && o.siteId() != null).forEach(o -> otherSites.putIfAbsent(o.siteId(), o.id()));
      List<Problem> problems = ApiErrors.problems(DeviceValidator.check(d, zoneIds(c), otherSites, Source.CONSOLE));
      if (!problems.isEmpty()) {
        ApiErrors.invalid(ctx, problems);
        return Future.succeededFuture(null);
      }
      String generated = pathId == null && d.password() == null ? newPassword() : null;
      String password = generated != null ? generated : d.password();
      Device stored = password != null
          ? withPassword(d, password).withHashedPassword()
          : withHash(d, old.passwordHash());
      return store.writeAtomically(Map.of(Keys.DEVICES, Map.of(d.id(), Json.write(stored))), Map.of())
          .map(v -> DeviceView.of(stored, onlineDevices.get().contains(stored.id()), generated));
    }), pathId == null ? 201 : 200, view -> view);
  }

  private static Device withPassword(Device d, String password) {
    return new Device(d.id(), d.kind(), d.zone(), password, null, d.cameras(), d.zones(), d.siteId(), d.position());
  }

  private static Device withHash(Device d, String hash) {
    return new Device(d.id(), d.kind(), d.zone(), null, hash, d.cameras(), d.zones(), d.siteId(), d.position());
  }

  private static String newPassword() {
    String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
