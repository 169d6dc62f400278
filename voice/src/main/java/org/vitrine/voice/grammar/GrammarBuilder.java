package org.vitrine.voice.grammar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.intent.Phrasings;

/**
 * Builds the Vosk grammar from the intents' phrasings expanded with the catalogue, at run time, so a
 * product added to conf/products.yaml is speakable once the grammar is rebuilt. Vosk turns the
 * phrases into a small bigram model, so combinations of known phrases are heard too.
 */
public final class GrammarBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(GrammarBuilder.class);
  /** Lets speech outside the grammar come out as [unk] instead of the nearest store phrase. */
  public static final String UNKNOWN = "[unk]";
  private static final ObjectMapper JSON = new ObjectMapper();

  private GrammarBuilder() {
  }

  /**
   * @param knowsWord the model's vocabulary (VoskModel::knowsWord); phrases with other words are left
   *     out and the words reported, since Vosk would drop the words and mishear the phrase
   */
  public static Grammar build(ProductCatalog catalog, Predicate<String> knowsWord) {
    return build(catalog, knowsWord, Integer.getInteger("vitrine.voice.grammarBalance", BALANCE));
  }

  /**
   * Vosk estimates its bigram model from the phrase list, so a template with many expansions
   * ("do you have the {product} in size {size}") would drown a short one ("do you have these in size
   * {size}": "these" then loses to "the"). Phrases of small templates are repeated so each template
   * weighs about {@code balance} phrases; 0 turns this off.
   */
  static final int BALANCE = 30;

  public static Grammar build(ProductCatalog catalog, Predicate<String> knowsWord, int balance) {
    Set<String> phrases = new LinkedHashSet<>();
    List<String> weighted = new ArrayList<>();
    Map<String, Boolean> known = new LinkedHashMap<>();
    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    for (Phrasings.Phrasing ph : Phrasings.ALL) {
      List<String> texts = new ArrayList<>();
      for (Phrasings.Expansion e : Phrasings.expand(catalog, ph)) {
        boolean ok = true;
        for (String w : e.text().split(" ")) {
          if (!known.computeIfAbsent(w, knowsWord::test)) {
            unknown.computeIfAbsent(w, k -> new TreeSet<>()).add(e.text());
            ok = false;
          }
        }
        if (ok) {
          texts.add(e.text());
        }
      }
      int repeat = balance <= 0 || texts.isEmpty() ? 1 : Math.max(1, Math.round(balance / (float) texts.size()));
      for (int i = 0; i < repeat; i++) {
        weighted.addAll(texts);
      }
      phrases.addAll(texts);
    }
    if (!unknown.isEmpty()) {
      LOG.warn("words not in the speech model's vocabulary, phrases with them cannot be heard: {}", unknown.keySet());
    }
    List<String> list = new ArrayList<>(phrases);
    list.add(UNKNOWN);
    weighted.add(UNKNOWN);
    try {
      return new Grammar(List.copyOf(list), JSON.writeValueAsString(weighted), unknown);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
