package org.vitrine.hub.director;

import org.vitrine.hub.events.ScreenCommand;

/** What a screen shows now, as stored per screen in vitrine:screen-state for a restart. */
public record StoredPlay(ScreenCommand command, int priority) {
}
