package org.vitrine.devices.sim;

import java.util.List;

/**
 * One person's visit, planned in advance: when they come in (relative to the start of the plan)
 * and how long they stay in each zone.
 *
 * @param seq        1-based order of entry into the store
 * @param shopper    recognised shopper id, or null for an anonymous visitor
 * @param track      the track id the cameras report for this person
 * @param startAtMs  entry time, ms after the plan started
 * @param confidence what the cameras report as recognition confidence
 * @param stops      zones in walking order with their dwell times
 */
public record Walk(int seq, String shopper, String track, long startAtMs, double confidence, List<Stop> stops) {

    /** A stay in one zone. */
    public record Stop(String zone, long dwellMs) {
    }

    public Walk {
        stops = List.copyOf(stops);
        if (stops.isEmpty()) {
            throw new IllegalArgumentException("a walk needs at least one stop");
        }
    }

    public boolean recognised() {
        return shopper != null;
    }

    /** How the logs name this walker: the shopper id, else a visitor number (never profiled). */
    public String label() {
        return recognised() ? shopper : "visitor-" + seq;
    }

    public long durationMs() {
        return stops.stream().mapToLong(Stop::dwellMs).sum();
    }

    public long endAtMs() {
        return startAtMs + durationMs();
    }

    public List<String> zones() {
        return stops.stream().map(Stop::zone).toList();
    }
}
