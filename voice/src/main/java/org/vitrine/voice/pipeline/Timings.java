package org.vitrine.voice.pipeline;

/**
 * Where the time of one utterance went. End of speech to result, the latency a shopper feels, is
 * trailingSilenceMs (silence waited for the endpoint) + queuedMs + endpointToResultMs.
 *
 * @param audioMs length of the utterance's audio
 * @param grammarMs CPU time in the grammar recognizer for this utterance
 * @param freeFormMs CPU time in the free-form recognizer for this utterance (fed the same audio alongside)
 * @param understandMs reading + reply
 * @param endpointToResultMs from the endpoint being detected to the result being ready
 * @param trailingSilenceMs audio after the last word before the endpoint fired
 * @param queuedMs how long the audio chunk that ended the utterance waited for a worker
 * @param realTimeFactor (grammar + free-form) / audio
 */
public record Timings(double audioMs, double grammarMs, double freeFormMs, double understandMs,
    double endpointToResultMs, double trailingSilenceMs, double queuedMs, double realTimeFactor) {

  public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0, 0, 0);
}
