package org.vitrine.voice.pipeline;

import java.util.List;
import java.util.Map;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.intent.Intent;

/**
 * One understood utterance of one speaker: what was heard, what it means, how sure that is, what to
 * answer and do.
 *
 * @param text the words the meaning was read from
 * @param source "grammar", "free-form", "both" (the two readings agreed) or "none" (not understood)
 * @param grammarText the grammar recognizer's text ("" in free-form mode), kept for diagnosis
 * @param freeFormText the free-form recognizer's text ("" in grammar-only mode), kept for diagnosis
 * @param intent UNKNOWN when the speaker did not understand well enough to act (it says so); OUT_OF_SCOPE
 *     when it understood a request the store does not serve
 * @param heardSlots the slots as said ("drink=latte, quantity=2"), before the dialogue filled anything in
 * @param slots the slots after the dialogue applied context and defaults (a product's zone, a default size)
 * @param confidence 0..1: how sure the reading is (see intent.Interpreter); below Responder.ACT nothing is done
 * @param awaitsAnswer the reply asked a question ("…, is that right?"): the dialogue goes on
 * @param endedBy "silence" (our endpointer: the hangover after a complete request), "long-silence" (the
 *     longer hangover: the words were not a complete request yet), "vosk-endpoint" (Vosk's own
 *     endpointing came first), "stream-end" (endOfStream was called mid-utterance) or "no-answer"
 *     (nothing was said after a question)
 */
public record UtteranceResult(String siteId, String zone, String text, String source, String grammarText,
    String freeFormText, Intent intent, Map<String, String> heardSlots, Map<String, String> slots, double confidence,
    String reply, List<Action> actions, boolean awaitsAnswer, String shopper, String endedBy, Timings timings) {
}
