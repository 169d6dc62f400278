package org.vitrine.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;
import org.vitrine.voice.audio.AudioFormatException;
import org.vitrine.voice.audio.WavChunk;
import org.vitrine.voice.bench.Speech;
import org.vitrine.voice.bench.Speech.Voice;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.dialogue.Order;
import org.vitrine.voice.dialogue.OrderLine;
import org.vitrine.voice.dialogue.Shopper;
import org.vitrine.voice.intent.Intent;

/** The pipeline with real speech, the real model and real threads: dialogue, bad input, threading, live catalogue. */
class VoicePipelineTest {

  private static final Voice VOICE = new Voice("en-us", 160, 0);
  private static final Map<String, String> SITES = Map.of("speaker-cafe", "cafe", "speaker-apparel", "apparel",
      "speaker-footwear", "footwear", "speaker-entrance", "entrance");
  private static Speech speech;
  private static VoicePipeline pipeline;

  @BeforeAll
  static void setUp() {
    Speech.requireTools();
    speech = new Speech(TestSupport.tempDir("speech"));
    Shopper anna = new Shopper("anna", "Anna", List.of("running", "coffee", "sportswear"));
    pipeline = VoicePipeline.create(VoiceConfig.of(TestSupport.confDir(), SITES)
            .withMaxBacklog(HermesFrames.FAST).withShopperLocator((site, zone) -> zone.equals("footwear") ? Optional.of(anna) : Optional.empty()),
        TestSupport.model(), TestSupport.catalog());
  }

  @AfterAll
  static void tearDown() {
    pipeline.close();
  }

  private static byte[] say(String text) {
    return speech.say(text, VOICE, 0.3, 1.5);
  }

  private static UtteranceResult one(String site, String text) throws Exception {
    List<UtteranceResult> results = HermesFrames.streamAndEnd(pipeline, site, say(text));
    assertThat(results).as("results for '%s'", text).hasSize(1);
    return results.get(0);
  }

  @Test
  void coffeeOrderDialogueEndsOnTheOrderBoard() throws Exception {
    UtteranceResult first = one("speaker-cafe", "a large latte please");
    assertThat(first.intent()).isEqualTo(Intent.ORDER_COFFEE);
    assertThat(first.reply()).isEqualTo("One large latte, is that right?");
    assertThat(first.awaitsAnswer()).isTrue();
    assertThat(first.actions()).isEmpty();
    assertThat(first.endedBy()).isEqualTo("silence"); // no button: the pause ended it

    UtteranceResult second = one("speaker-cafe", "can I have a small tea");
    assertThat(second.reply()).isEqualTo("One large latte and one small tea, is that right?");
    assertThat(second.actions()).isEmpty();

    UtteranceResult done = one("speaker-cafe", "yes please");
    assertThat(done.intent()).isEqualTo(Intent.AFFIRM);
    assertThat(done.reply()).startsWith("Thank you! Your order: one large latte and one small tea, 6 euros 90 in total.");
    Order order = ((Action.PlaceOrder) done.actions().get(0)).order();
    assertThat(order.zone()).isEqualTo("cafe");
    assertThat(order.siteId()).isEqualTo("speaker-cafe");
    assertThat(order.lines()).extracting(OrderLine::product).containsExactly("latte", "tea");
    assertThat(order.total()).isEqualByComparingTo("6.90");
  }

  @Test
  void showRedDressesInApparelAndRecommendForTheShopperPresent() throws Exception {
    UtteranceResult show = one("speaker-apparel", "show me red dresses");
    assertThat(show.slots()).containsEntry("colour", "red").containsEntry("category", "dresses");
    assertThat(show.actions()).containsExactly(new Action.ShowProducts("apparel",
        List.of("summer-wrap-dress", "evening-dress"), "Red dresses"));

    UtteranceResult forAnna = one("speaker-footwear", "what do you recommend for me");
    assertThat(forAnna.shopper()).isEqualTo("anna");
    assertThat(forAnna.reply()).startsWith("Anna, as you like running, I'd recommend the Trail Runner X");
    assertThat(one("speaker-apparel", "what do you recommend for me").reply()).startsWith("Our favourites right now");
  }

  @Test
  void speechOutsideTheGrammarIsReadFromTheParallelFreeFormRecognitionAndNotActedOn() throws Exception {
    UtteranceResult r = one("speaker-entrance", "what is the weather like tomorrow");
    assertThat(r.intent()).isEqualTo(Intent.OUT_OF_SCOPE);
    assertThat(r.freeFormText()).contains("weather");
    assertThat(r.actions()).isEmpty();
    assertThat(r.reply()).startsWith("Sorry, I can't help with that.");
  }

  @Test
  void silenceAndSteadyNoiseSayNothing() throws Exception {
    assertThat(HermesFrames.streamAndEnd(pipeline, "speaker-entrance", Speech.silence(7))).isEmpty();
    byte[] hum = new byte[7 * 32_000];
    Random rnd = new Random(5);
    for (int i = 0; i < hum.length; i += 2) {
      int s = (int) (rnd.nextGaussian() * 150);
      hum[i] = (byte) s;
      hum[i + 1] = (byte) (s >> 8);
    }
    assertThat(HermesFrames.streamAndEnd(pipeline, "speaker-entrance", hum)).isEmpty();
  }

