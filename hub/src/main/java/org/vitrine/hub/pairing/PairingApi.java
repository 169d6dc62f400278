package org.vitrine.hub.pairing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.vitrine.hub.web.ApiErrors;
import org.vitrine.hub.web.Bodies;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.Device;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.CredentialsChanged;

/**
 * The admins' side of pairing (behind the console login): pair a waiting player by its code, issue
 * a token for a kiosk, revoke one (its live socket closes at once), and see which screens and
 * browser speakers are paired and when each was last seen.
 */
public final class PairingApi {

  private final Vertx vertx;
  private final CatalogHolder catalog;
  private final Credentials credentials;
  private final Pairing pairing;
  private final Supplier<Set<String>> onlineScreens;

  public PairingApi(Vertx vertx, CatalogHolder catalog, Credentials credentials, Pairing pairing, Supplier<Set<String>> onlineScreens) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.credentials = credentials;
    this.pairing = pairing;
    this.onlineScreens = onlineScreens;
  }

  public record PairBody(String code) {
  }

  public void addTo(Router router) {
    var admin = ConsoleAuth.require(Role.ADMIN, "pair screens and speakers");
    router.get("/api/pairings").handler(this::overview);
    for (String kind : List.of(Credentials.SCREEN, Credentials.SPEAKER)) {
      String base = kind.equals(Credentials.SCREEN) ? "/api/screens/:id" : "/api/devices/:id";
      router.post(base + "/pair").handler(admin).handler(ctx -> ifKnown(ctx, kind, id -> pair(ctx, kind, id)));
      router.post(base + "/token").handler(admin).handler(ctx -> ifKnown(ctx, kind, id -> issue(ctx, kind, id)));
      router.delete(base + "/token").handler(admin).handler(ctx -> ifKnown(ctx, kind, id -> revoke(ctx, kind, id)));
    }
  }

  /** Runs {@code then} when the path names a screen (or a speaker device); answers 404/409 otherwise. */
  private void ifKnown(RoutingContext ctx, String kind, java.util.function.Consumer<String> then) {
    String id = ctx.pathParam("id");
    if (kind.equals(Credentials.SCREEN)) {
      if (catalog.get().screen(id).isEmpty()) {
        ApiErrors.notFound(ctx, "no screen '" + org.vitrine.hub.ops.LogText.safe(id) + "'");
        return;
      }
    } else {
      Device d = catalog.get().device(id).orElse(null);
      if (d == null) {
        ApiErrors.notFound(ctx, "no device '" + org.vitrine.hub.ops.LogText.safe(id) + "'");
        return;
      }
      if (!Device.SPEAKER.equals(d.kind())) {
        ApiErrors.conflict(ctx, "device '" + id + "' is a " + d.kind() + ": only speakers are paired with a browser; "
            + "other devices log in over MQTT with their password");
        return;
      }
    }
    then.accept(id);
  }

  private void pair(RoutingContext ctx, String kind, String id) {
    PairBody body = Bodies.read(ctx, PairBody.class);
    if (body == null) {
      return;
    }
    String code = Pairing.normalise(body.code());
    if (code == null) {
      ApiErrors.invalid(ctx, "code", "the 6 letters and digits the screen shows, e.g. K7P-4QX");
      return;
    }
    pairing.claim(code, kind, id, ConsoleAuth.nameOf(ctx.user())).onSuccess(outcome -> {
      switch (outcome) {
        case PAIRED -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put(kind, id);
          out.put("paired", true);
          out.put("pairedAt", System.currentTimeMillis());
          ApiErrors.send(ctx, 200, out);
        }
        case NO_SUCH_CODE -> ApiErrors.notFound(ctx, "no " + kind + " page shows the code " + code
            + " (a code lasts 10 minutes and works once): check it, or reload the page for a new one");
        case WRONG_KIND -> ApiErrors.conflict(ctx, "code " + code + " is shown by a " + (kind.equals(Credentials.SCREEN) ? "speaker"
            : "screen") + " page, not a " + kind + " page");
        default -> ApiErrors.send(ctx, 410, Map.of("error", "gone", "message",
            "the page that showed code " + code + " has closed: reload it and enter its new code"));
      }
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void issue(RoutingContext ctx, String kind, String id) {
    credentials.issue(kind, id, ConsoleAuth.nameOf(ctx.user())).onSuccess(token -> {
      changed(kind, id);
      ApiErrors.send(ctx, 201, Map.of("token", token));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void revoke(RoutingContext ctx, String kind, String id) {
    credentials.revoke(kind, id).onSuccess(had -> {
      changed(kind, id);
      ctx.response().setStatusCode(204).end();
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private void changed(String kind, String id) {
    vertx.eventBus().publish(Addresses.CREDENTIALS_CHANGED, new CredentialsChanged(kind, id, System.currentTimeMillis()));
  }

  /** {@code {"screens":[{id, name, zone, paired, pairedAt, pairedBy, online, lastSeen, lastSeenFrom}], "speakers":[…]}}. */
  private void overview(RoutingContext ctx) {
    Future.all(credentials.overview(Credentials.SCREEN), credentials.overview(Credentials.SPEAKER)).onSuccess(all -> {
      Map<String, Map<String, Object>> screens = all.resultAt(0);
      Map<String, Map<String, Object>> speakers = all.resultAt(1);
      Set<String> online = onlineScreens.get();
      List<Map<String, Object>> s = new ArrayList<>();
      for (Screen sc : catalog.get().screens()) {
        s.add(row(sc.id(), sc.name(), sc.zone(), screens.get(sc.id()), online.contains(sc.id())));
      }
      List<Map<String, Object>> sp = new ArrayList<>();
      for (Device d : catalog.get().devices()) {
        if (Device.SPEAKER.equals(d.kind())) {
          Map<String, Object> stored = speakers.get(d.id());
          sp.add(row(d.id(), d.siteId(), d.zone(), stored, stored != null && Boolean.TRUE.equals(stored.get("online"))));
        }
      }
      ApiErrors.send(ctx, 200, Map.of("screens", s, "speakers", sp));
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private static Map<String, Object> row(String id, String name, String zone, Map<String, Object> stored, boolean online) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("zone", zone);
    m.put("paired", stored != null && stored.containsKey("pairedAt"));
    m.put("pairedAt", stored == null ? null : stored.get("pairedAt"));
    m.put("pairedBy", stored == null ? null : stored.get("pairedBy"));
    m.put("online", online);
    m.put("lastSeen", stored == null ? null : stored.get("lastSeen"));
    m.put("lastSeenFrom", stored == null ? null : stored.get("lastSeenFrom"));
    return m;
  }
}
