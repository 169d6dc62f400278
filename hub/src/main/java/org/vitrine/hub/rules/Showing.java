package org.vitrine.hub.rules;

/**
 * One rule's content on one screen: what, for whom, how important, until when. {@code bound}: the
 * play ends when its shopper leaves the zone (enter, dwell and a recognised shopper's touch; not a
 * leave rule, not an anonymous touch). {@code trigger}: the event type that started it (null for a
 * re-pick).
 */
public record Showing(String playId, String screen, String zone, String rule, String content, String shopper,
    int priority, int seconds, long startedAt, long until, boolean bound, String trace) {
}
