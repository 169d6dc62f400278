package org.vitrine.devices.camera;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.devices.sim.Backoff;

/**
 * Frames in, sightings out, on two threads of its own (never a Vert.x event loop):
 * <ul>
 *   <li><b>grab</b> reads the source as fast as it delivers (a live camera must be drained, or
 *       FFmpeg buffers the past) and puts a copy of each frame into a {@link FrameSlot} of one:
 *       when processing falls behind, frames are dropped there, never queued;</li>
 *   <li><b>process</b> takes the newest frame: detect, track, embed when useful, and hands due
 *       sightings to the sink (which must not block; the agent posts them to its MQTT link).</li>
 * </ul>
 * A live source that fails is reopened with backoff (0.5 s doubling to 10 s); a video file ends
 * the pipeline (or loops). Frame pixels never leave this class; sightings carry no image.
 */
public final class CameraPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraPipeline.class);
    /** Frame buffers in circulation: one being grabbed into, one waiting, one being processed. */
    private static final int BUFFERS = 3;

    /** Counters since start; {@code dropped} are frames the processor never saw. */
    public record Stats(long grabbed, long processed, long dropped, long faces, long tracks, long splits,
                        long sightings, double processMsAvg) {
    }

    /** One frame copied out of the grabber, with its capture time on the tracker's clock and the wall clock. */
    private record Captured(Mat image, long captureMs, long wallMs) {
    }

    private final String source;
    private final FrameSettings frames;
    private final FaceModels models;
    private final float minFacePx;
    private final FaceTracker tracker;
    private final SightingPolicy policy;
    private final Consumer<CameraSighting> sink;
    private final ConcurrentLinkedQueue<Mat> spare = new ConcurrentLinkedQueue<>();
    private final FrameSlot<Captured> slot = new FrameSlot<>(dropped -> spare.offer(dropped.image()));
    private final CompletableFuture<Stats> finished = new CompletableFuture<>();
    private final AtomicLong grabbed = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong sightings = new AtomicLong();
    private final AtomicLong processNanos = new AtomicLong();
    private final Mat small = new Mat();

    private volatile boolean running;
    private Thread grabThread;
    private Thread processThread;

    /**
     * @param models owned by the pipeline from now on: used on its processing thread only, closed with it
     * @param sink   receives due sightings on the processing thread; must return quickly
     */
    public CameraPipeline(String source, FrameSettings frames, FaceModels models, float minFacePx,
                          FaceTracker tracker, SightingPolicy policy, Consumer<CameraSighting> sink) {
        this.source = source;
        this.frames = frames;
        this.models = models;
        this.minFacePx = minFacePx;
        this.tracker = tracker;
        this.policy = policy;
        this.sink = sink;
    }

    public void start(String name) {
        running = true;
        grabThread = new Thread(this::grabLoop, "camera-grab-" + name);
        processThread = new Thread(this::processLoop, "camera-process-" + name);
        grabThread.setDaemon(true);
        processThread.setDaemon(true);
        processThread.start();
        grabThread.start();
    }

    /**
     * Completes when a video file has been played to its end and its last frame processed, or after
     * {@link #close()}; fails when the source can never be read (a missing file).
     */
    public CompletableFuture<Stats> finished() {
        return finished;
    }

    public Stats stats() {
        long n = processed.get();
        return new Stats(grabbed.get(), n, slot.dropped(), faces.get(), tracker.tracksCreated(),
                tracker.identitySplits(), sightings.get(), n == 0 ? 0 : processNanos.get() / 1e6 / n);
    }

    @Override
    public void close() {
        running = false;
        slot.finish();
        join(grabThread);
        join(processThread);
        if (processThread == null) {
            models.close(); // never started: the processing thread would have closed them
            small.close();
        }
        finished.complete(stats());
    }

    // ---- grab thread ----------------------------------------------------------------------

    private void grabLoop() {
        Backoff backoff = new Backoff(500, 10_000);
        long clockOffsetMs = 0; // keeps the tracker's clock moving forward when a file loops
        int failuresInARow = 0;
        while (running) {
            try (VideoInput input = VideoInput.open(source, frames.timeoutMs(), frames.captureWidth(), frames.captureHeight())) {
                LOG.info("reading {} ({} {}x{} at {} fps)", source, input.kind().name().toLowerCase(Locale.ROOT),
                        input.width(), input.height(), String.format(Locale.ROOT, "%.1f", input.frameRate()));
                failuresInARow = 0;
                backoff.reset();
                clockOffsetMs = play(input, clockOffsetMs);
                if (input.kind() == VideoInput.Kind.FILE && !frames.loop()) {
                    break;
                }
                if (running && input.kind() != VideoInput.Kind.FILE) {
                    // a camera that keeps hanging up must not be reopened in a tight loop
                    long delay = backoff.next();
                    LOG.warn("{} ended; reopening in {} ms", source, delay);
                    sleep(delay);
                }
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (VideoInput.kindOf(source) == VideoInput.Kind.FILE) {
                    // a file that cannot be read will not get better by retrying
                    finished.completeExceptionally(new IllegalStateException("cannot read " + source + ": " + e.getMessage(), e));
                    break;
                }
                failuresInARow++;
                long delay = backoff.next();
                if (failuresInARow == 1) {
                    LOG.warn("cannot read {}: {}; retrying (backoff up to 10 s)", source, e.getMessage());
                } else {
                    LOG.debug("cannot read {} (attempt {}): {}; next in {} ms", source, failuresInARow, e.getMessage(), delay);
                }
                sleep(delay);
            }
        }
        slot.finish();
    }

    /** Grabs until the source ends or the pipeline stops; returns the tracker clock after the last frame. */
    private long play(VideoInput input, long clockOffsetMs) throws FrameGrabber.Exception {
        boolean file = input.kind() == VideoInput.Kind.FILE;
        boolean pace = file && frames.pace();
        long startNanos = System.nanoTime();
        long firstTs = Long.MIN_VALUE;
        long lastMs = clockOffsetMs;
        double frameMs = input.frameRate() > 0 ? 1000 / input.frameRate() : 40;
        VideoInput.Grabbed grabbedFrame;
        while (running && (grabbedFrame = input.next()) != null) {
            long captureMs;
            if (file) {
                if (firstTs == Long.MIN_VALUE) {
                    firstTs = grabbedFrame.timestampMicros();
                }
                long videoMs = (grabbedFrame.timestampMicros() - firstTs) / 1000;
                if (pace) {
                    long sleepMs = videoMs - (System.nanoTime() - startNanos) / 1_000_000;
                    if (sleepMs > 0) {
                        sleep(sleepMs);
                    }
                }
                // a file's own timeline drives tracking, so an unpaced run tracks like a paced one
                captureMs = clockOffsetMs + videoMs;
            } else {
                captureMs = System.nanoTime() / 1_000_000;
            }
            lastMs = captureMs;
            Mat copy = spare.poll();
            if (copy == null) {
                copy = new Mat();
            }
            grabbedFrame.image().copyTo(copy); // the grabber reuses its buffer for the next frame
            grabbed.incrementAndGet();
            slot.offer(new Captured(copy, captureMs, System.currentTimeMillis()));
        }
        return lastMs + Math.round(frameMs);
    }

    // ---- process thread -------------------------------------------------------------------

    private void processLoop() {
        long errorsInARow = 0;
        try {
            Captured frame;
            while ((frame = slot.take()) != null) {
                try {
                    process(frame);
                    errorsInARow = 0;
                } catch (RuntimeException e) {
                    // one bad frame (a decoder glitch) must not stop the camera; a streak is logged once
                    if (errorsInARow++ == 0) {
                        LOG.warn("frame processing failed: {}", OpenCvErrors.reason(e));
                    }
                } finally {
                    recycle(frame.image());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.complete(stats());
            small.close();
            models.close();
            Mat mat;
            while ((mat = spare.poll()) != null) {
                mat.close();
            }
        }
    }

    private void process(Captured frame) {
        long t0 = System.nanoTime();
        Mat image = frame.image();
        float back = Frames.downscale(image, small, frames.maxWidth());
        List<FaceBox> found = models.detect(back == 1f ? image : small).stream()
                .map(face -> back == 1f ? face : face.scaled(back))
                .filter(face -> face.size() >= minFacePx)
                .toList();
        faces.addAndGet(found.size());
        List<Track> seen = tracker.update(frame.captureMs(), found, face -> models.embed(image, face));
        List<CameraSighting> due = policy.due(seen, frame.captureMs(), frame.wallMs());
        processNanos.addAndGet(System.nanoTime() - t0);
        processed.incrementAndGet();
        for (CameraSighting sighting : due) {
            sightings.incrementAndGet();
            sink.accept(sighting);
        }
    }

    private void recycle(Mat image) {
        if (spare.size() < BUFFERS) {
            spare.offer(image);
        } else {
            image.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
