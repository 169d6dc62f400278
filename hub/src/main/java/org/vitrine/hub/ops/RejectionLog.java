package org.vitrine.hub.ops;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Rejection logging that a flood cannot turn into a flood of log lines: the first rejection of a
 * kind from a source in a window is logged as it is; the rest of that window are counted and told
 * in one summary line ("… and 4,211 more from 10.0.0.9 in 60 s") when the window ends. Sources and
 * messages are client text: they are escaped ({@link LogText}).
 */
public final class RejectionLog {

  private static final int MAX_KEYS = 10_000;

  private static final class Window {
    final long start;
    long suppressed;

    Window(long start) {
      this.start = start;
    }
  }

  private final Logger log;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public RejectionLog(Logger log, long windowMillis, LongSupplier clock) {
    this.log = log;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  public RejectionLog(Logger log) {
    this(log, 60_000, System::currentTimeMillis);
  }

  /** A WARN for the first {@code code} from {@code source} in the window; later ones are only counted. */
  public void warn(String source, String code, String message) {
    long now = clock.getAsLong();
    String key = source + "\n" + code;
    Window w = windows.get(key);
    if (w != null && now - w.start < windowMillis) {
      synchronized (w) {
        w.suppressed++;
      }
      return;
    }
    if (w != null) {
      summarise(key, w, now);
    }
    if (windows.size() >= MAX_KEYS) {
      flushAll();
    }
    windows.put(key, new Window(now));
    log.warn("{} from {}: {}", code, LogText.safe(source), LogText.safe(message));
  }

  /** Writes the summaries of windows that have ended (call it periodically). */
  public void flush() {
    flush(false);
  }

  /** Writes every summary now, ended or not (at stop, or when too many sources are tracked). */
  public void flushAll() {
    flush(true);
  }

  private void flush(boolean all) {
    long now = clock.getAsLong();
    for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
      Map.Entry<String, Window> e = it.next();
      if (all || now - e.getValue().start >= windowMillis) {
        summarise(e.getKey(), e.getValue(), now);
        it.remove();
      }
    }
  }

  private void summarise(String key, Window w, long now) {
    if (w.suppressed > 0) {
      int nl = key.indexOf('\n');
      log.warn("{} from {}: {} more in the last {} s (not logged one by one)", key.substring(nl + 1),
          LogText.safe(key.substring(0, nl)), w.suppressed, Math.max(1, (now - w.start + 999) / 1000));
    }
  }
}
