package org.vitrine.hub.rules;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.vitrine.hub.catalog.Catalog;
import org.vitrine.hub.catalog.ContentItem;
import org.vitrine.hub.catalog.Playlist;
import org.vitrine.hub.catalog.Screen;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.StoreEvent;

/**
 * What a screen would show at a time if some shoppers stood in its zone (in the order given, the
 * first came first), and why: the rule that wins, or the playlist item, and for every rule of the
 * zone and shopper whether it matched and what it missed. Pure; caps are not applied.
 */
public final class Preview {

  /** {@code kind}: rule or playlist (content null when the zone has no playlist). */
  public record Shown(String kind, String content, String title, String rule, String shopper, Integer priority, String why) {
  }

  public record Considered(String rule, String shopper, boolean matched, List<String> reasons) {
  }

  public record Result(String screen, String zone, Shown shows, List<Considered> considered, String note) {
  }

  static final String NOTE = "Caps are not applied (a shopper who already saw a rule's content may not see it again); "
      + "shoppers are taken as checked in and as having stood long enough for dwell rules; "
      + "rules that only say, send or notify are listed but show nothing.";

  private Preview() {
  }

  /**
   * @param book the rule set to try (draft or live)
   * @param screen a screen id of {@code catalog}
   * @param shoppers shopper ids standing in the screen's zone, first arrival first (unknown ids count as anonymous)
   * @param at epoch millis
   */
  public static Result of(Catalog catalog, RuleBook book, String screen, List<String> shoppers, long at) {
    Screen s = catalog.screen(screen).orElseThrow(() -> new IllegalArgumentException("unknown screen '" + screen + "'"));
    String zone = s.zone();
    ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(at), catalog.timezone());
    List<Considered> considered = new ArrayList<>();
    List<Arbiter.Candidate> winners = new ArrayList<>();
    List<String> people = shoppers == null ? List.of() : shoppers;
    for (int i = 0; i < people.size(); i++) {
      String shopper = people.get(i);
      ShopperProfile p = catalog.shopper(shopper).orElse(null);
      RuleEngine.Facts f = new RuleEngine.Facts(p, p == null || p.visits() == null ? 0 : p.visits(),
          p == null ? null : Boolean.TRUE, people.size(), now);
      for (Rule r : book.all()) {
        String event = r.eventOrDefault();
        if (!r.zonesOrEmpty().contains(zone) || !(Rule.ENTER.equals(event) || Rule.DWELL.equals(event))) {
          continue;
        }
        StoreEvent e = Rule.DWELL.equals(event) && r.when().seconds() != null
            ? RuleEngine.dwell(zone, shopper, null, r.when().seconds(), at, null)
            : new StoreEvent(event, zone, shopper, null, null, null, null, null, at, null);
        List<String> reasons = new ArrayList<>(RuleEngine.explain(r, e, f));
        if (reasons.isEmpty()) {
          if (!r.shows()) {
            reasons.add("shows nothing (only " + effectsOf(r) + ")");
          } else if (!Targets.of(r, catalog, zone, null, null).contains(screen)) {
            reasons.add("shows on " + String.join(", ", Targets.of(r, catalog, zone, null, null)) + ", not on this screen");
          } else if (catalog.content(r.then().show()).isEmpty()) {
            reasons.add("its content '" + r.then().show() + "' does not exist");
          }
        }
        boolean matched = reasons.isEmpty();
        if (matched) {
          winners.add(new Arbiter.Candidate(shopper, i, r));
        }
        considered.add(new Considered(r.id(), shopper, matched, reasons));
      }
    }
    winners.sort(Arbiter.ORDER);
    Shown shows;
    if (!winners.isEmpty()) {
      Arbiter.Candidate best = winners.get(0);
      Rule r = best.rule();
      ContentItem c = catalog.content(r.then().show()).orElse(null);
      String who = catalog.shopper(best.shopper()).map(p -> p.name() == null ? p.id() : p.name()).orElse(best.shopper());
      String why = "rule " + r.id() + " for " + who + " (priority " + r.priorityOrZero() + ")"
          + (winners.size() > 1 ? ", the best of " + winners.size() + " matches" + tieBreak(winners) : "");
      shows = new Shown("rule", r.then().show(), c == null ? null : c.title(), r.id(), best.shopper(), r.priorityOrZero(), why);
    } else {
      shows = playlist(catalog, zone, now, people.isEmpty() ? "nobody stands in front of it"
          : "no rule matches anyone standing there for this screen");
    }
    return new Result(screen, zone, shows, considered, NOTE);
  }

  private static String tieBreak(List<Arbiter.Candidate> winners) {
    Arbiter.Candidate a = winners.get(0);
    Arbiter.Candidate b = winners.get(1);
    if (a.rule().priorityOrZero() != b.rule().priorityOrZero()) {
      return "";
    }
    return a.since() != b.since() ? " (same priority: who came first wins)" : " (same priority and shopper: rule id order)";
  }

  /** The playlist item running at {@code now}, taking the loop as started at midnight (the player's real position is unknown). */
  static Shown playlist(Catalog catalog, String zone, ZonedDateTime now, String because) {
    Playlist p = catalog.playlist(zone).orElse(null);
    List<Playlist.Item> items = p == null ? List.of() : p.itemsAt(now);
    if (items.isEmpty()) {
      return new Shown("playlist", null, null, null, null, 0, because + "; the zone has no playlist");
    }
    long loop = items.stream().mapToLong(i -> Math.max(1, i.seconds())).sum();
    long t = now.toLocalTime().toSecondOfDay() % loop;
    Playlist.Item item = items.get(0);
    for (Playlist.Item i : items) {
      if (t < Math.max(1, i.seconds())) {
        item = i;
        break;
      }
      t -= Math.max(1, i.seconds());
    }
    ContentItem c = catalog.content(item.content()).orElse(null);
    String daypart = p.daypartAt(now);
    return new Shown("playlist", item.content(), c == null ? null : c.title(), null, null, 0,
        because + "; the zone playlist plays" + (daypart == null ? "" : " (daypart " + daypart + ")")
            + ", one of " + items.size() + " items");
  }

  private static String effectsOf(Rule r) {
    List<String> e = new ArrayList<>();
    if (r.then() != null && r.then().say() != null) {
      e.add("says");
    }
    if (r.then() != null && r.then().mqtt() != null) {
      e.add("sends to a device");
    }
    if (r.then() != null && r.then().notice() != null) {
      e.add("notifies staff");
    }
    return String.join(", ", e);
  }
}
