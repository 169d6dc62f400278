package org.vitrine.voice.pipeline;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.audio.WavChunk;

/** Streams PCM the way a Rhasspy satellite does: 64 ms WAV chunks, one after another, no waiting. */
final class HermesFrames {

  static final int FRAME_BYTES = 2048; // 1024 samples at 16 kHz = 64 ms
  /** Tests send audio faster than real time, so pipelines under test allow a long backlog. */
  static final java.time.Duration FAST = java.time.Duration.ofSeconds(60);

  private HermesFrames() {
  }

  static List<UtteranceResult> stream(VoicePipeline pipeline, String siteId, byte[] pcm) throws Exception {
    List<Future<List<UtteranceResult>>> pending = new ArrayList<>();
    for (int at = 0; at < pcm.length; at += FRAME_BYTES) {
      pending.add(pipeline.feedWav(siteId, WavChunk.wrap(pcm, at, Math.min(FRAME_BYTES, pcm.length - at))));
    }
    List<UtteranceResult> out = new ArrayList<>();
    for (Future<List<UtteranceResult>> f : pending) {
      out.addAll(TestSupport.await(f));
    }
    return out;
  }

  /** Streams, then ends the stream so an utterance not yet ended by silence comes out too. */
  static List<UtteranceResult> streamAndEnd(VoicePipeline pipeline, String siteId, byte[] pcm) throws Exception {
    List<UtteranceResult> out = stream(pipeline, siteId, pcm);
    TestSupport.await(pipeline.endOfStream(siteId)).ifPresent(out::add);
    return out;
  }
}
