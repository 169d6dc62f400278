package org.vitrine.hub.identity;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.redis.Scan;

/**
 * Enrolled faces and consent records in Redis (the source of truth; {@link FaceGallery} caches
 * them). Both keys of a shopper are written together and carry the same TTL, the end of the visit:
 * when it passes Redis deletes them by itself. Erasure is {@link ErasureStore#eraseShopper}.
 */
public final class IdentityRepository {

  /** The stored form of {@code vitrine:face:<shopper>}: unit-length embeddings, base64 float32. */
  public record StoredFaces(String shopper, List<String> faces, int dimension, long enrolledAt, long expiresAt) {

    FaceGallery.Enrolment enrolment() {
      return new FaceGallery.Enrolment(faces.stream().map(Vectors::decode).toList(), expiresAt);
    }
  }

  /** {@code vitrine:consent:<shopper>}: who agreed to what, when, how, until when. */
  public record Consent(String shopper, String purpose, List<String> collected, long givenAt, long expiresAt, String via,
      int noticeVersion) {
  }

  private final Redis redis;

  public IdentityRepository(Redis redis) {
    this.redis = redis;
  }

  /** Every enrolment still in Redis (expired ones are already gone), for the cache at start. */
  public Future<Map<String, FaceGallery.Enrolment>> loadAll() {
    return Scan.keys(redis, Keys.FACE_PATTERN).compose(keys -> {
      if (keys.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      Request mget = Request.cmd(Command.MGET);
      keys.forEach(mget::arg);
      return redis.send(mget).map(values -> {
        Map<String, FaceGallery.Enrolment> all = new LinkedHashMap<>();
        for (Response v : values) {
          if (v != null) {
            StoredFaces f = Json.read(v.toString(), StoredFaces.class);
            all.put(f.shopper(), f.enrolment());
          }
        }
        return all;
      });
    });
  }

  public Future<Optional<FaceGallery.Enrolment>> load(String shopper) {
    return redis.send(Request.cmd(Command.GET).arg(Keys.face(shopper)))
        .map(v -> v == null ? Optional.<FaceGallery.Enrolment>empty() : Optional.of(Json.read(v.toString(), StoredFaces.class).enrolment()));
  }

  public Future<Optional<Consent>> consent(String shopper) {
    return redis.send(Request.cmd(Command.GET).arg(Keys.consent(shopper)))
        .map(v -> v == null ? Optional.<Consent>empty() : Optional.of(Json.read(v.toString(), Consent.class)));
  }

  /** True while the shopper has a live consent (checked in, not expired, not erased): one EXISTS, for rules asking it. */
  public Future<Boolean> hasConsent(String shopper) {
    return redis.send(Request.cmd(Command.EXISTS).arg(Keys.consent(shopper))).map(r -> r.toLong() > 0);
  }

  /** Faces and consent in one transaction, both expiring at {@code consent.expiresAt}. */
  public Future<Void> enrol(String shopper, List<float[]> faces, Consent consent) {
    long ttl = Math.max(1, consent.expiresAt() - consent.givenAt());
    List<String> encoded = new ArrayList<>();
    faces.forEach(f -> encoded.add(Vectors.encode(f)));
    StoredFaces stored = new StoredFaces(shopper, encoded, faces.get(0).length, consent.givenAt(), consent.expiresAt());
    return redis.batch(List.of(
        Request.cmd(Command.MULTI),
        Request.cmd(Command.SET).arg(Keys.face(shopper)).arg(Json.write(stored)).arg("PX").arg(ttl),
        Request.cmd(Command.SET).arg(Keys.consent(shopper)).arg(Json.write(consent)).arg("PX").arg(ttl),
        Request.cmd(Command.EXEC))).mapEmpty();
  }
}
