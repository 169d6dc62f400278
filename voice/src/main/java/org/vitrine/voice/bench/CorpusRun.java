package org.vitrine.voice.bench;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.vitrine.voice.dialogue.DialogueSession;
import org.vitrine.voice.dialogue.OrderLine;
import org.vitrine.voice.pipeline.UtteranceResult;
import org.vitrine.voice.pipeline.VoicePipeline;

/**
 * Speaks corpus rows into a real {@link VoicePipeline}: each row on a fresh dialogue (or, for rows
 * answering the speaker, a dialogue where an order waits for its yes), audio in 256 ms pieces faster
 * than real time, then the end of the stream. One speaker site per voice, the voices side by side.
 */
public final class CorpusRun {

  /** What the pipeline made of one row in one voice. */
  public record Outcome(Corpus.Row row, Speech.Voice voice, List<UtteranceResult> results) {
  }

  /** A voice and the speaker site (siteId) it talks to. */
  public record Speaker(Speech.Voice voice, String siteId) {
  }

  static final int PIECE_BYTES = 8192;

  private CorpusRun() {
  }

  public static List<Outcome> run(VoicePipeline pipeline, CorpusAudio audio, List<Corpus.Row> rows,
      List<Speaker> speakers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(speakers.size());
    try {
      List<java.util.concurrent.Future<List<Outcome>>> perVoice = new ArrayList<>();
      for (Speaker s : speakers) {
        perVoice.add(pool.submit(() -> speak(pipeline, audio, rows, s)));
      }
      List<Outcome> out = new ArrayList<>();
      for (var f : perVoice) {
        out.addAll(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Outcome> speak(VoicePipeline pipeline, CorpusAudio audio, List<Corpus.Row> rows, Speaker s)
      throws Exception {
    List<Outcome> out = new ArrayList<>();
    for (Corpus.Row row : rows) {
      byte[] pcm = audio.pcm(row, s.voice());
      await(pipeline.dialogue(s.siteId(), session -> prime(session, row.context())));
      List<Future<List<UtteranceResult>>> pending = new ArrayList<>();
      for (int at = 0; at < pcm.length; at += PIECE_BYTES) {
        byte[] piece = java.util.Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + PIECE_BYTES));
        pending.add(pipeline.feedPcm(s.siteId(), piece));
      }
      List<UtteranceResult> results = new ArrayList<>();
      for (Future<List<UtteranceResult>> f : pending) {
        results.addAll(await(f));
      }
      await(pipeline.endOfStream(s.siteId())).ifPresent(results::add);
      out.add(new Outcome(row, s.voice(), results));
    }
    return out;
  }

  /** The dialogue state a row's context describes (see the corpus README). */
  static void prime(DialogueSession session, String context) {
    session.clear();
    if (context.equals("order-pending") || context.equals("confirm-pending")) {
      // the speaker has just asked "One large latte, is that right?"
      session.proposeOrder(List.of(new OrderLine("latte", "Latte", "large", 1, new BigDecimal("4.40"))));
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
