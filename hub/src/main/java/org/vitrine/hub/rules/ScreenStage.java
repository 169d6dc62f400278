package org.vitrine.hub.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one screen shows now and what waits to play after it. Pure and single-threaded: the live
 * director touches it only inside the zone's queue, replay only in its loop.
 */
public final class ScreenStage {

  /** A screen holds at most this many queued plays: a long queue would show stale offers. */
  public static final int MAX_QUEUE = 3;

  public enum Offer { PLAY, QUEUE, REFUSE }

  /** A queued play, decided (and counted against its caps) but not started yet. */
  public record Pending(Rule rule, String shopper, boolean bound, String trace, EffectsOnce effects) {
  }

  /** Side effects of one decision fire once, even if it is queued on several screens. */
  public static final class EffectsOnce {
    private boolean fired;

    /** True the first time only. */
    public boolean claim() {
      if (fired) {
        return false;
      }
      fired = true;
      return true;
    }
  }

  private final String screen;
  private final String zone;
  private Showing current;
  private final Deque<Pending> queue = new ArrayDeque<>();

  public ScreenStage(String screen, String zone) {
    this.screen = screen;
    this.zone = zone;
  }

  public String screen() {
    return screen;
  }

  public String zone() {
    return zone;
  }

  public Showing current() {
    return current;
  }

  public int queued() {
    return queue.size();
  }

  /** Would this screen take a play of {@code priority} now, after what plays, or not at all? */
  public Offer offer(Rule rule, String shopper) {
    if (current == null) {
      return Offer.PLAY;
    }
    if (rule.then().queues()) {
      boolean already = rule.id().equals(current.rule()) && java.util.Objects.equals(shopper, current.shopper())
          || queue.stream().anyMatch(p -> p.rule().id().equals(rule.id()) && java.util.Objects.equals(shopper, p.shopper()));
      return queue.size() < MAX_QUEUE && !already ? Offer.QUEUE : Offer.REFUSE;
    }
    // interrupt: only a strictly higher priority pre-empts
    return rule.priorityOrZero() > current.priority() ? Offer.PLAY : Offer.REFUSE;
  }

  public void show(Showing s) {
    current = s;
  }

  /** Back to the playlist; returns what played. */
  public Showing clear() {
    Showing was = current;
    current = null;
    return was;
  }

  public void enqueue(Pending p) {
    queue.addLast(p);
  }

  /** The next queued play still worth showing: plays for shoppers who left are dropped. */
  public Pending nextQueued(Predicate<String> present) {
    while (!queue.isEmpty()) {
      Pending p = queue.pollFirst();
      if (!p.bound() || present.test(p.shopper())) {
        return p;
      }
    }
    return null;
  }

  /** Drops queued plays that match (an erased shopper, removed content). */
  public List<Pending> dropQueued(Predicate<Pending> which) {
    List<Pending> dropped = new ArrayList<>();
    queue.removeIf(p -> {
      if (which.test(p)) {
        dropped.add(p);
        return true;
      }
      return false;
    });
    return dropped;
  }
}
