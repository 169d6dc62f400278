package org.vitrine.hub.screens;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vitrine.hub.events.ScreenCommand;

/**
 * The plays this hub instance sent to each screen (the last {@value #PER_SCREEN} per screen),
 * with their full reason. Screens never get a shopper id, so what a screen reports back
 * ({@code played}, {@code showing}) is matched here by playId: proof of play and the console
 * still know whom a play was for, and nothing a screen claims about it is believed.
 */
final class PlayMemory {

  static final int PER_SCREEN = 64;

  private final Map<String, Map<String, ScreenCommand.Reason>> byScreen = new ConcurrentHashMap<>();

  void sent(String screen, ScreenCommand cmd) {
    if (cmd.playId() == null || cmd.reason() == null) {
      return;
    }
    Map<String, ScreenCommand.Reason> plays = byScreen.computeIfAbsent(screen, s -> java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ScreenCommand.Reason> eldest) {
            return size() > PER_SCREEN;
          }
        }));
    plays.put(cmd.playId(), cmd.reason());
  }

  /** The reason the hub gave the play {@code playId} on {@code screen}, or null when this instance did not send it. */
  ScreenCommand.Reason reason(String screen, String playId) {
    Map<String, ScreenCommand.Reason> plays = playId == null ? null : byScreen.get(screen);
    return plays == null ? null : plays.get(playId);
  }

  /** A shopper was erased: their plays are no longer theirs here either. */
  void forgetShopper(String shopper) {
    for (Map<String, ScreenCommand.Reason> plays : byScreen.values()) {
      synchronized (plays) {
        plays.replaceAll((id, r) -> shopper.equals(r.shopper())
            ? new ScreenCommand.Reason(r.kind(), r.rule(), null, r.trace(), r.cause(), r.intent(), r.siteId()) : r);
      }
    }
  }
}
