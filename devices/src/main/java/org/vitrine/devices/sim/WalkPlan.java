package org.vitrine.devices.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Who walks in next, when, and where they go. Pure and deterministic for a given seed (no clock,
 * no I/O) so a demo run can be replayed and tests can predict what the cameras will report.
 *
 * <p>Routes are store-like: the entrance first, then a shuffled, non-empty selection of the other
 * zones, then the checkout, then out. The entrance is the zone called {@code entrance} (else the
 * first zone listed), the checkout the zone called {@code checkout} (else the last one).
 */
public final class WalkPlan {

    static final String ENTRANCE = "entrance";
    static final String CHECKOUT = "checkout";

    private final Random random;
    private final WalkSettings settings;
    private final String entrance;
    private final String checkout;
    private final List<String> aisles;
    private final List<String> shoppers;
    private final String runTag;

    private final Deque<String> shopperTurns = new ArrayDeque<>();
    private final Map<String, Long> busyUntil = new HashMap<>();
    private long nextStartAtMs;
    private int seq;

    public WalkPlan(List<String> zones, List<String> shoppers, WalkSettings settings, long seed) {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("a walk plan needs at least one zone");
        }
        this.random = new Random(seed);
        this.settings = settings;
        this.entrance = zones.contains(ENTRANCE) ? ENTRANCE : zones.get(0);
        this.checkout = zones.contains(CHECKOUT) ? CHECKOUT : zones.get(zones.size() - 1);
        this.aisles = zones.stream().filter(z -> !z.equals(entrance) && !z.equals(checkout)).toList();
        this.shoppers = List.copyOf(shoppers);
        // Track ids must not repeat across runs (the hub counts anonymous people by track id per
        // hour), yet stay reproducible for a seed: derive a short run tag from the seed.
        this.runTag = Integer.toString(36 * 36 * 36 + random.nextInt(35 * 36 * 36 * 36), 36);
    }

    public String entrance() {
        return entrance;
    }

    public String checkout() {
        return checkout;
    }

    /** The next person through the door. Endless: the demo store never closes. */
    public Walk next() {
        long startAt = nextStartAtMs;
        nextStartAtMs += between(settings.minGap().toMillis(), settings.maxGap().toMillis());
        seq++;
        List<Walk.Stop> stops = route();
        long endAt = startAt + stops.stream().mapToLong(Walk.Stop::dwellMs).sum();
        String shopper = freeShopper(startAt);
        if (shopper != null) {
            busyUntil.put(shopper, endAt);
        }
        double confidence = shopper != null ? round2(0.80 + 0.19 * random.nextDouble())
                : round2(0.40 + 0.39 * random.nextDouble()); // seen but not recognised
        return new Walk(seq, shopper, "sim-" + runTag + "-" + seq, startAt, confidence, stops);
    }

    /**
     * Walks from here until every demo shopper has walked once (anonymous visitors in between
     * included): the {@code --once} demo. Without demo shoppers that is a single visitor.
     */
    public List<Walk> firstPass() {
        List<Walk> walks = new ArrayList<>();
        Set<String> walked = new HashSet<>();
        do {
            Walk walk = next();
            walks.add(walk);
            if (walk.recognised()) {
                walked.add(walk.shopper());
            }
        } while (walked.size() < shoppers.size());
        return walks;
    }

    private List<Walk.Stop> route() {
        List<String> zones = new ArrayList<>();
        zones.add(entrance);
        if (!aisles.isEmpty()) {
            List<String> shuffled = new ArrayList<>(aisles);
            Collections.shuffle(shuffled, random);
            zones.addAll(shuffled.subList(0, 1 + random.nextInt(shuffled.size())));
        }
        if (!checkout.equals(entrance)) {
            zones.add(checkout);
        }
        List<Walk.Stop> stops = new ArrayList<>(zones.size());
        for (String zone : zones) {
            stops.add(new Walk.Stop(zone, between(settings.minDwell().toMillis(), settings.maxDwell().toMillis())));
        }
        return stops;
    }

    /** A shopper whose turn it is and who is not already in the store, if a recognised slot is free. */
    private String freeShopper(long at) {
        long onFloor = busyUntil.values().stream().filter(end -> end > at).count();
        if (shoppers.isEmpty() || onFloor >= settings.maxRecognisedAtOnce()) {
            return null;
        }
        if (shopperTurns.isEmpty()) {
            // A new round in a fresh order: everyone gets a turn, but not always the same sequence.
            List<String> round = new ArrayList<>(shoppers);
            Collections.shuffle(round, random);
            shopperTurns.addAll(round);
        }
        for (String candidate : shopperTurns) {
            if (busyUntil.getOrDefault(candidate, Long.MIN_VALUE) <= at) {
                shopperTurns.remove(candidate);
                return candidate;
            }
        }
        return null;
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