  @Test
  void badAudioGetsAClearErrorAndTheStreamGoesOn() throws Exception {
    byte[] at22k = speech.wavAt("where can I find running shoes", 22_050);
    assertThatThrownBy(() -> TestSupport.await(pipeline.feedWav("speaker-footwear", at22k)))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageStartingWith("speaker 'speaker-footwear': WAV audio is 22050 Hz; the speaker needs 16000 Hz 16-bit "
            + "mono PCM");
    byte[] garbage = new byte[2048];
    new Random(11).nextBytes(garbage);
    assertThatThrownBy(() -> TestSupport.await(pipeline.feedWav("speaker-footwear", garbage)))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("speaker 'speaker-footwear': audio frame is not a WAV chunk");
    assertThatThrownBy(() -> TestSupport.await(pipeline.feedPcm("speaker-footwear", new byte[1001])))
        .hasMessageContaining("not whole 16-bit samples");
    assertThatThrownBy(() -> TestSupport.await(pipeline.feedWav("speaker-kitchen", WavChunk.wrap(new byte[64], 0, 64))))
        .isInstanceOf(VoiceException.class)
        .hasMessage("unknown speaker siteId 'speaker-kitchen' (known: speaker-apparel, speaker-cafe, speaker-entrance, "
            + "speaker-footwear)");
    // Raw garbage as PCM is just loud noise: no crash, no answer.
    byte[] noise = new byte[32_000 * 3];
    new Random(12).nextBytes(noise);
    assertThat(HermesFrames.streamAndEnd(pipeline, "speaker-footwear", noise)).isEmpty();

    UtteranceResult after = one("speaker-footwear", "where can I find running shoes");
    assertThat(after.intent()).isEqualTo(Intent.FIND_PRODUCT);
    assertThat(after.reply()).isEqualTo("You'll find running shoes right here in Footwear.");
  }

  @Test
  void aSpeakerTooFarBehindHasChunksRefused() throws Exception {
    try (VoicePipeline small = VoicePipeline.create(VoiceConfig.of(TestSupport.confDir(), SITES)
        .withMaxBacklog(Duration.ofSeconds(1)), TestSupport.model(), TestSupport.catalog())) {
      assertThatThrownBy(() -> TestSupport.await(small.feedPcm("speaker-cafe", Speech.silence(2))))
          .isInstanceOf(VoiceException.class)
          .hasMessageContaining("speaker 'speaker-cafe' is 0 ms of audio behind: chunk dropped");
      assertThat(TestSupport.await(small.feedPcm("speaker-cafe", Speech.silence(0.5)))).isEmpty();
      assertThat(small.stats().get("rejectedChunks")).isEqualTo(1);
    }
  }

  @Test
  void eventLoopCallersAreNeverBlockedAndAnswersComeBackOnTheirContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      byte[] pcm = say("where can I find sneakers");
      byte[] wav = WavChunk.wrap(pcm, 0, pcm.length);
      CompletableFuture<String> done = new CompletableFuture<>();
      Context ctx = vertx.getOrCreateContext();
      ctx.runOnContext(v -> {
        long t0 = System.nanoTime();
        pipeline.feedWav("speaker-apparel", wav).onComplete(ar -> {
          boolean sameContext = Vertx.currentContext() == ctx;
          done.complete(sameContext + " " + (ar.succeeded() ? ar.result().get(0).intent().id() : ar.cause()));
        });
        long callMs = (System.nanoTime() - t0) / 1_000_000;
        if (callMs > 50) {
          done.complete("feedWav blocked the event loop for " + callMs + " ms");
        }
      });
      assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo("true find-product");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aProductAddedToTheCatalogueBecomesSpeakable() throws Exception {
    ProductCatalog base = TestSupport.catalog();
    try (VoicePipeline own = VoicePipeline.create(VoiceConfig.of(TestSupport.confDir(), SITES)
        .withMaxBacklog(HermesFrames.FAST), TestSupport.model(), base)) {
      byte[] question = say("where can I find the velvet scarf");
      List<UtteranceResult> before = HermesFrames.streamAndEnd(own, "speaker-apparel", question);
      assertThat(before).noneMatch(r -> "velvet-scarf".equals(r.slots().get("product")));

      List<Product> products = new ArrayList<>(base.products());
      products.add(new Product("velvet-scarf", "Velvet Scarf", List.of(), "scarves", List.of("purple"),
          List.of("one size"), Map.of("one size", 4), new BigDecimal("29.00"), Map.of(), "checkout", List.of(), null));
      TestSupport.await(own.updateCatalogue(new ProductCatalog(base.currency(), products, base.zoneNames(),
          Map.of("checkout", "next to the exit on the right"), base.openingHours(), base.orderZone())));

      List<UtteranceResult> after = HermesFrames.streamAndEnd(own, "speaker-apparel", question);
      assertThat(after).hasSize(1);
      assertThat(after.get(0).slots()).containsEntry("product", "velvet-scarf").containsEntry("zone", "checkout");
      assertThat(after.get(0).reply()).isEqualTo("You'll find the Velvet Scarf in Checkout, next to the exit on the right.");
    }
  }
}
