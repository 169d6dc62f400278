package org.vitrine.voice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.vertx.core.Future;
import org.vitrine.voice.catalog.CatalogLoader;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.model.ModelLocation;
import org.vitrine.voice.model.VoskModel;

/** The real conf/, one real model per test JVM (loading takes a second), helpers. */
public final class TestSupport {

  private static VoskModel model;

  private TestSupport() {
  }

  /** The project's conf/ (surefire passes the project root; running from voice/ works too). */
  public static Path confDir() {
    String root = System.getProperty("vitrine.project.root");
    for (Path candidate : new Path[] {root == null ? null : Path.of(root, "conf"), Path.of("../conf"), Path.of("conf")}) {
      if (candidate != null && Files.isRegularFile(candidate.resolve(CatalogLoader.FILE))) {
        return candidate;
      }
    }
    throw new IllegalStateException("conf/products.yaml not found (set -Dvitrine.project.root)");
  }

  public static ProductCatalog catalog() {
    return CatalogLoader.load(confDir());
  }

  public static synchronized VoskModel model() {
    if (model == null) {
      model = VoskModel.load(ModelLocation.resolve(null));
    }
    return model;
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a Vert.x future from a test thread; failures come back as the cause. */
  public static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 60 s", e);
    }
  }
}
