package org.vitrine.hub.voice;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Hermes dialogue sessions per speaker, as Rhasspy's dialogue manager keeps them: a new sessionId
 * for every wake word, and for every utterance of a satellite that streams without one; the session
 * lasts while the speaker waits for an answer to its question ("…, is that right?") and ends after
 * the answer that asks nothing. Pure: the caller publishes what these transitions return.
 */
final class HermesSessions {

  /** One open session; wakewordId null when it was not started by a wake word. */
  record Session(String id, String siteId, String wakewordId) {
  }

  /** A session and whether this call started it (then sessionStarted is due). */
  record Opened(Session session, boolean started) {
  }

  private final Map<String, Session> open = new HashMap<>();
  private final Supplier<String> ids;

  HermesSessions(Supplier<String> ids) {
    this.ids = ids;
  }

  /** A wake word: always a new session; the one it replaces, if any, is returned to be ended. */
  Optional<Session> wake(String siteId, String wakewordId) {
    Session before = open.put(siteId, new Session(ids.get(), siteId, wakewordId));
    return Optional.ofNullable(before);
  }

  /** The session an utterance belongs to: the open one, or a new one. */
  Opened forUtterance(String siteId) {
    Session s = open.get(siteId);
    if (s != null) {
      return new Opened(s, false);
    }
    s = new Session(ids.get(), siteId, null);
    open.put(siteId, s);
    return new Opened(s, true);
  }

  /** The site's open session, if any. */
  Optional<Session> current(String siteId) {
    return Optional.ofNullable(open.get(siteId));
  }

  /** Ends the site's session if it is still {@code sessionId}; empty when another one has started since. */
  Optional<Session> end(String siteId, String sessionId) {
    Session s = open.get(siteId);
    if (s == null || !s.id().equals(sessionId)) {
      return Optional.empty();
    }
    open.remove(siteId);
    return Optional.of(s);
  }
}
