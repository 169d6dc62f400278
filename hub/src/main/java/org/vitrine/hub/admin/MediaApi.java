package org.vitrine.hub.admin;

import org.vitrine.hub.web.ApiErrors;
import io.vertx.core.Vertx;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.auth.ConsoleAuth;
import org.vitrine.hub.auth.Role;

/**
 * Media uploads: stored by the hub under the media directory, named by their SHA-256 (the same
 * file uploaded twice is kept once, and a name never changes meaning), served at /uploads/.
 */
public final class MediaApi {

  private static final Logger LOG = LoggerFactory.getLogger(MediaApi.class);
  /** What screens can show; SVG is left out on purpose: it can carry scripts. */
  static final Map<String, String> TYPES = Map.of(
      "image/png", "png", "image/jpeg", "jpg", "image/gif", "gif", "image/webp", "webp",
      "video/mp4", "mp4", "video/webm", "webm");

  private final Vertx vertx;
  private final Path dir;
  private final long maxBytes;

  public MediaApi(Vertx vertx, Path dir, int maxMb) {
    this.vertx = vertx;
    this.dir = dir.toAbsolutePath();
    this.maxBytes = maxMb * 1024L * 1024L;
  }

  /** Serving needs no login: screens load the files. */
  public void addPublicRoutes(Router router) {
    router.get("/uploads/*").handler(StaticHandler.create(FileSystemAccess.ROOT, dir.toString())
        .setCachingEnabled(true).setMaxAgeSeconds(7 * 24 * 3600).setDirectoryListing(false));
  }

  /**
   * Behind the login check: the role is checked before the upload's body handler, so nothing a
   * viewer (or anyone) sends is streamed to disk; a Content-Length over the limit is refused (413)
   * before a byte is read.
   */
  public void addTo(Router router) {
    BodyHandler body = BodyHandler.create(dir.resolve(".incoming").toString()).setBodyLimit(maxBytes)
        .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true);
    // wrapped: Vert.x refuses a body handler after a plain one on a route, but this order is the point
    // (the request stays paused by the login check until here)
    router.post("/api/media").handler(ConsoleAuth.require(Role.EDITOR, "upload media")).handler(body::handle)
        .handler(this::upload);
  }

  private void upload(RoutingContext ctx) {
    FileUpload file = ctx.fileUploads().stream().filter(f -> f.name().equals("file")).findFirst().orElse(null);
    if (file == null) {
      ApiErrors.invalid(ctx, "file", "send the file as multipart/form-data field 'file'");
      return;
    }
    String type = file.contentType() == null ? "" : file.contentType().toLowerCase(Locale.ROOT).split(";")[0].trim();
    String ext = TYPES.get(type);
    if (ext == null) {
      ApiErrors.invalid(ctx, "file", "type '" + type + "' cannot be shown on screens; upload PNG, JPEG, GIF, WebP, MP4 or WebM");
      return;
    }
    vertx.executeBlocking(() -> store(Path.of(file.uploadedFileName()), ext), false).onSuccess(name -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("src", "/uploads/" + name);
      body.put("bytes", file.size());
      body.put("type", type);
      body.put("originalName", file.fileName());
      LOG.info("media uploaded by {}: {} ({} bytes) → /uploads/{}", ConsoleAuth.nameOf(ctx.user()), file.fileName(), file.size(), name);
      ApiErrors.send(ctx, 201, body);
    }).onFailure(e -> ApiErrors.unavailable(ctx, e));
  }

  private String store(Path uploaded, String ext) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(uploaded), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    String name = HexFormat.of().formatHex(sha.digest()).substring(0, 32) + "." + ext;
    Files.createDirectories(dir);
    Path target = dir.resolve(name);
    if (!Files.exists(target)) {
      Files.copy(uploaded, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return name;
  }
}
