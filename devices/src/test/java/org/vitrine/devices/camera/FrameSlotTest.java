package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameSlotTest {

    @Test
    void aSlowConsumerGetsTheNewestFrameAndTheRestAreDroppedNotQueued() throws Exception {
        List<Integer> dropped = new ArrayList<>();
        FrameSlot<Integer> slot = new FrameSlot<>(dropped::add);
        for (int frame = 1; frame <= 100; frame++) {
            slot.offer(frame); // the processor is busy elsewhere: nothing is taken
        }
        assertThat(slot.take()).isEqualTo(100);
        assertThat(dropped).hasSize(99).startsWith(1, 2, 3).endsWith(99);
        assertThat(slot.offered()).isEqualTo(100);
        assertThat(slot.dropped()).isEqualTo(99);
    }

    @Test
    void takeWaitsForTheNextFrameAndFinishEndsIt() throws Exception {
        FrameSlot<String> slot = new FrameSlot<>(f -> { });
        List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> {
            try {
                String frame;
                while ((frame = slot.take()) != null) {
                    frames.add(frame);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return frames;
        });
        Thread.sleep(100); // most likely already waiting in take(): the offer must wake it
        slot.offer("a");
        for (int i = 0; i < 500 && frames.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(frames).as("taken by the waiting processor").containsExactly("a");
        slot.offer("b");
        slot.finish();
        assertThat(taken.get(5, TimeUnit.SECONDS)).containsExactly("a", "b");
        // after finish, offers are handed straight back
        List<String> recycled = new ArrayList<>();
        FrameSlot<String> closed = new FrameSlot<>(recycled::add);
        closed.finish();
        closed.offer("late");
        assertThat(recycled).containsExactly("late");
        assertThat(closed.take()).isNull();
    }
}
