package org.vitrine.hub.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each camera track turned out to be, for the track's life, so a face is matched once per
 * track rather than on every sighting. An answer is reused while the gallery is unchanged and the
 * new face is not clearly better; otherwise the face is matched again. Keeps only the answer
 * (shopper id or nobody), never the embedding. Pure: no I/O, no clock of its own.
 */
public final class TrackMemory {

  /** A face this much better (quality 0..1) than the one matched is matched again. */
  static final double BETTER_BY = 0.05;

  /** The remembered answer for one track. {@code shopper} null = nobody enrolled. */
  public record Answer(String shopper, double score, double quality, long galleryVersion, long lastSeen) {
  }

  private final long lifeMillis;
  private final int maxTracks;
  /** Access order, so the least recently seen track goes first when a camera floods us with tracks. */
  private final LinkedHashMap<String, Answer> byTrack;

  public TrackMemory(long lifeMillis, int maxTracks) {
    this.lifeMillis = lifeMillis;
    this.maxTracks = maxTracks;
    this.byTrack = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
        return size() > TrackMemory.this.maxTracks;
      }
    };
  }

  private static String key(String device, String track) {
    return device + '\u0000' + track;
  }

  /** The answer to reuse for this sighting, or empty when the face must be matched (again). */
  public Optional<Answer> recall(String device, String track, Double quality, long galleryVersion, long now) {
    Answer a = byTrack.get(key(device, track));
    if (a == null || a.galleryVersion() != galleryVersion || now - a.lastSeen() > lifeMillis) {
      return Optional.empty();
    }
    if (quality != null && quality > a.quality() + BETTER_BY) {
      return Optional.empty(); // a clearly better face: check again
    }
    Answer seen = new Answer(a.shopper(), a.score(), a.quality(), a.galleryVersion(), now);
    byTrack.put(key(device, track), seen);
    return Optional.of(seen);
  }

  public void remember(String device, String track, String shopper, double score, Double quality, long galleryVersion, long now) {
    byTrack.put(key(device, track), new Answer(shopper, score, quality == null ? 0 : quality, galleryVersion, now));
  }

  /** Erasure: no track stays linked to this shopper. */
  public void forgetShopper(String shopper) {
    byTrack.values().removeIf(a -> shopper.equals(a.shopper()));
  }

  /** Tracks unseen for longer than their life are over. */
  public void sweep(long now) {
    byTrack.values().removeIf(a -> now - a.lastSeen() > lifeMillis);
  }

  public int size() {
    return byTrack.size();
  }
}
