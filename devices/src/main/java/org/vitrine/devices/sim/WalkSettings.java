package org.vitrine.devices.sim;

import java.time.Duration;

/**
 * The pace of the simulated store.
 *
 * @param minDwell            shortest stay in a zone
 * @param maxDwell            longest stay in a zone
 * @param minGap              shortest time between two walkers entering the store
 * @param maxGap              longest time between two walkers entering the store
 * @param maxRecognisedAtOnce recognised shoppers on the floor at the same time; kept small so each
 *                            one visibly changes the screens instead of drowning in arbitration
 */
public record WalkSettings(Duration minDwell, Duration maxDwell, Duration minGap, Duration maxGap,
                           int maxRecognisedAtOnce) {

    public WalkSettings {
        requireRange("dwell", minDwell, maxDwell);
        requireRange("gap", minGap, maxGap);
        if (maxRecognisedAtOnce < 1) {
            throw new IllegalArgumentException("maxRecognisedAtOnce must be at least 1");
        }
    }

    /** Demo pace: 8–25 s per zone, someone walks in every 3–6 s, two recognised shoppers at a time. */
    public static WalkSettings defaults() {
        return new WalkSettings(Duration.ofSeconds(8), Duration.ofSeconds(25),
                Duration.ofSeconds(3), Duration.ofSeconds(6), 2);
    }

    /** The same store played {@code speed} times faster (tests and impatient demos). */
    public WalkSettings faster(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, got " + speed);
        }
        return new WalkSettings(scale(minDwell, speed), scale(maxDwell, speed),
                scale(minGap, speed), scale(maxGap, speed), maxRecognisedAtOnce);
    }

    private static Duration scale(Duration d, double speed) {
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() / speed)));
    }

    private static void requireRange(String what, Duration min, Duration max) {
        if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(what + " range must be positive and min <= max: " + min + ".." + max);
        }
    }
}
