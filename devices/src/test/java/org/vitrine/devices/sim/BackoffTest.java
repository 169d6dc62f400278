package org.vitrine.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterASuccess() {
        // GIVEN the camera reconnect backoff
        Backoff backoff = new Backoff(500, 10_000);

        // WHEN the hub keeps refusing
        long[] delays = LongStream.range(0, 7).map(i -> backoff.next()).toArray();

        // THEN delays double and stay capped
        assertThat(delays).containsExactly(500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000);

        // WHEN a connection succeeds / THEN the next outage retries quickly again
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(500);
    }
}
