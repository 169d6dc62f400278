package org.vitrine.hub.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The Redis keys of the pre-aggregated analytics: one small hash per store-local day and topic
 * (footfall, dwell, journeys, plays, engagement, conversion) and HyperLogLogs of unique visitors
 * per day and zone. A range query reads one key per day and topic, however busy the store was.
 * None of them holds a shopper id (recognised shoppers enter the HyperLogLogs as salted hashes).
 */
public final class StatsKeys {

  public static final String FOOTFALL = "footfall";
  public static final String DWELL = "dwell";
  public static final String JOURNEYS = "journeys";
  public static final String PLAYS = "plays";
  public static final String ENGAGEMENT = "engagement";
  public static final String CONVERSION = "conversion";
  /** Field separator inside the hashes (ids are [a-z0-9-], never contain it). */
  public static final String SEP = "|";
  /** Where a journey starts (came into the store) or ends (left the store). */
  public static final String OUTSIDE = "-";

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private StatsKeys() {
  }

  /** {@code vitrine:stats:<yyyyMMdd>:<topic>}: a hash of counters of one store-local day. */
  public static String day(LocalDate day, String topic) {
    return "vitrine:stats:" + DAY.format(day) + ":" + topic;
  }

  /** HyperLogLog of the salted hashes of the recognised shoppers seen in {@code zone} that day; zone null = the whole store. */
  public static String recognised(LocalDate day, String zone) {
    return "vitrine:stats:" + DAY.format(day) + ":known" + (zone == null ? "" : ":" + zone);
  }

  /** HyperLogLog of the anonymous tracks (camera + track id) seen in {@code zone} that day. */
  public static String anonymous(LocalDate day, String zone) {
    return "vitrine:stats:" + DAY.format(day) + ":anon:" + zone;
  }

  /** Where the salt of the shopper hashes is kept (made once per store). */
  public static final String SALT = "vitrine:stats:salt";

  /** The store-local day of an instant. */
  public static LocalDate dayOf(long epochMillis, ZoneId tz) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), tz);
  }

  /** The store-local hour (0..23) of an instant. */
  public static int hourOf(long epochMillis, ZoneId tz) {
    return ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), tz).getHour();
  }

  public static String field(Object... parts) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      if (sb.length() > 0) {
        sb.append(SEP);
      }
      sb.append(p == null ? "" : p);
    }
    return sb.toString();
  }
}
