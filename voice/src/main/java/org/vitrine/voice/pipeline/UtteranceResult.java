package org.vitrine.voice.pipeline;

import java.util.List;
import java.util.Map;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.intent.Intent;

/**
 * One understood utterance of one speaker: what was heard, what it means, what to answer and do.
 *
 * @param source "grammar" or "free-form": which recognizer's text was used
 * @param grammarText the grammar recognizer's text ("" in free-form mode), kept for diagnosis
 * @param endedBy "silence" (our endpointer: the hangover after a complete request), "long-silence" (the
 *     longer hangover: the words were not a complete request yet), "vosk-endpoint" (Vosk's own
 *     endpointing came first) or "stream-end" (endOfStream was called mid-utterance)
 */
public record UtteranceResult(String siteId, String zone, String text, String source, String grammarText,
    Intent intent, Map<String, String> slots, String reply, List<Action> actions, String shopper, String endedBy,
    Timings timings) {
}
