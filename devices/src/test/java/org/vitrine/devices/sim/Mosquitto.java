package org.vitrine.devices.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker process on a free local port, for integration tests. Fails the test
 * (never skips it) when mosquitto is not installed: CI installs it, a silent skip would hide that.
 * Public for the camera agent's tests (org.vitrine.devices.camera).
 */
public final class Mosquitto implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Mosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a broker on {@code port} (anonymous, 127.0.0.1 only) and waits until it listens. */
    public static Mosquitto start(Path workDir, int port) {
        Path binary = binary("mosquitto");
        try {
            Files.createDirectories(workDir);
            Path conf = workDir.resolve("mosquitto-" + port + ".conf");
            // The default log types plus "subscribe": tests learn from the log when a subscription is active.
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                    + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type subscribe\n");
            Path log = Files.createTempFile(workDir, "mosquitto-" + port + "-", ".log");
            Process process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Mosquitto broker = new Mosquitto(process, port, log);
            broker.awaitListening();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Finds a mosquitto program on PATH. Debian installs the broker in /usr/sbin, which a non-root
     * PATH may lack, so the sbin directories are looked at too.
     */
    /** Waits until the broker's log has a line containing {@code fragment}; fails the test otherwise. */
    public void awaitLog(String fragment, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (log().contains(fragment)) {
                return;
            }
            sleep(20);
        }
        fail("mosquitto did not log '" + fragment + "' within " + timeoutMs + " ms; its log:\n" + log());
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path binary(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String dir : dirs) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("'" + name + "' is not installed (searched PATH and /usr/sbin, /usr/local/sbin, /sbin): "
                + "the store simulator's integration tests need a real MQTT broker and client. "
                + "Install them, e.g. 'apt-get install mosquitto mosquitto-clients'.");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        fail("mosquitto did not listen on port " + port + " within 10 s: " + log());
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
