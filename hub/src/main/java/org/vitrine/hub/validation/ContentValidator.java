package org.vitrine.hub.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.vitrine.hub.catalog.ContentItem;

/** What makes a content item acceptable, in conf and in the console. */
public final class ContentValidator {

  private ContentValidator() {
  }

  public static List<Problem> check(ContentItem item, Source source) {
    List<Problem> p = new ArrayList<>();
    Fields.id(p, "id", item.id());
    Fields.text(p, "title", item.title(), 120, true);
    Fields.text(p, "greeting", item.greeting(), 120, false);
    if (item.type() == null || !ContentItem.TYPES.contains(item.type())) {
      p.add(new Problem("type", "must be one of " + new TreeSet<>(ContentItem.TYPES) + ", got '" + item.type() + "'"));
      return p;
    }
    switch (item.type()) {
      case "image", "video" -> {
        if (Fields.blank(item.src())) {
          p.add(new Problem("src", "required for type " + item.type() + " (upload a file or give a URL)"));
        }
      }
      case "html" -> {
        // conf names one of them; the console's editor may send both (the page wins)
        if (source == Source.CONF && Fields.blank(item.src()) == Fields.blank(item.html())) {
          p.add(new Problem("", "type html needs exactly one of src or html"));
        } else if (Fields.blank(item.src()) && Fields.blank(item.html())) {
          p.add(new Problem("html", "give html or src"));
        }
      }
      default -> {
        if (item.product() == null || Fields.blank(item.product().name())) {
          p.add(new Problem("product.name", "required for type product-card"));
        } else if (item.product().price() != null && item.product().price() < 0) {
          p.add(new Problem("product.price", "must not be negative"));
        }
      }
    }
    if (!Fields.blank(item.src()) && !(item.src().startsWith("/") || item.src().matches("https?://\\S+"))) {
      p.add(new Problem("src", "must be a path on the hub (/uploads/..., /media/...) or an http(s) URL"));
    }
    return p;
  }
}
