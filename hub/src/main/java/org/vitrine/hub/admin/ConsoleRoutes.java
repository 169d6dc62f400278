package org.vitrine.hub.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.vitrine.hub.auth.AuthApi;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.live.LiveApi;

/**
 * Mounts the operators' REST API in the right order: public routes, then the login check for every
 * other /api route, then the feature routes. Failures of /api routes are answered as JSON.
 */
public final class ConsoleRoutes {

  private static final long BODY_LIMIT = 256 * 1024;

  private ConsoleRoutes() {
  }

  public static void mount(Router router, ConsoleAuth auth, AuthApi authApi, CatalogApi catalogApi, RulesApi rulesApi,
      MediaApi mediaApi, LiveApi liveApi, org.vitrine.hub.analytics.AnalyticsApi analyticsApi) {
    router.route("/api/*").failureHandler(ApiErrors::onFailure);
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml")
        .sendFile("api/openapi.yaml"));
    BodyHandler body = BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false);
    router.post("/api/auth/login").handler(body);
    authApi.addPublicRoutes(router);
    mediaApi.addPublicRoutes(router);
    liveApi.addEventsRoute(router);
    // bodies are read before the login check (Vert.x wants the body handler first); uploads go to disk
    mediaApi.addBodyHandler(router);
    router.route("/api/*").handler(ctx -> {
      if (ctx.request().path().startsWith("/api/media")) {
        ctx.next();
      } else {
        body.handle(ctx);
      }
    });
    // everything below needs a logged-in user
    router.route("/api/*").handler(auth.authenticated());
    mediaApi.addTo(router);
    authApi.addTo(router);
    catalogApi.addTo(router);
    rulesApi.addTo(router);
    liveApi.addTo(router);
    analyticsApi.addTo(router);
    // an /api path nobody answered is a 404 in JSON, not the static files' HTML
    router.route("/api/*").handler(ctx -> ApiErrors.notFound(ctx, "no such API route: " + ctx.request().method() + " "
        + ctx.request().path() + " (see /api/openapi.yaml)"));
  }
}
