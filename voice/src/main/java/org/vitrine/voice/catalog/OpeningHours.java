package org.vitrine.voice.catalog;

/** One line of opening hours: days as spoken ("Monday to Saturday"), times as HH:mm. */
public record OpeningHours(String days, String open, String close) {
}
