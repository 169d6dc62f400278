package org.vitrine.voice.pipeline;

/**
 * Where the time of one utterance went. End of speech to result, the latency a shopper feels, is
 * trailingSilenceMs (Vosk waiting for silence) + queuedMs + endpointToResultMs.
 *
 * @param audioMs length of the utterance's audio
 * @param recognitionMs CPU time in the primary recognizer for this utterance
 * @param fallbackMs time re-recognising free-form (0 if the grammar was enough)
 * @param understandMs parse + reply
 * @param endpointToResultMs from the endpoint being detected to the result being ready
 * @param trailingSilenceMs audio after the last word before the endpoint fired
 * @param queuedMs how long the audio chunk that ended the utterance waited for a worker
 * @param realTimeFactor (recognition + fallback) / audio
 */
public record Timings(double audioMs, double recognitionMs, double fallbackMs, double understandMs,
    double endpointToResultMs, double trailingSilenceMs, double queuedMs, double realTimeFactor) {
}
