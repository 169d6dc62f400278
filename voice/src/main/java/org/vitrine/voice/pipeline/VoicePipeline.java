package org.vitrine.voice.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.voice.audio.AudioFormatException;
import org.vitrine.voice.audio.Pcm;
import org.vitrine.voice.audio.WavChunk;
import org.vitrine.voice.catalog.CatalogLoader;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.grammar.Grammar;
import org.vitrine.voice.model.VoskModel;

/**
 * The store speaker's entry point: audio of a speaker (siteId) in, understood utterances out.
 *
 * <p>Callable from a Vert.x event loop: audio is checked on the caller (cheap header checks) and
 * recognised on this pipeline's own worker threads, one serial queue per speaker so its audio stays
 * in order while speakers run in parallel. The returned futures complete on the caller's Vert.x
 * context when there is one. Bad audio and unknown sites fail the future, never the pipeline.
 */
public final class VoicePipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VoicePipeline.class);

  private final VoskModel model;
  private final boolean ownsModel;
  private final VoiceConfig config;
  private final ExecutorService workers;
  private final Map<String, SpeakerStream> streams = new ConcurrentHashMap<>();
  private volatile Understanding understanding;
  private volatile boolean closed;
  private final LongAdder utterances = new LongAdder();
  private final LongAdder declined = new LongAdder();
  private final LongAdder rejectedChunks = new LongAdder();
  private final LongAdder audioBytes = new LongAdder();

  private VoicePipeline(VoskModel model, boolean ownsModel, ProductCatalog catalog, VoiceConfig config) {
    this.model = model;
    this.ownsModel = ownsModel;
    this.config = config;
    this.understanding = Understanding.of(catalog, model);
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(config.workerThreads(), r -> {
      Thread t = new Thread(r, "vitrine-voice-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Grammar g = understanding.grammar();
    LOG.info("voice pipeline ready: {} speakers, {} grammar phrases, {} workers, mode {}", config.sites().size(),
        g.size(), config.workerThreads(), config.mode());
  }

  /** Loads the model and conf/products.yaml: blocking (about a second), call off the event loop. */
  public static VoicePipeline create(VoiceConfig config) {
    ProductCatalog catalog = CatalogLoader.load(config.confDir());
    VoskModel model = VoskModel.load(config.modelDir());
    try {
      return new VoicePipeline(model, true, catalog, config);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** With a model already loaded and shared (tests, benchmarks, several pipelines); not closed by close(). */
  public static VoicePipeline create(VoiceConfig config, VoskModel model, ProductCatalog catalog) {
    return new VoicePipeline(model, false, catalog, config);
  }

  /** {@link #create(VoiceConfig)} on a Vert.x worker thread. */
  public static Future<VoicePipeline> start(Vertx vertx, VoiceConfig config) {
    return vertx.executeBlocking(() -> create(config), false);
  }

  /** A Hermes audio frame: one WAV chunk, 16 kHz 16-bit mono. */
  public Future<List<UtteranceResult>> feedWav(String siteId, byte[] wavChunk) {
    byte[] pcm;
    try {
      pcm = WavChunk.pcmOf(wavChunk);
    } catch (AudioFormatException e) {
      rejectedChunks.increment();
      return Future.failedFuture(new AudioFormatException(e.code(), "speaker '" + siteId + "': " + e.getMessage()));
    }
    return feedPcm(siteId, pcm);
  }

  /** Raw 16 kHz 16-bit mono little-endian PCM (e.g. from the browser speaker page). */
  public Future<List<UtteranceResult>> feedPcm(String siteId, byte[] pcm) {
    SpeakerStream stream;
    try {
      stream = stream(siteId);
      Pcm.requireWholeSamples(pcm.length);
    } catch (AudioFormatException e) {
      rejectedChunks.increment();
      return Future.failedFuture(new AudioFormatException(e.code(), "speaker '" + siteId + "': " + e.getMessage()));
    } catch (RuntimeException e) {
      rejectedChunks.increment();
      return Future.failedFuture(e);
    }
    long maxBacklog = (long) Pcm.bytesFor(config.maxBacklog().toMillis());
    long backlog = stream.backlogBytes.addAndGet(pcm.length);
    if (backlog > maxBacklog) {
      stream.backlogBytes.addAndGet(-pcm.length);
      rejectedChunks.increment();
      return Future.failedFuture(new VoiceException("overloaded", "speaker '" + siteId + "' is "
          + Math.round(Pcm.millis(backlog - pcm.length)) + " ms of audio behind: chunk dropped (recognition cannot "
          + "keep up; fewer concurrent speakers or more cores)"));
    }
    long enqueued = System.nanoTime();
    return submit(stream, () -> {
      try {
        audioBytes.add(pcm.length);
        return count(stream.accept(pcm, enqueued));
      } finally {
        stream.backlogBytes.addAndGet(-pcm.length);
      }
    });
  }

  /** The speaker stopped sending (e.g. Hermes asr/stopListening): ends the current utterance now. */
  public Future<Optional<UtteranceResult>> endOfStream(String siteId) {
    SpeakerStream stream;
    try {
      stream = stream(siteId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return submit(stream, () -> {
      Optional<UtteranceResult> r = stream.finish();
      r.ifPresent(x -> count(List.of(x)));
      return r;
    });
  }

  /**
   * The speaker asked a question and the shopper said nothing until listening timed out: the question
   * is asked again once, then dropped (an order waiting for its yes is not sent). Empty when nothing
   * was asked.
   */
  public Future<Optional<UtteranceResult>> noAnswer(String siteId) {
    SpeakerStream stream;
    try {
      stream = stream(siteId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return submit(stream, stream::noAnswer);
  }

  /**
   * For tests and benchmarks: runs {@code setUp} on the speaker's dialogue session, in order with its
   * audio (e.g. {@code DialogueSession::clear}, or an order waiting for its yes).
   */
  public Future<Void> dialogue(String siteId, java.util.function.Consumer<org.vitrine.voice.dialogue.DialogueSession> setUp) {
    SpeakerStream stream;
    try {
      stream = stream(siteId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return submit(stream, () -> {
      stream.dialogue(setUp);
      return null;
    });
  }

  /** A changed catalogue: new grammar and answers; each speaker switches at its next utterance. */
  public Future<Void> updateCatalogue(ProductCatalog catalog) {
    Promise<Void> done = Promise.promise();
    Context ctx = Vertx.currentContext();
    workers.execute(() -> {
      try {
        Understanding next = Understanding.of(catalog, model);
        understanding = next;
        streams.values().forEach(s -> s.queue.execute(() -> s.use(next)));
        LOG.info("voice grammar rebuilt: {} phrases", next.grammar().size());
        complete(ctx, done, null, null);
      } catch (RuntimeException e) {
        complete(ctx, done, null, e);
      }
    });
    return done.future();
  }

  public Grammar grammar() {
    return understanding.grammar();
  }

  public ProductCatalog catalog() {
    return understanding.catalog();
  }

  public VoiceConfig config() {
    return config;
  }

  /** Counters since start, for health pages and benchmarks. */
  public Map<String, Long> stats() {
    return Map.of("streams", (long) streams.size(), "utterances", utterances.sum(), "declined", declined.sum(),
        "rejectedChunks", rejectedChunks.sum(), "audioMs", (long) Pcm.millis(audioBytes.sum()));
  }

  private SpeakerStream stream(String siteId) {
    if (closed) {
      throw new VoiceException("closed", "the voice pipeline is closed");
    }
    String zone = config.sites().get(siteId);
    if (zone == null) {
      throw new VoiceException("unknown-site", "unknown speaker siteId '" + siteId + "' (known: "
          + String.join(", ", config.sites().keySet().stream().sorted().toList()) + ")");
    }
    return streams.computeIfAbsent(siteId, id -> new SpeakerStream(id, zone, new SerialExecutor(workers), model,
        understanding, config));
  }

  private List<UtteranceResult> count(List<UtteranceResult> results) {
    for (UtteranceResult r : results) {
      utterances.increment();
      if (!r.intent().inScope()) {
        declined.increment();
      }
    }
    return results;
  }

  private <T> Future<T> submit(SpeakerStream stream, Callable<T> work) {
    Context ctx = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    stream.queue.execute(() -> {
      try {
        complete(ctx, promise, work.call(), null);
      } catch (Throwable e) {
        // Native or parsing trouble spoils only this utterance: drop it, keep the warm recognizer.
        LOG.warn("speaker '{}': recognition failed, utterance dropped: {}", stream.siteId, e.toString());
        try {
          stream.reset();
        } catch (RuntimeException again) {
          LOG.warn("speaker '{}': reset failed: {}", stream.siteId, again.toString());
        }
        complete(ctx, promise, null, e);
      }
    });
    return promise.future();
  }

  private static <T> void complete(Context ctx, Promise<T> promise, T value, Throwable error) {
    Runnable r = () -> {
      if (error == null) {
        promise.complete(value);
      } else {
        promise.fail(error);
      }
    };
    if (ctx == null) {
      r.run();
    } else {
      ctx.runOnContext(v -> r.run());
    }
  }

  @Override
  public void close() {
    closed = true;
    // Each stream closes its recognizers at the end of its own queue, after the audio already queued.
    CountDownLatch drained = new CountDownLatch(streams.size());
    streams.values().forEach(s -> s.queue.execute(() -> {
      try {
        s.close();
      } finally {
        drained.countDown();
      }
    }));
    try {
      if (!drained.await(10, TimeUnit.SECONDS)) {
        LOG.warn("voice streams still busy after 10 s; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdown();
    if (ownsModel) {
      model.close();
    }
  }
}
