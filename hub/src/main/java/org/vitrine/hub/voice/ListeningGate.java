package org.vitrine.hub.voice;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which speakers are heard now. A satellite that never says when to listen (a plain microphone,
 * the browser page) is heard all the time, its utterances ended by silence. One that announces
 * listening (Hermes {@code hermes/asr/startListening}, or {@code hermes/hotword/<id>/detected} from
 * its wake word, as Rhasspy satellites do) is heard only then: from its first announcement on,
 * audio outside a listening window is dropped unrecognised, so talk near the speaker that was not
 * meant for it is never transcribed. A window lasts {@code windowMillis} after the announcement and
 * after each answered utterance (a follow-up such as "anything else?" needs no second wake word),
 * and closes at {@code stopListening}. Pure: the caller gives the time.
 */
final class ListeningGate {

  private final long windowMillis;
  private final Set<String> announcing = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> openUntil = new ConcurrentHashMap<>();
  /** Sites whose last frame was heard: the first dropped frame after them ends the utterance. */
  private final Set<String> hearing = ConcurrentHashMap.newKeySet();

  ListeningGate(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** startListening or a wake word: heard for the next window, and gated from now on. */
  void opened(String site, long now) {
    announcing.add(site);
    openUntil.put(site, now + windowMillis);
  }

  /** An utterance was answered while the window was open: it stays open for a follow-up. */
  void answered(String site, long now) {
    openUntil.computeIfPresent(site, (s, until) -> until > now ? now + windowMillis : until);
  }

  /** stopListening. */
  void closed(String site) {
    openUntil.remove(site);
  }

  boolean hears(String site, long now) {
    boolean heard = !announcing.contains(site) || openUntil.getOrDefault(site, 0L) > now;
    if (heard) {
      hearing.add(site);
    }
    return heard;
  }

  /** True once for the first dropped frame after heard ones: the utterance in progress ends there. */
  boolean justClosed(String site) {
    return hearing.remove(site);
  }

  boolean gated(String site) {
    return announcing.contains(site);
  }
}
