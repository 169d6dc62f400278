package org.vitrine.devices.camera.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vitrine.devices.camera.EmbedderKind;
import org.vitrine.devices.camera.FaceBox;
import org.vitrine.devices.camera.FaceModels;
import org.vitrine.devices.camera.Frames;
import org.vitrine.devices.camera.ModelException;
import org.vitrine.devices.camera.ModelSettings;

/**
 * Camera agent throughput at 640x480 (not a test): frames per second on one core for detection
 * alone and for detection + alignment + embedding of every face, on frames made from the shared
 * photos (one face each, ~150-250 px, like a shopper near a camera). "Per core" = OpenCV limited
 * to one thread, which is how the agent runs by default (frames.threads: 1), measured as frames
 * per CPU-second of the process (robust when other work shares the cores) and on the wall clock;
 * a second run lets OpenCV use every core for comparison.
 *
 * <pre>
 * mvn -B -q -pl devices package -DskipTests
 * java -cp devices/target/vitrine-devices.jar org.vitrine.devices.camera.bench.CameraBench [--seconds 10]
 *      [--models ../shared/models] [--faces ../shared/faces] [--embedder mobilefacenet|sface]
 * </pre>
 */
public final class CameraBench {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private CameraBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 10;
        Path models = Path.of(System.getenv().getOrDefault("VITRINE_MODELS_DIR", "../shared/models"));
        Path faces = Path.of("../shared/faces");
        EmbedderKind embedder = EmbedderKind.MOBILEFACENET;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--models" -> models = Path.of(args[++i]);
                case "--faces" -> faces = Path.of(args[++i]);
                case "--embedder" -> embedder = EmbedderKind.parse(args[++i]);
                default -> {
                    System.err.println("usage: CameraBench [--seconds S] [--models DIR] [--faces DIR] [--embedder mobilefacenet|sface]");
                    System.exit(2);
                }
            }
        }
        if (embedder == null) {
            System.err.println("--embedder: known: " + EmbedderKind.names());
            System.exit(2);
        }
        List<Mat> frames = frames(faces);
        System.out.printf(Locale.ROOT, "camera bench: %d frames of %dx%d from %s, %.0f s per measurement, %d cores, embedder %s%n",
                frames.size(), WIDTH, HEIGHT, faces.toAbsolutePath().normalize(), seconds,
                Runtime.getRuntime().availableProcessors(), embedder.id());
        // other processes competing for the cores lower every figure: say how busy the machine was
        System.out.printf(Locale.ROOT, "load average before: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ModelSettings settings = ModelSettings.defaults(models).withEmbedder(embedder);
        try (FaceModels m = load(settings)) {
            List<Detected> detected = new ArrayList<>();
            for (Mat frame : frames) {
                for (FaceBox face : m.detect(frame)) {
                    detected.add(new Detected(frame, face));
                }
            }
            for (int threads : new int[]{1, 0}) {
                FaceModels.useThreads(threads);
                String label = threads == 1 ? "1 thread (per core)" : "OpenCV default threads";
                Result detect = measure(frames, seconds, frame -> m.detect(frame).size());
                Result full = measure(frames, seconds, frame -> {
                    List<FaceBox> found = m.detect(frame);
                    for (FaceBox face : found) {
                        m.embed(frame, face);
                    }
                    return found.size();
                });
                // alignment + embedding alone, on faces found beforehand: one call per face
                Result embed = measure(detected, seconds, d -> {
                    m.embed(d.frame(), d.face());
                    return 1;
                });
                System.out.printf(Locale.ROOT, "%-24s detect only:        %6.1f fps per CPU-second (%5.2f CPU-ms/frame), %6.1f fps wall clock%n",
                        label, detect.fpsPerCpu(), detect.cpuMsPerFrame(), detect.fps());
                System.out.printf(Locale.ROOT, "%-24s detect+align+embed: %6.1f fps per CPU-second (%5.2f CPU-ms/frame), %6.1f fps wall clock"
                                + " (%.2f faces/frame)%n",
                        "", full.fpsPerCpu(), full.cpuMsPerFrame(), full.fps(), full.facesPerFrame());
                System.out.printf(Locale.ROOT, "%-24s align+embed alone:  %6.1f faces per CPU-second (%5.2f CPU-ms/face)%n",
                        "", embed.fpsPerCpu(), embed.cpuMsPerFrame());
            }
        }
        System.out.printf(Locale.ROOT, "load average after: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        frames.forEach(Mat::close);
    }

    private record Detected(Mat frame, FaceBox face) {
    }

    /**
     * One measurement. {@code cpuS} is the CPU time the whole process used meanwhile: on a machine
     * shared with other work the wall clock measures the neighbours too, CPU time measures us.
     * With one OpenCV thread, frames per CPU-second is frames per second per core.
     */
    private record Result(long frames, long faces, double elapsedS, double cpuS) {
        double fps() {
            return frames / elapsedS;
        }

        double fpsPerCpu() {
            return frames / cpuS;
        }

        double cpuMsPerFrame() {
            return cpuS * 1000 / frames;
        }

        double facesPerFrame() {
            return (double) faces / frames;
        }
    }

    /** Runs {@code work} over the frames round-robin: 2 s of warm-up (JIT, OpenCV's lazy init), then {@code seconds} measured. */
    private static <T> Result measure(List<T> frames, double seconds, ToIntFunction<T> work) {
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        int i = 0;
        while (System.nanoTime() < warmUntil) {
            work.applyAsInt(frames.get(i++ % frames.size()));
        }
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long n = 0;
        long faces = 0;
        long now;
        do {
            faces += work.applyAsInt(frames.get(i++ % frames.size()));
            n++;
            now = System.nanoTime();
        } while (now < end);
        return new Result(n, faces, (now - start) / 1e9, (processCpuNanos() - cpuStart) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static FaceModels load(ModelSettings settings) {
        try {
            return FaceModels.load(settings, 0.8f);
        } catch (ModelException e) {
            System.err.println("camera bench: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    private static List<Mat> frames(Path faces) throws IOException {
        List<Mat> frames = new ArrayList<>();
        try (DirectoryStream<Path> photos = Files.newDirectoryStream(faces, "*.jpg")) {
            for (Path photo : photos) {
                try (Mat image = imread(photo.toString())) {
                    if (!image.empty()) {
                        frames.add(Frames.letterbox(image, WIDTH, HEIGHT));
                    }
                }
            }
        }
        if (frames.isEmpty()) {
            System.err.println("camera bench: no .jpg photos in " + faces.toAbsolutePath());
            System.exit(2);
        }
        return frames;
    }
}
