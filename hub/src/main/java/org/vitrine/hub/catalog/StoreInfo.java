package org.vitrine.hub.catalog;

/** Name and timezone of the store (time-of-day rules use the timezone). */
public record StoreInfo(String name, String timezone) {
}
