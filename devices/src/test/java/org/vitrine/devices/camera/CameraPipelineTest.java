package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline without MQTT: back-pressure and the end of a file. */
class CameraPipelineTest {

    @TempDir
    Path tmp;

    @Test
    void decodingFasterThanProcessingDropsFramesInsteadOfQueueingThem() throws Exception {
        // GIVEN a 12 s video decoded as fast as FFmpeg can (hundreds of fps), far faster than detection
        List<SharedData.Photo> photos = SharedData.labelledPhotos().subList(0, 6);
        Path video = TestVideo.write(tmp.resolve("fast.mp4"), photos, 20, 10);
        FrameSettings unpaced = new FrameSettings(false, false, 640, 0, 0, 10_000, 1);
        AgentSettings settings = new AgentSettings("cam-test", "pw", video.toString(), "127.0.0.1", 1883,
                SharedData.modelSettings(), 0.8f, 40, unpaced, TrackingSettings.defaults(), 2_000);
        List<CameraSighting> sightings = Collections.synchronizedList(new ArrayList<>());

        // WHEN it plays through the pipeline
        CameraPipeline pipeline = CameraAgent.pipeline(settings, FaceModels.load(settings.models(), 0.8f), sightings::add);
        pipeline.start("test");
        CameraPipeline.Stats stats = pipeline.finished().get(60, TimeUnit.SECONDS);
        pipeline.close();
        System.out.println("unpaced: " + stats);

        // THEN every frame was read, most were dropped rather than queued, and each one is accounted for
        assertThat(stats.grabbed()).isEqualTo(120);
        assertThat(stats.dropped()).isPositive();
        assertThat(stats.processed()).isPositive();
        assertThat(stats.processed() + stats.dropped()).isEqualTo(stats.grabbed());
        assertThat(stats.processMsAvg()).isPositive();
    }

    @Test
    void aMissingVideoFileFailsThePipelineWithItsPath() throws Exception {
        AgentSettings settings = new AgentSettings("cam-test", "pw", tmp.resolve("nope.mp4").toString(), "127.0.0.1", 1883,
                SharedData.modelSettings(), 0.8f, 40, FrameSettings.defaults(), TrackingSettings.defaults(), 2_000);
        CameraPipeline pipeline = CameraAgent.pipeline(settings, FaceModels.load(settings.models(), 0.8f), s -> { });
        pipeline.start("test");
        assertThat(pipeline.finished()).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableThat().withMessageContaining("video file " + tmp.resolve("nope.mp4") + " not found");
        pipeline.close();
    }
}
