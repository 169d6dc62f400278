package org.vitrine.hub.identity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enrolled, consenting shoppers' face embeddings, in memory (a cache of Redis, rebuilt on
 * start), and the matching itself: a face is the enrolled shopper it is most similar to, if that
 * similarity reaches the threshold. Pure: no I/O, no clock of its own.
 */
public final class FaceGallery {

  /** One shopper's faces (unit vectors) and when they expire (epoch ms). */
  public record Enrolment(List<float[]> faces, long expiresAt) {
  }

  /** The best enrolled shopper for a face and how similar they are. */
  public record Match(String shopper, double score) {
  }

  private final double threshold;
  private final Map<String, Enrolment> byShopper = new HashMap<>();
  /** Bumped on every change, so remembered "nobody" answers are re-checked after an enrolment. */
  private long version;

  public FaceGallery(double threshold) {
    this.threshold = threshold;
  }

  public void put(String shopper, Enrolment enrolment) {
    byShopper.put(shopper, enrolment);
    version++;
  }

  public void remove(String shopper) {
    if (byShopper.remove(shopper) != null) {
      version++;
    }
  }

  public Optional<Enrolment> get(String shopper) {
    return Optional.ofNullable(byShopper.get(shopper));
  }

  /** Drops enrolments whose TTL passed (Redis drops its copy by itself). Returns who expired. */
  public List<String> expire(long now) {
    List<String> gone = byShopper.entrySet().stream().filter(e -> e.getValue().expiresAt() <= now).map(Map.Entry::getKey).toList();
    gone.forEach(this::remove);
    return gone;
  }

  public long version() {
    return version;
  }

  public int size() {
    return byShopper.size();
  }

  /** The enrolled shopper this unit-length face belongs to, if any reaches the threshold. */
  public Optional<Match> match(float[] face, long now) {
    String best = null;
    double bestScore = -2;
    for (Map.Entry<String, Enrolment> e : byShopper.entrySet()) {
      if (e.getValue().expiresAt() <= now) {
        continue;
      }
      for (float[] enrolled : e.getValue().faces()) {
        double score = Vectors.cosine(enrolled, face);
        if (score > bestScore) {
          bestScore = score;
          best = e.getKey();
        }
      }
    }
    return best != null && bestScore >= threshold ? Optional.of(new Match(best, bestScore)) : Optional.empty();
  }

  public double threshold() {
    return threshold;
  }
}
