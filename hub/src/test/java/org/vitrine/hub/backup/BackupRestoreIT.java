package org.vitrine.hub.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.TestHub;

/**
 * The restore drill of the README, end to end: a backup taken while the hub runs, the store
 * changed, the hub stopped, the backup restored, and the hub started again finds the store as it
 * was at the backup: its zones, its users, its media, its CA.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class BackupRestoreIT {

  private static final byte[] PNG = java.util.Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  @Test
  void aBackupTakenWhileTheHubRunsRestoresTheStoreAsItWas(Vertx vertx) throws Exception {
    Path root = Files.createTempDirectory("vitrine-drill");
    Path data = root.resolve("redis");
    TestHub hub = TestHub.start(vertx, TestHub.demoConf(), data, 30, c -> { });
    HubConfig config = new HubConfig();
    config.confDir = TestHub.demoConf();
    config.redis.dataDir = data.toString();
    config.console.mediaDir = data.resolveSibling("media").toString();
    config.tls.dir = hub.tlsDir.toString();
    Path archive = root.resolve("backups").resolve("drill.tar.gz");
    String media;
    byte[] ca = Files.readAllBytes(hub.caPem());
    try {
      Api admin = Api.as(hub.httpPort(), "admin");
      assertThat(admin.post("/api/zones", new JsonObject().put("id", "garden").put("name", "Garden")).status()).isEqualTo(201);
      assertThat(admin.post("/api/users", new JsonObject().put("username", "night-manager").put("role", "editor")
          .put("password", "night-manager-pw")).status()).isEqualTo(201);
      media = admin.upload("/api/media", "sign.png", "image/png", PNG).json().getString("src");

      // WHEN a backup is taken while the hub runs
      Backup.backup(config, archive);
      assertThat(Files.getPosixFilePermissions(archive)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
          java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

      // AND the store changes afterwards
      assertThat(admin.delete("/api/zones/garden").status()).isEqualTo(204);
      assertThat(admin.post("/api/zones", new JsonObject().put("id", "after-backup").put("name", "After")).status()).isEqualTo(201);

      // THEN a restore while the hub runs is refused
      assertThatThrownBy(() -> Backup.restore(config, archive)).hasMessageContaining("stop it first");
    } finally {
      hub.close();
    }

    // WHEN the hub is stopped and the backup restored
    Backup.restore(config, archive);
    assertThat(Files.list(root).map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("redis.before-restore-"));

    // THEN the hub started again has the store as it was at the backup
    TestHub again = TestHub.start(vertx, TestHub.demoConf(), data, 30, c -> c.tls.dir = config.tls.dir);
    try {
      Api admin = Api.as(again.httpPort(), "admin");
      assertThat(admin.get("/api/zones/garden").status()).isEqualTo(200);
      assertThat(admin.get("/api/zones/after-backup").status()).isEqualTo(404);
      assertThat(Api.as(again.httpPort(), "night-manager", "night-manager-pw").get("/api/zones").status()).isEqualTo(200);
      assertThat(Api.anonymous(again.httpPort()).bytes(media)).isEqualTo(PNG);
      assertThat(Files.readAllBytes(again.caPem())).isEqualTo(ca);
    } finally {
      again.close();
    }

    // AND a backup of a stopped hub works too (a redis-server of its own reads the data)
    Path cold = root.resolve("backups").resolve("cold.tar.gz");
    Backup.backup(config, cold);
    assertThat(Files.size(cold)).isPositive();
  }
}
