package org.vitrine.hub.identity;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.CatalogUpdates;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.EnrolRequest;
import org.vitrine.hub.events.EnrolResult;
import org.vitrine.hub.events.IdentityChanged;
import org.vitrine.hub.events.ShopperErased;
import org.vitrine.hub.events.Sighting;
import org.vitrine.hub.ops.Counters;

/**
 * The identity step between the MQTT endpoint and presence: a sighting with a face embedding and no
 * shopper is matched against the enrolled, consenting shoppers ({@link FaceGallery}), once per
 * camera track ({@link TrackMemory}); it goes on to presence with the shopper decided and without
 * the embedding. All cameras share this one gallery, so a shopper enrolled at the entrance is the
 * same shopper in every zone. Also enrols the face the check-in camera sees when a shopper agrees
 * on the phone page ({@link CheckinCandidates}).
 */
public final class IdentityVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityVerticle.class);
  /** A track silent this long is over (the camera agent reports a visible track every 2 s). */
  static final long TRACK_LIFE_MILLIS = 60_000;
  /** Recognition latency: matching one face in the hub (Prometheus {@code vitrine_recognition_seconds}). */
  private static final io.micrometer.core.instrument.Timer RECOGNITION = io.micrometer.core.instrument.Timer
      .builder("vitrine.recognition").description("matching one sighting's face against the enrolled shoppers")
      .publishPercentiles(0.5, 0.99).register(io.micrometer.core.instrument.Metrics.globalRegistry);
  /** Bounds the track memory if a device invents track ids without end. */
  static final int MAX_TRACKS = 20_000;
  /** A shopper checking in again adds a face; the oldest beyond this go. */
  static final int MAX_FACES_PER_SHOPPER = 3;
  static final int NOTICE_VERSION = 1;
  static final String PURPOSE = "recognise me on this store's cameras during this visit, so its screens can show me "
      + "what suits my loyalty profile";
  static final List<String> COLLECTED = List.of(
      "a face embedding: 128 numbers the camera computes from your face (never a photo)",
      "the zones you walk through and when",
      "what the screens showed you");

  private final IdentityRepository repo;
  private final CatalogHolder catalog;
  /** The catalog's one write path: an erased member's profile leaves this instance's snapshot through it. */
  private final CatalogUpdates updates;
  private final Counters counters;
  private final HubConfig.Identity config;
  private final String checkinZone;
  private final FaceGallery gallery;
  private final TrackMemory memory = new TrackMemory(TRACK_LIFE_MILLIS, MAX_TRACKS);
  private final CheckinCandidates candidates;

  public IdentityVerticle(IdentityRepository repo, CatalogUpdates updates, Counters counters, HubConfig.Identity config,
      HubConfig.Checkin checkin) {
    this.repo = repo;
    this.updates = updates;
    this.catalog = updates.holder();
    this.counters = counters;
    this.config = config;
    this.checkinZone = checkin.zone;
    this.gallery = new FaceGallery(config.matchThreshold);
    this.candidates = new CheckinCandidates(checkin.faceSeconds * 1000L, config.matchThreshold);
  }

  @Override
  public Future<?> start() {
    return repo.loadAll().onSuccess(all -> {
      all.forEach(gallery::put);
      LOG.info("identity: {} enrolled shopper(s) loaded from Redis, match threshold {}", all.size(), config.matchThreshold);
      vertx.eventBus().<Sighting>consumer(Addresses.SIGHTING, this::onSighting);
      vertx.eventBus().<EnrolRequest>consumer(Addresses.IDENTITY_ENROL, this::onEnrol);
      vertx.eventBus().<IdentityChanged>consumer(Addresses.IDENTITY_CHANGED, m -> reload(m.body().shopper()));
      vertx.eventBus().<ShopperErased>consumer(Addresses.SHOPPER_ERASED, m -> forget(m.body().shopper(), m.body().profile()));
      vertx.setPeriodic(1000, id -> sweep());
    });
  }

  private void onSighting(Message<Sighting> m) {
    Sighting s = m.body();
    if (s.shopper() != null || s.embedding() == null) {
      // named by the device itself (simulator, Frigate, Double Take) or no face: nothing to match
      forward(s.embedding() == null ? s : s.identified(s.shopper(), s.confidence()));
      return;
    }
    long now = System.currentTimeMillis();
    long started = System.nanoTime();
    float[] face = Vectors.normalised(s.embedding());
    if (face == null) {
      forward(s.identified(null, null));
      return;
    }
    String shopper;
    Double score;
    Optional<TrackMemory.Answer> known = memory.recall(s.device(), s.track(), s.quality(), gallery.version(), now);
    if (known.isPresent()) {
      shopper = known.get().shopper();
      score = shopper == null ? null : known.get().score();
      counters.increment("identity.remembered");
    } else {
      Optional<FaceGallery.Match> match = gallery.match(face, now);
      shopper = match.map(FaceGallery.Match::shopper).orElse(null);
      score = match.map(FaceGallery.Match::score).orElse(null);
      memory.remember(s.device(), s.track(), shopper, score == null ? 0 : score, s.quality(), gallery.version(), now);
      counters.increment(shopper == null ? "identity.unmatched" : "identity.matched");
    }
    if (shopper != null && catalog.get().shopper(shopper).isEmpty()) {
      shopper = null; // enrolled, but the profile is gone (erased on another instance a moment ago)
      score = null;
    }
    if (checkinZone.equals(s.zone())) {
      candidates.offer(new CheckinCandidates.Face(s.device(), s.track(), face, s.quality() == null ? 0 : s.quality(), now, shopper));
    }
    RECOGNITION.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    forward(s.identified(shopper, score));
  }

  private void forward(Sighting s) {
    vertx.eventBus().send(Addresses.SIGHTING_IDENTIFIED, s);
  }

  private void onEnrol(Message<EnrolRequest> m) {
    String shopper = m.body().shopper();
    long now = System.currentTimeMillis();
    CheckinCandidates.Pick pick = candidates.pick(shopper, now);
    if (pick.face() == null) {
      counters.increment("identity.enrol.refused." + pick.error());
      m.reply(EnrolResult.refused(pick.error(), pick.message()));
      return;
    }
    CheckinCandidates.Face face = pick.face();
    List<float[]> faces = new ArrayList<>();
    faces.add(face.embedding());
    gallery.get(shopper).ifPresent(before -> before.faces().stream()
        .filter(f -> f.length == face.embedding().length)
        .limit(MAX_FACES_PER_SHOPPER - 1)
        .forEach(faces::add));
    long expiresAt = now + config.embeddingTtlSeconds * 1000L;
    IdentityRepository.Consent consent = new IdentityRepository.Consent(shopper, PURPOSE, COLLECTED, now, expiresAt,
        m.body().via(), NOTICE_VERSION);
    repo.enrol(shopper, faces, consent).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("enrolment of {} failed: {}", shopper, ar.cause().toString());
        m.reply(EnrolResult.refused("unavailable", "the store's system could not save your check-in: please try again"));
        return;
      }
      gallery.put(shopper, new FaceGallery.Enrolment(faces, expiresAt));
      // the track at the camera is this shopper from now on: its next sighting is recognised at once
      memory.remember(face.device(), face.track(), shopper, 1.0, face.quality(), gallery.version(), System.currentTimeMillis());
      candidates.offer(new CheckinCandidates.Face(face.device(), face.track(), face.embedding(), face.quality(), face.seenAt(), shopper));
      vertx.eventBus().publish(Addresses.IDENTITY_CHANGED, new IdentityChanged(shopper, "enrolled"));
      counters.increment("identity.enrolled");
      LOG.info("{} checked in via {}: face from {} (quality {}) enrolled until {}", shopper, m.body().via(), face.device(),
          String.format("%.2f", face.quality()), java.time.Instant.ofEpochMilli(expiresAt));
      m.reply(EnrolResult.ok(expiresAt, face.quality()));
    });
  }

  /** Another instance (or this one) changed a shopper's faces: Redis says what they are now. */
  private void reload(String shopper) {
    repo.load(shopper).onSuccess(e -> {
      if (e.isPresent()) {
        if (gallery.get(shopper).map(g -> g.expiresAt() != e.get().expiresAt()).orElse(true)) {
          gallery.put(shopper, e.get());
        }
      } else {
        gallery.remove(shopper);
      }
    }).onFailure(e -> LOG.warn("could not reload the faces of {}: {}", shopper, e.toString()));
  }

  private void forget(String shopper, boolean profile) {
    gallery.remove(shopper);
    memory.forgetShopper(shopper);
    candidates.forgetShopper(shopper);
    if (profile) {
      // this instance's snapshot too: a device naming them (simulator, Frigate) now counts as anonymous
      updates.forgetShopper(shopper);
    }
    LOG.info("{} erased: faces, track memory{} forgotten", shopper, profile ? " and profile" : "");
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    List<String> expired = gallery.expire(now);
    if (!expired.isEmpty()) {
      expired.forEach(e -> counters.increment("identity.expired"));
      LOG.info("check-in expired for {} shopper(s): their faces are forgotten", expired.size());
    }
    memory.sweep(now);
    candidates.sweep(now);
  }
}
