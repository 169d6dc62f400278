package org.vitrine.hub.events;

/** Something happened in the store that rules may react to and the event log keeps. {@code type}: enter, leave, dwell, touch, pickup, checkin, voice. Fields that do not apply are null. */
public record StoreEvent(String type, String zone, String shopper, String device, String screen, String intent, String product, java.util.Map<String, String> slots, long at, String trace) {
}
