package org.vitrine.hub.director;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.Json;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;

/**
 * The command each screen runs now (a rule's play or a voice answer): given back to a screen that
 * reconnects ({@link Addresses#SCREEN_STATE}), stored for a restart ({@link ScreenStateWrites},
 * coalesced) and, when a screen goes back to its playlist, forgotten and the console told.
 */
final class ScreenCommands {

  private final Vertx vertx;
  private final ScreenStateWrites writes;
  private final Clock clock;
  private final Map<String, ScreenCommand> commands = new HashMap<>();

  ScreenCommands(Vertx vertx, ScreenStateWrites writes, Clock clock) {
    this.vertx = vertx;
    this.writes = writes;
    this.clock = clock;
  }

  ScreenCommand current(String screen) {
    return commands.get(screen);
  }

  /** Every screen's current command (a copy: callers may change the commands while iterating). */
  Map<String, ScreenCommand> all() {
    return new HashMap<>(commands);
  }

  /** Remembers a command restored after a restart (already stored, already on the screen if it is connected). */
  void restored(String screen, ScreenCommand cmd) {
    commands.put(screen, cmd);
  }

  /** Sends {@code cmd} to the screen now, remembers and stores it. */
  void send(String screen, ScreenCommand cmd, int priority) {
    commands.put(screen, cmd);
    vertx.eventBus().publish(Addresses.screen(screen), cmd);
    writes.showing(screen, Json.write(new StoredPlay(cmd, priority)));
  }

  /** The screen shows its playlist again: no current command, no stored state (coalesced), the console map told. */
  void playlistAgain(String screen, String zone) {
    commands.remove(screen);
    writes.backToPlaylist(screen);
    vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(screen, zone, null, null, "playlist", null, null,
        clock.millis()));
  }

  /** A screen said hello: the play it should run now, with the seconds left, or "nothing". */
  void answer(Message<String> m) {
    ScreenCommand cmd = commands.get(m.body());
    long now = clock.millis();
    if (cmd != null && cmd.until() != null && cmd.until() > now) {
      m.reply(cmd.remainingAt(now));
    } else {
      m.reply(ScreenCommand.resume("none"));
    }
  }

  /** Writes what is pending (at stop). */
  Future<Void> flush() {
    return writes.flush();
  }
}
