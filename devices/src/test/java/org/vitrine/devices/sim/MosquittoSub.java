package org.vitrine.devices.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code mosquitto_sub} on the sightings topics: an independent MQTT client, so the test
 * checks what actually went over the wire. Subscribes at QoS 1 and runs with {@code -d} so the
 * delivery QoS of each message shows (a QoS 1 publish arrives as q1). mosquitto_sub's debug lines
 * sit in its stdout buffer until a message is printed, so readiness comes from the broker's log.
 */
final class MosquittoSub implements AutoCloseable {

    static final String SIGHTINGS_FILTER = "vitrine/v1/devices/+/sightings";

    /** One message as printed by {@code -v}: topic, payload, and the delivery QoS from the debug line. */
    record Received(String topic, String payload, int qos) {
    }

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Pattern PUBLISH_DEBUG = Pattern.compile("received PUBLISH \\(d\\d, q(\\d),");

    private final Process process;
    private final CompletableFuture<List<Received>> messages = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();

    private MosquittoSub(Process process, int count) {
        this.process = process;
        Thread reader = new Thread(() -> read(count), "mosquitto_sub-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mosquitto_sub -v -C count} on the broker and waits until its subscription is active. */
    static MosquittoSub start(Mosquitto broker, int count) {
        String binary = Mosquitto.binary("mosquitto_sub").toString();
        String clientId = "it-sub-" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
        try {
            Process process = new ProcessBuilder(binary, "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                    "-i", clientId, "-t", SIGHTINGS_FILTER, "-q", "1", "-v", "-d", "-C", Integer.toString(count))
                    .redirectErrorStream(true)
                    .start();
            MosquittoSub sub = new MosquittoSub(process, count);
            try {
                // mosquitto logs "<client> <qos> <filter>" when the subscription is added
                broker.awaitLog(clientId + " 1 " + SIGHTINGS_FILTER, 10_000);
            } catch (AssertionError e) {
                sub.close();
                fail("mosquitto_sub did not subscribe within 10 s: " + sub.output(), e);
            }
            return sub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes with exactly {@code count} messages once mosquitto_sub exits after receiving them. */
    CompletableFuture<List<Received>> messages() {
        return messages;
    }

    synchronized String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private void read(int count) {
        List<Received> received = new ArrayList<>();
        int qos = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    output.append(line).append('\n');
                }
                Matcher publish = PUBLISH_DEBUG.matcher(line);
                if (publish.find()) {
                    qos = Integer.parseInt(publish.group(1));
                } else if (line.startsWith("vitrine/")) {
                    int space = line.indexOf(' ');
                    received.add(new Received(line.substring(0, space), line.substring(space + 1), qos));
                    qos = -1;
                }
            }
        } catch (IOException e) {
            // the process was killed; judged below by what arrived
        }
        if (received.size() >= count) {
            messages.complete(received);
        } else {
            messages.completeExceptionally(new AssertionError("mosquitto_sub ended after " + received.size()
                    + " of " + count + " messages:\n" + output()));
        }
    }
}
