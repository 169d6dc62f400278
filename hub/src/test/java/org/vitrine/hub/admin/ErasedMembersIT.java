package org.vitrine.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vitrine.hub.support.Api;
import org.vitrine.hub.support.TestHub;

/** A shopper erased in the console stays erased when the loyalty export (conf/shoppers.yaml) is imported again. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ErasedMembersIT {

  @Test
  void anErasedMemberDoesNotComeBackWithTheNextConfImportUnlessAnAdminAddsThemAgain(Vertx vertx) throws Exception {
    Path conf = TestHub.copyOfDemoConf();
    try (TestHub hub = TestHub.start(vertx, conf, Files.createTempDirectory("vitrine-data").resolve("redis"), 30,
        c -> c.confWatchMillis = 200)) {
      Api admin = Api.as(hub.httpPort(), "admin");
      // GIVEN Anna was erased ("forget me" by an admin)
      assertThat(admin.delete("/api/shoppers/anna").status()).isEqualTo(200);
      assertThat(admin.get("/api/shoppers/anna").status()).isEqualTo(404);

      // WHEN the loyalty export is imported again (the file changes while the hub runs; Ben's new
      // name proves the import ran)
      Path export = conf.resolve("shoppers.yaml");
      Files.writeString(export, Files.readString(export).replace("    name: Ben\n", "    name: Ben B.\n"));
      admin.awaitShopperName("ben", "Ben B.");

      // THEN the others are there, Anna is not
      assertThat(admin.get("/api/shoppers/anna").status()).isEqualTo(404);

      // AND an admin may add her again on purpose (she re-joined)
      assertThat(admin.post("/api/shoppers", new JsonObject().put("id", "anna").put("name", "Anna")).status()).isEqualTo(201);
      Files.writeString(export, Files.readString(export).replace("    name: Ben B.\n", "    name: Ben\n"));
      admin.awaitShopperName("ben", "Ben");
      assertThat(admin.get("/api/shoppers/anna").json().getJsonArray("interests")).as("from the export again").isNotEmpty();
    }
  }
}
