package org.vitrine.hub.identity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faces the check-in zone's camera saw in the last few seconds: who a shopper scanning the QR
 * code most likely is. In memory only and only for that short window; never stored. Per track the
 * best face (highest quality) is kept. Pure: no I/O, no clock of its own.
 */
public final class CheckinCandidates {

  /** A face seen at the check-in camera; {@code recognisedAs}: the enrolled shopper it matched, or null. */
  public record Face(String device, String track, float[] embedding, double quality, long seenAt, String recognisedAs) {
  }

  /** What enrolment may use: a face, or why there is none. */
  public record Pick(Face face, String error, String message) {
  }

  private static final int MAX_TRACKS = 64;

  private final long windowMillis;
  private final double sameness;
  private final Map<String, Face> byTrack = new LinkedHashMap<>();

  /**
   * @param windowMillis how recent a face must be
   * @param sameness     cosine from which two tracks show the same person (the match threshold)
   */
  public CheckinCandidates(long windowMillis, double sameness) {
    this.windowMillis = windowMillis;
    this.sameness = sameness;
  }

  public void offer(Face f) {
    String key = f.device() + '\u0000' + f.track();
    Face before = byTrack.get(key);
    // keep the best face of the track, but let a fresher one in once the best is getting old
    if (before == null || f.quality() >= before.quality() || f.seenAt() - before.seenAt() > windowMillis / 2) {
      byTrack.remove(key);
      byTrack.put(key, f);
    }
    while (byTrack.size() > MAX_TRACKS) {
      Iterator<String> it = byTrack.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * The face to enrol for {@code shopper}: the best recent face that is nobody else's. Refuses
   * when no face is recent, or when two different unknown people stand at the camera (enrolling
   * the wrong one would follow a stranger under the shopper's name).
   */
  public Pick pick(String shopper, long now) {
    sweep(now);
    List<Face> eligible = new ArrayList<>();
    boolean someoneElse = false;
    for (Face f : byTrack.values()) {
      if (f.recognisedAs() == null || f.recognisedAs().equals(shopper)) {
        eligible.add(f);
      } else {
        someoneElse = true;
      }
    }
    if (eligible.isEmpty()) {
      return new Pick(null, "no-face", someoneElse
          ? "the entrance camera only sees people who are already checked in: stand in front of it and try again"
          : "the entrance camera has not seen your face in the last few seconds: look at it and try again");
    }
    Face best = eligible.get(0);
    for (Face f : eligible) {
      if (f.quality() > best.quality()) {
        best = f;
      }
    }
    for (Face f : eligible) {
      if (f != best && Vectors.cosine(f.embedding(), best.embedding()) < sameness) {
        return new Pick(null, "several-faces",
            "the entrance camera sees more than one person: step up to it alone for a moment and try again");
      }
    }
    return new Pick(best, null, null);
  }

  public void sweep(long now) {
    byTrack.values().removeIf(f -> now - f.seenAt() > windowMillis);
  }

  /** Erasure: faces recognised as this shopper go. */
  public void forgetShopper(String shopper) {
    byTrack.values().removeIf(f -> shopper.equals(f.recognisedAs()));
  }

  public int size() {
    return byTrack.size();
  }
}
