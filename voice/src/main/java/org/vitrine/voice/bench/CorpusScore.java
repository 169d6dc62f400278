package org.vitrine.voice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitrine.voice.catalog.Product;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.dialogue.Action;
import org.vitrine.voice.pipeline.UtteranceResult;

/**
 * How a corpus outcome scores against its label.
 * <ul>
 *   <li>intent right: exactly one result, with the labelled intent (out-of-scope must be classed
 *       out-of-scope; "did not catch that" counts as wrong, see {@link #noActionForOutOfScope});</li>
 *   <li>intent and slots right: also the slots as heard equal the labelled ones, no more, no fewer;</li>
 *   <li>harmful: an action the label does not ask for: products or directions for anything but the
 *       labelled thing (any at all for out-of-scope), an order placed except by "that's all"/"yes"
 *       to a waiting order, staff called except for call-assistant.</li>
 * </ul>
 */
public final class CorpusScore {

  /** The slot keys the corpus labels; the speaker's own extras (a product's zone) are not compared. */
  static final Set<String> LABELLED = Set.of("product", "category", "drink", "colour", "size", "quantity", "zone",
      "facility");

  private final ProductCatalog catalog;

  public CorpusScore(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  public boolean intentRight(CorpusRun.Outcome o) {
    return o.results().size() == 1 && o.results().get(0).intent().id().equals(o.row().intent());
  }

  public boolean slotsRight(CorpusRun.Outcome o) {
    if (!intentRight(o)) {
      return false;
    }
    Map<String, String> heard = new LinkedHashMap<>();
    o.results().get(0).heardSlots().forEach((k, v) -> {
      if (LABELLED.contains(k)) {
        heard.put(k, v);
      }
    });
    return heard.equals(o.row().slots());
  }

  /** Out-of-scope rows: nothing done, whether classed out of scope or not caught. */
  public boolean noActionForOutOfScope(CorpusRun.Outcome o) {
    return o.results().stream().allMatch(r -> r.actions().isEmpty());
  }

  public List<Action> harmful(CorpusRun.Outcome o) {
    List<Action> bad = new ArrayList<>();
    for (UtteranceResult r : o.results()) {
      for (Action a : r.actions()) {
        if (!justified(o.row(), a)) {
          bad.add(a);
        }
      }
    }
    return bad;
  }

  boolean justified(Corpus.Row row, Action a) {
    String intent = row.intent();
    Map<String, String> slots = row.slots();
    if (a instanceof Action.PlaceOrder) {
      return (intent.equals("order-done") || intent.equals("affirm")) && !row.context().equals("none");
    }
    if (a instanceof Action.CallAssistant) {
      return intent.equals("call-assistant");
    }
    if (a instanceof Action.ShowProducts show) {
      if (intent.equals("recommend")) {
        return true;
      }
      return (intent.equals("show-products") || intent.equals("find-product"))
          && show.products().stream().allMatch(id -> fits(id, slots));
    }
    if (a instanceof Action.ShowDirections way) {
      if (!(intent.equals("find-product") || intent.equals("find-facility") || intent.equals("show-products"))) {
        return false;
      }
      String zone = expectedZone(slots);
      return zone == null || zone.equals(way.toZone());
    }
    return false;
  }

  /** A product shown fits the label: the labelled product, or of the labelled category and colour. */
  private boolean fits(String id, Map<String, String> slots) {
    Product p = catalog.product(id).orElse(null);
    if (p == null) {
      return false;
    }
    if (slots.containsKey("product")) {
      return slots.get("product").equals(id);
    }
    return (!slots.containsKey("category") || slots.get("category").equals(p.category()))
        && (!slots.containsKey("colour") || p.hasColour(slots.get("colour")));
  }

  private String expectedZone(Map<String, String> slots) {
    if (slots.containsKey("product")) {
      return catalog.product(slots.get("product")).map(Product::zone).orElse(null);
    }
    if (slots.containsKey("category")) {
      List<String> zones = catalog.zonesOf(slots.get("category"));
      return zones.isEmpty() ? null : zones.get(0);
    }
    if (slots.containsKey("facility")) {
      return catalog.facility(slots.get("facility")).map(f -> f.zone()).orElse(null);
    }
    return slots.get("zone");
  }
}
