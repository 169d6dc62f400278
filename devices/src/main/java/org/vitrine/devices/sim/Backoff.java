package org.vitrine.devices.sim;

/**
 * Reconnect delays: doubling from {@code first} up to {@code max}. The demo starts the simulator
 * right after the hub, so the first retries come quickly; a hub that stays down is not hammered.
 * Also used by the camera agent (reconnecting to a camera stream). Not thread-safe.
 */
public final class Backoff {

    private final long firstMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(long firstMs, long maxMs) {
        this.firstMs = firstMs;
        this.maxMs = maxMs;
        this.nextMs = firstMs;
    }

    public long next() {
        long delay = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return delay;
    }

    public void reset() {
        nextMs = firstMs;
    }
}
