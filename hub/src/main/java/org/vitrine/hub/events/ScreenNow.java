package org.vitrine.hub.events;

/** What a screen shows now, as decided ({@code kind} rule, voice or playlist; content null for the playlist). */
public record ScreenNow(String screen, String zone, String content, String title, String kind, String rule, String shopper, long since) {
}
