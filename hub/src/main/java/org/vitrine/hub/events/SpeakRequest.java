package org.vitrine.hub.events;

/** Say a sentence on the speakers of a zone (a rule's say action). */
public record SpeakRequest(String zone, String text, String rule) {
}
