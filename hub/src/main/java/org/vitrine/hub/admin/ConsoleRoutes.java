package org.vitrine.hub.admin;

import org.vitrine.hub.web.ApiErrors;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Consumer;
import org.vitrine.hub.audit.AuditTrail;
import org.vitrine.hub.auth.AuthApi;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.live.LiveApi;

/**
 * Mounts the operators' REST API in the order that keeps the trust boundary: public routes (login
 * with its own small body limit, the API document, the event stream that logs in by query), then
 * the login check for every other /api route — which pauses the request, so not one byte of a
 * body is read, and no upload touches the disk, before the caller is known — then the audit
 * recorder, the body handlers (uploads only after the editor role is proven), and the features.
 */
public final class ConsoleRoutes {

  private static final long BODY_LIMIT = 256 * 1024;
  /** A login is two short strings. */
  private static final long LOGIN_BODY_LIMIT = 4 * 1024;

  private ConsoleRoutes() {
  }

  /** The API's parts; {@code features} add their routes behind the login and the body handler. */
  public record Parts(ConsoleAuth auth, AuthApi authApi, AuditTrail audit, MediaApi media, LiveApi live,
      List<Consumer<Router>> features) {
  }

  public static void mount(Router router, Parts p) {
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml")
        .sendFile("api/openapi.yaml"));
    router.post("/api/auth/login").handler(BodyHandler.create().setBodyLimit(LOGIN_BODY_LIMIT).setHandleFileUploads(false));
    p.authApi().addPublicRoutes(router);
    p.media().addPublicRoutes(router);
    p.live().addEventsRoute(router);
    // everything below needs a logged-in user, checked before any body is read
    router.route("/api/*").handler(p.auth().authenticated());
    router.route("/api/*").handler(p.audit().recorder());
    p.media().addTo(router);
    BodyHandler body = BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false);
    router.route("/api/*").handler(ctx -> {
      io.vertx.core.http.HttpMethod m = ctx.request().method();
      if (ctx.request().path().startsWith("/api/media")) {
        ctx.next();
      } else if (m == io.vertx.core.http.HttpMethod.GET || m == io.vertx.core.http.HttpMethod.HEAD
          || m == io.vertx.core.http.HttpMethod.OPTIONS) {
        // a body on a read is ignored (Vert.x's body handler would fail a multipart one with a 500)
        ctx.request().resume();
        ctx.next();
      } else {
        body.handle(ctx);
      }
    });
    p.authApi().addTo(router);
    p.audit().addTo(router);
    p.live().addTo(router);
    p.features().forEach(f -> f.accept(router));
    // an /api path nobody answered is a 404 in JSON, not the static files' HTML
    router.route("/api/*").handler(ctx -> ApiErrors.notFound(ctx, "no such API route: " + ctx.request().method() + " "
        + org.vitrine.hub.ops.LogText.safe(ctx.request().path()) + " (see /api/openapi.yaml)"));
  }
}
