package org.vitrine.hub.events;

import java.util.List;

/**
 * A spoken request's answer for some screens of a zone, handed to the screen director so that it
 * knows what those screens show (a screen that reconnects gets the answer back; the console sees it).
 */
public record VoiceShow(String zone, List<String> screens, ScreenCommand command) {
}
