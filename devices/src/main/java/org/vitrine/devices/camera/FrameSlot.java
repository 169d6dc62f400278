package org.vitrine.devices.camera;

import java.util.function.Consumer;

/**
 * A mailbox of one: the grabber puts the newest frame in, the processor takes whatever is newest.
 * A frame still waiting when the next one arrives is dropped (and counted), so a slow processor
 * sees the present with gaps instead of the past without gaps: memory stays bounded (one frame
 * waiting, one being processed) and latency stays one frame, however far behind the processor is.
 *
 * @param <T> a captured frame
 */
final class FrameSlot<T> {

    private final Consumer<T> onDrop;
    private T pending;
    private boolean finished;
    private long offered;
    private long dropped;

    /** @param onDrop receives each frame that was replaced before being taken (to recycle its buffer) */
    FrameSlot(Consumer<T> onDrop) {
        this.onDrop = onDrop;
    }

    /** Puts the newest frame in, dropping the one still waiting. Never blocks. */
    void offer(T frame) {
        T replaced;
        synchronized (this) {
            if (finished) {
                replaced = frame;
            } else {
                replaced = pending;
                pending = frame;
                offered++;
                if (replaced != null) {
                    dropped++;
                }
                notifyAll();
            }
        }
        if (replaced != null) {
            onDrop.accept(replaced);
        }
    }

    /** The newest frame, waiting for one if needed; null once {@link #finish()} was called and it is empty. */
    synchronized T take() throws InterruptedException {
        while (pending == null && !finished) {
            wait();
        }
        T frame = pending;
        pending = null;
        return frame;
    }

    /** No more frames: {@link #take()} returns the last one still waiting, then null. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    synchronized long offered() {
        return offered;
    }

    synchronized long dropped() {
        return dropped;
    }
}
