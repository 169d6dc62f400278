package org.vitrine.hub.events;

import java.util.List;
import java.util.Map;

/**
 * A shopper said something to a speaker and it was understood: the store event of a voice intent
 * (rule trigger, event log). {@code actions} names what the hub did about it
 * ({@code show-products}, {@code show-directions}, {@code place-order}, {@code call-assistant}).
 */
public record VoiceIntent(String siteId, String zone, String sessionId, String text, String intent, Map<String, String> slots,
    String reply, String shopper, List<String> actions, long at) {
}
