package org.vitrine.hub.analytics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is in which zone from when to when, for dwell times and audiences (pure, no I/O, no clock).
 * A visit lasts from the first to the last sighting of a person in a zone (hub receive times).
 * A person is a recognised shopper ({@code s:<id>}) or an anonymous camera track
 * ({@code t:<camera>/<track>}). Finished visits are kept for {@code keepMillis} so a play reported
 * after it ended still finds the people who stood there. Memory only: nothing here reaches Redis.
 */
final class Visits {

  /** A visit of {@code person} to {@code zone}; {@code lastSeen} grows while it is open. */
  static final class Visit {
    final String person;
    final String zone;
    final long since;
    final boolean anonymous;
    long lastSeen;

    Visit(String person, String zone, long since, boolean anonymous) {
      this.person = person;
      this.zone = zone;
      this.since = since;
      this.anonymous = anonymous;
      this.lastSeen = since;
    }

    long millis() {
      return Math.max(0, lastSeen - since);
    }
  }

  private final long keepMillis;
  private final Map<String, Visit> open = new HashMap<>();
  private final Map<String, Deque<Visit>> finished = new HashMap<>();

  Visits(long keepMillis) {
    this.keepMillis = keepMillis;
  }

  Optional<Visit> openVisit(String person) {
    return Optional.ofNullable(open.get(person));
  }

  void start(String person, String zone, long at, boolean anonymous) {
    open.put(person, new Visit(person, zone, at, anonymous));
  }

  /** A sighting of an open visit's person in its zone moves its end; elsewhere it changes nothing. */
  void seen(String person, String zone, long at) {
    Visit v = open.get(person);
    if (v != null && v.zone.equals(zone)) {
      v.lastSeen = Math.max(v.lastSeen, at);
    }
  }

  /** Ends the person's visit (whatever zone): returns it, kept for audiences. */
  Optional<Visit> end(String person) {
    Visit v = open.remove(person);
    if (v != null) {
      finished.computeIfAbsent(v.zone, z -> new ArrayDeque<>()).addLast(v);
    }
    return Optional.ofNullable(v);
  }

  /** Ends the anonymous visits unseen for longer than {@code silenceMillis}. */
  List<Visit> endSilent(long now, long silenceMillis) {
    List<String> silent = new ArrayList<>();
    open.values().forEach(v -> {
      if (v.anonymous && now - v.lastSeen > silenceMillis) {
        silent.add(v.person);
      }
    });
    List<Visit> ended = new ArrayList<>();
    silent.forEach(p -> end(p).ifPresent(ended::add));
    prune(now);
    return ended;
  }

  /**
   * The audience of a play in {@code zone} from {@code from} to {@code to}: the distinct people
   * whose visit there (first to last sighting) overlaps that time.
   */
  int audience(String zone, long from, long to) {
    Set<String> people = new HashSet<>();
    open.values().forEach(v -> {
      if (v.zone.equals(zone) && v.since <= to && v.lastSeen >= from) {
        people.add(v.person);
      }
    });
    for (Visit v : finished.getOrDefault(zone, new ArrayDeque<>())) {
      if (v.since <= to && v.lastSeen >= from) {
        people.add(v.person);
      }
    }
    return people.size();
  }

  /** Erasure: the person's visits are dropped, open or finished, without a dwell time. */
  void forget(String person) {
    open.remove(person);
    finished.values().forEach(d -> d.removeIf(v -> v.person.equals(person)));
  }

  private void prune(long now) {
    for (Deque<Visit> d : finished.values()) {
      for (Iterator<Visit> it = d.iterator(); it.hasNext(); ) {
        if (it.next().lastSeen < now - keepMillis) {
          it.remove();
        } else {
          break; // kept in the order they ended: the rest is newer (close enough for pruning)
        }
      }
    }
  }
}
