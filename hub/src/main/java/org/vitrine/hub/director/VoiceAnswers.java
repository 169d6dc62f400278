package org.vitrine.hub.director;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.ScreenCommand;
import org.vitrine.hub.events.ScreenNow;
import org.vitrine.hub.events.VoiceShow;

/**
 * A speaker's answer on screens (products, directions, orders): sent at once (a shopper is waiting
 * for it), outside the zone's rule arbitration, so a rule that fires later pre-empts it. Remembered
 * as the screens' current command until its end, so a screen that reconnects meanwhile gets it
 * back, a restart resumes it, and the console sees it.
 */
final class VoiceAnswers {

  /** The reason kind of a spoken request's answer ({@code ScreenCommand.Reason.kind}). */
  static final String VOICE = "voice";

  private final Vertx vertx;
  private final ScreenCommands commands;
  private final Clock clock;

  VoiceAnswers(Vertx vertx, ScreenCommands commands, Clock clock) {
    this.vertx = vertx;
    this.commands = commands;
    this.clock = clock;
  }

  static boolean isVoice(ScreenCommand cmd) {
    return cmd.reason() != null && VOICE.equals(cmd.reason().kind());
  }

  /** From the voice verticle ({@link Addresses#DIRECTOR_VOICE_SHOW}). */
  void show(VoiceShow v) {
    ScreenCommand cmd = v.command();
    if (cmd == null || cmd.until() == null || v.screens() == null) {
      return;
    }
    remember(v, clock.millis(), true);
  }

  /** An answer still running when the hub stopped: remembered until its end, not sent again. */
  void restore(String screen, String zone, ScreenCommand cmd, long now) {
    remember(new VoiceShow(zone, List.of(screen), cmd), now, false);
  }

  /** Answers to an erased shopper end now; {@code zoneOf}: a screen's zone (null when gone). */
  void erased(String shopper, Function<String, String> zoneOf) {
    commands.all().forEach((screen, cmd) -> {
      ScreenCommand.Reason why = cmd.reason();
      if (why != null && VOICE.equals(why.kind()) && shopper.equals(why.shopper())) {
        vertx.eventBus().publish(Addresses.screen(screen), ScreenCommand.resume("shopper-erased"));
        commands.playlistAgain(screen, zoneOf.apply(screen));
      }
    });
  }

  /**
   * Makes the answer the screens' current command until its end, stored like a rule play so it
   * also survives a restart; {@code send}: push it to the screens now (not when restoring).
   */
  private void remember(VoiceShow v, long now, boolean send) {
    ScreenCommand cmd = v.command();
    String content = cmd.content() == null ? null : cmd.content().id();
    String title = cmd.content() == null ? null : cmd.content().title();
    for (String screen : v.screens()) {
      if (send) {
        commands.send(screen, cmd, 0);
      } else {
        commands.restored(screen, cmd);
      }
      vertx.eventBus().publish(Addresses.SCREEN_NOW, new ScreenNow(screen, v.zone(), content, title, VOICE, null, null, now));
    }
    vertx.setTimer(Math.max(1, cmd.until() - now), id -> {
      for (String screen : v.screens()) {
        ScreenCommand current = commands.current(screen);
        if (current != null && Objects.equals(current.playId(), cmd.playId())) {
          // the player resumes its playlist by itself when the seconds are over
          commands.playlistAgain(screen, v.zone());
        }
      }
    });
  }
}
